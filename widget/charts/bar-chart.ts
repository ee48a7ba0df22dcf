/**
 * A horizontal bar chart of placements per group (specialty or region), drawn as Lit SVG
 * templates: each bar's track is the group's students, the filled part those placed, and a
 * tick marks the places offered. Labels and figures are HTML beside the bars, so they wrap in
 * a narrow sidebar and read out as text.
 */
import { css, html, svg, type TemplateResult } from 'lit';
import type { PlacementBar } from '../api/types.ts';
import type { Translator } from '../i18n/translator.ts';

export const barChartStyles = css`
  .bars {
    list-style: none;
    margin: 0;
    padding: 0;
    display: grid;
    gap: 0.55em;
  }
  .bar-label {
    display: flex;
    flex-wrap: wrap;
    gap: 0 0.5em;
    font-size: 0.9em;
  }
  /* In a narrow sidebar the figures go below a long name rather than squeeze it. */
  .bar-label span:first-child {
    flex: 1 1 12em;
    overflow-wrap: break-word;
  }
  .bar-label span:last-child {
    margin-inline-start: auto;
    white-space: nowrap;
    font-variant-numeric: tabular-nums;
  }
  svg.bar {
    display: block;
    width: 100%;
    height: 0.8em;
  }
  .track {
    fill: var(--dm-bar-places);
  }
  .placed {
    fill: var(--dm-accent);
  }
  .places-tick {
    stroke: var(--dm-fg);
    stroke-width: 1.5;
    vector-effect: non-scaling-stroke;
  }
  .legend {
    display: flex;
    flex-wrap: wrap;
    gap: 0.4em 1em;
    font-size: 0.85em;
    margin: 0 0 0.6em;
  }
  .legend svg {
    width: 1.6em;
    height: 0.8em;
    vertical-align: middle;
    margin-inline-end: 0.3em;
  }
`;

export function renderBarChart(i18n: Translator, bars: PlacementBar[], name: (code: string) => string): TemplateResult {
  const scale = Math.max(1, ...bars.map((bar) => Math.max(bar.students, bar.places)));
  const width = (value: number) => (100 * value) / scale;
  return html`
    <p class="legend" aria-hidden="true">
      <span>${svg`<svg viewBox="0 0 16 8"><rect class="placed" width="16" height="8" /></svg>`}${i18n.t('chart.placed')}</span>
      <span>${svg`<svg viewBox="0 0 16 8"><rect class="track" width="16" height="8" /></svg>`}${i18n.t('chart.unplaced')}</span>
      <span>${svg`<svg viewBox="0 0 16 8"><line class="places-tick" x1="8" x2="8" y1="0" y2="8" /></svg>`}${i18n.t('chart.places')}</span>
    </p>
    <ul class="bars" part="chart">
      ${bars.map(
        (bar) => html`<li>
          <div class="bar-label">
            <span>${name(bar.code)}</span>
            <span>${i18n.t('chart.figures', { placed: bar.placed, students: bar.students, places: bar.places })}</span>
          </div>
          <svg class="bar" viewBox="0 0 100 10" preserveAspectRatio="none" aria-hidden="true">
            <rect class="track" width=${width(bar.students)} height="10" />
            <rect class="placed" width=${width(bar.placed)} height="10" />
            <line class="places-tick" x1=${width(bar.places)} x2=${width(bar.places)} y1="0" y2="10" />
          </svg>
        </li>`,
      )}
    </ul>
  `;
}
