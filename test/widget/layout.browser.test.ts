/**
 * Every view in a 320 px sidebar and on a wide page, light and dark: nothing may push the
 * widget wider than its box (wide tables scroll inside their own container). Screenshots go
 * to test-artifacts/widget/ for a person to look at.
 */
import { describe, expect, test } from 'vitest';
import { page } from 'vitest/browser';
import { SERVER, useFakeApi } from './support/fake-api.ts';
import { find, mount, until } from './support/dom.ts';

const VIEWS = ['summary', 'shortage', 'results', 'lookup', 'office', 'offers'] as const;
/** The tabs only a key holder has, with the mode that has them. */
const STAFF_MODES: Partial<Record<(typeof VIEWS)[number], string>> = { office: 'office', offers: 'enterprise' };
const WIDTHS = [320, 1100];

useFakeApi({ students: 300 });

describe.each(['light', 'dark'])('%s', (theme) => {
  test.each(WIDTHS.flatMap((width) => VIEWS.map((view) => [view, width] as const)))('%s at %i px', async (view, width) => {
    await page.viewport(width, 900);
    document.body.style.margin = '0';
    document.body.style.background = theme === 'dark' ? '#0d1117' : '#ffffff';
    document.body.style.fontFamily = 'Georgia, serif';
    const mode = STAFF_MODES[view];
    const widget = mount({ server: SERVER, round: 'kostanay-2026-autumn', lang: 'kk', view, theme, mode: mode ?? 'public' }, mode ? { apiKey: 'dmk_staff' } : {});
    widget.style.padding = '12px';
    const tag = `dual-match-${view}`;
    await until(() => find(widget, tag)?.shadowRoot?.childElementCount);
    if (view === 'results') await until(() => find(widget, tag, 'dual-match-results-table', 'tbody tr.result-row td button'));
    if (view === 'office') await until(() => find(widget, tag, 'dual-match-runs', 'table'));
    if (view === 'offers') await until(() => find(widget, tag, 'table'));
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(widget.scrollWidth, 'the widget is wider than its box').toBeLessThanOrEqual(widget.clientWidth);
    // The page's font reaches inside.
    expect(getComputedStyle(find(widget, '[role=tab]')!).fontFamily).toContain('Georgia');
    await page.screenshot({ path: `../../test-artifacts/widget/${view}-${width}-${theme}.png`, element: widget });
  });
});
