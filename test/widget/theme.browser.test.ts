/**
 * WCAG AA contrast of the widget's colour tokens, measured as Chromium resolves them, in the
 * light and the dark scheme: 4.5:1 for text, 3:1 for borders of controls (WCAG 1.4.11). The
 * darkest heat-map shade is measured too, since cell numbers sit on it.
 */
import { describe, expect, test } from 'vitest';
import { MAX_SHADE } from '../../widget/charts/heat-map.ts';
import { SERVER, useFakeApi } from './support/fake-api.ts';
import { mount, until } from './support/dom.ts';

useFakeApi();

type Rgb = [number, number, number];

function parseColor(text: string): Rgb {
  const srgb = /color\(srgb ([\d.]+) ([\d.]+) ([\d.]+)/.exec(text);
  if (srgb) return [Number(srgb[1]) * 255, Number(srgb[2]) * 255, Number(srgb[3]) * 255];
  const rgb = /rgba?\(([\d.]+),? ([\d.]+),? ([\d.]+)/.exec(text);
  if (rgb) return [Number(rgb[1]), Number(rgb[2]), Number(rgb[3])];
  throw new Error(`cannot read colour ${text}`);
}

function luminance([r, g, b]: Rgb): number {
  const channel = (value: number) => {
    const c = value / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
}

function contrast(a: Rgb, b: Rgb): number {
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (light + 0.05) / (dark + 0.05);
}

/** Resolves a CSS colour expression inside the widget's shadow root. */
function resolver(widget: HTMLElement) {
  const probe = document.createElement('div');
  widget.shadowRoot!.append(probe);
  return (expression: string): Rgb => {
    probe.style.color = expression;
    return parseColor(getComputedStyle(probe).color);
  };
}

const TEXT_PAIRS: [string, string][] = [
  ['--dm-fg', '--dm-bg'],
  ['--dm-fg', '--dm-surface'],
  ['--dm-muted', '--dm-bg'],
  ['--dm-muted', '--dm-surface'],
  ['--dm-accent', '--dm-bg'],
  ['--dm-accent', '--dm-surface'],
  ['--dm-on-accent', '--dm-accent'],
  ['--dm-danger', '--dm-bg'],
  ['--dm-danger', '--dm-surface'],
  ['--dm-success', '--dm-bg'],
];

const UI_PAIRS: [string, string][] = [
  ['--dm-border', '--dm-bg'],
  ['--dm-focus', '--dm-bg'],
  ['--dm-accent', '--dm-bar-places'],
];

describe.each(['light', 'dark'])('%s theme', (theme) => {
  test('text and controls pass WCAG AA', async () => {
    const widget = mount({ server: SERVER, round: 'kostanay-2026-autumn', lang: 'en', theme });
    await until(() => widget.shadowRoot);
    const color = resolver(widget);
    const failures: string[] = [];
    for (const [pairs, minimum] of [
      [TEXT_PAIRS, 4.5],
      [UI_PAIRS, 3],
    ] as const) {
      for (const [fg, bg] of pairs) {
        const ratio = contrast(color(`var(${fg})`), color(`var(${bg})`));
        if (ratio < minimum) failures.push(`${fg} on ${bg}: ${ratio.toFixed(2)}`);
      }
    }
    const darkestShade = color(`color-mix(in srgb, var(--dm-heat-high) ${MAX_SHADE}%, var(--dm-bg))`);
    const onShade = contrast(color('var(--dm-fg)'), darkestShade);
    if (onShade < 4.5) failures.push(`--dm-fg on the darkest heat shade: ${onShade.toFixed(2)}`);
    expect(failures).toEqual([]);
  });
});
