/**
 * The shortage heat-map: specialties down, regions across, each cell shaded by its value
 * (unplaced students or `gap`) and a button that filters the results to that cell. Shades
 * are set through the CSSOM (styleProperties), which a strict CSP allows, unlike style
 * attributes. The darkest shade stops at 65% of `--dm-heat-high` so the cell's text keeps AA
 * contrast.
 */
import { css, html, type TemplateResult } from 'lit';
import type { ShortageCell } from '../api/types.ts';
import { styleProperties } from '../components/style-properties.ts';
import type { Translator } from '../i18n/translator.ts';

export const MAX_SHADE = 65;

export type HeatMetric = 'unplaced' | 'gap';

export const heatMapStyles = css`
  .heat-map {
    width: auto;
    border-collapse: separate;
    border-spacing: 2px;
  }
  .heat-map th,
  .heat-map td {
    border: none;
    padding: 0;
  }
  .heat-map th[scope='row'] {
    font-weight: normal;
    font-size: 0.85em;
    padding-inline-end: 0.5em;
    min-width: 9em;
    max-width: 16em;
  }
  .heat-map th[scope='col'] {
    font-weight: normal;
    font-size: 0.8em;
    writing-mode: vertical-rl;
    transform: rotate(180deg);
    text-align: start;
    max-height: 11em;
    padding: 0.3em 0;
  }
  .heat-map td button {
    width: 2.6em;
    height: 2.2em;
    min-height: 0;
    padding: 0;
    border: 1px solid var(--dm-border);
    border-radius: 3px;
    font-size: 0.8em;
    font-variant-numeric: tabular-nums;
  }
  .heat-legend {
    display: flex;
    align-items: center;
    gap: 0.5em;
    font-size: 0.85em;
  }
  .heat-legend .ramp {
    width: 8em;
    height: 0.8em;
    border: 1px solid var(--dm-border);
    background: linear-gradient(to right, var(--dm-bg), color-mix(in srgb, var(--dm-heat-high) 65%, var(--dm-bg)));
  }
`;

export function cellValue(cell: ShortageCell, metric: HeatMetric): number {
  return metric === 'gap' ? (cell.gap ?? 0) : cell.unplaced;
}

function shade(value: number, max: number): string {
  const percent = max > 0 ? Math.round((MAX_SHADE * value) / max) : 0;
  return `color-mix(in srgb, var(--dm-heat-high) ${percent}%, var(--dm-bg))`;
}

export function renderHeatMap(
  i18n: Translator,
  cells: ShortageCell[],
  metric: HeatMetric,
  select: (cell: ShortageCell) => void,
): TemplateResult {
  const specialties = [...new Set(cells.map((cell) => cell.specialty))];
  const regions = [...new Set(cells.map((cell) => cell.region))].sort((a, b) => i18n.region(a).localeCompare(i18n.region(b), i18n.locale));
  const byKey = new Map(cells.map((cell) => [`${cell.specialty}|${cell.region}`, cell]));
  // Rows with the most of the metric first: where places are missing most.
  const totals = new Map<string, number>();
  for (const cell of cells) totals.set(cell.specialty, (totals.get(cell.specialty) ?? 0) + cellValue(cell, metric));
  specialties.sort((a, b) => totals.get(b)! - totals.get(a)! || a.localeCompare(b));
  const max = Math.max(0, ...cells.map((cell) => cellValue(cell, metric)));
  const metricLabel = i18n.t(metric === 'gap' ? 'shortage.gap' : 'shortage.unplaced');
  return html`
    <p class="heat-legend" aria-hidden="true">
      <span>0</span><span class="ramp"></span><span>${i18n.number(max)}</span><span>${metricLabel}</span>
    </p>
    <div class="scroll-x">
      <table class="heat-map" part="heat-map">
        <caption class="visually-hidden">${i18n.t('shortage.mapCaption', { metric: metricLabel })}</caption>
        <thead>
          <tr>
            <td></td>
            ${regions.map((region) => html`<th scope="col">${i18n.region(region)}</th>`)}
          </tr>
        </thead>
        <tbody>
          ${specialties.map(
            (specialty) => html`<tr>
              <th scope="row">${i18n.specialty(specialty)}</th>
              ${regions.map((region) => {
                const cell = byKey.get(`${specialty}|${region}`);
                if (!cell) return html`<td></td>`;
                const value = cellValue(cell, metric);
                const label = i18n.t('shortage.cellLabel', {
                  specialty: i18n.specialty(specialty),
                  region: i18n.region(region),
                  metric: metricLabel,
                  value,
                });
                return html`<td>
                  <button type="button" aria-label=${label} title=${label} ${styleProperties({ background: shade(value, max) })} @click=${() => select(cell)}>
                    ${i18n.number(value)}
                  </button>
                </td>`;
              })}
            </tr>`,
          )}
        </tbody>
      </table>
    </div>
  `;
}
