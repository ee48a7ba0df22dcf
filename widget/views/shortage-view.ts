/**
 * The shortage tab: where students are left without a place. The heat-map shows unplaced
 * students or `gap` (how many more would be placed with new places in that cell) per
 * specialty and region; the same figures are available as a plain table. Choosing a cell
 * sends `dual-match-select`, and the <dual-match> element opens the results filtered to it.
 * Below, the server's recommendations: where new places or looser rules would help most.
 */
import { css, html, LitElement, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import type { Recommendation, RunSummary, ShortageCell } from '../api/types.ts';
import { cellValue, heatMapStyles, renderHeatMap, type HeatMetric } from '../charts/heat-map.ts';
import { renderRadioGroup } from '../components/radio-group.ts';
import { renderEmpty } from '../components/status-message.ts';
import { define } from '../define.ts';
import { emit } from '../events.ts';
import type { Translator } from '../i18n/translator.ts';
import { sharedStyles } from '../styles/shared-styles.ts';

const TOP_RECOMMENDATIONS = 10;

export class ShortageView extends LitElement {
  static override styles = [
    sharedStyles,
    heatMapStyles,
    css`
      .row fieldset.choices {
        margin: 0;
      }
      .recommendations {
        margin-top: calc(2 * var(--dm-gap));
      }
    `,
  ];

  @property({ attribute: false }) i18n!: Translator;
  @property({ attribute: false }) summary!: RunSummary;
  @state() private metric: HeatMetric = 'unplaced';
  @state() private asTable = false;

  private select(cell: ShortageCell) {
    emit(this, 'dual-match-select', { kind: 'cell', specialty: cell.specialty, region: cell.region });
  }

  override render() {
    const { i18n } = this;
    const cells = this.summary.shortage;
    if (cells.length === 0) return renderEmpty(i18n, 'shortage.none');
    const hasGap = cells.some((cell) => cell.gap !== undefined);
    return html`
      <div class="row">
        ${hasGap
          ? renderRadioGroup(
              { text: i18n.t('shortage.metric'), hidden: true },
              'metric',
              [
                { value: 'unplaced', label: i18n.t('shortage.unplaced') },
                { value: 'gap', label: i18n.t('shortage.gap') },
              ],
              this.metric,
              (metric) => (this.metric = metric),
            )
          : nothing}
        <button type="button" aria-pressed=${this.asTable ? 'true' : 'false'} @click=${() => (this.asTable = !this.asTable)}>
          ${i18n.t(this.asTable ? 'shortage.showMap' : 'shortage.showTable')}
        </button>
      </div>
      <p class="muted">${i18n.t(this.metric === 'gap' ? 'shortage.gapHint' : 'shortage.hint')}</p>
      ${this.asTable ? this.renderTable(cells) : renderHeatMap(i18n, cells, this.metric, (cell) => this.select(cell))}
      ${this.renderRecommendations()}
    `;
  }

  /** The server's ranked list of changes that would place more students. */
  private renderRecommendations() {
    const { i18n } = this;
    const shown = this.summary.recommendations.slice(0, TOP_RECOMMENDATIONS);
    if (shown.length === 0) return nothing;
    const text = (item: Recommendation) => {
      switch (item.kind) {
        case 'add-places':
          return i18n.t('recommend.addPlaces', { specialty: i18n.specialty(item.specialty), region: i18n.region(item.region), students: item.students });
        case 'lower-min-score':
          return i18n.t('recommend.lowerMinScore', { offer: item.offer, minScore: item.minScore, students: item.students });
        case 'accept-languages':
          return i18n.t('recommend.acceptLanguages', { offer: item.offer, languages: item.languages.join(', '), students: item.students });
        case 'unused-places':
          return i18n.t('recommend.unusedPlaces', { specialty: i18n.specialty(item.specialty), region: i18n.region(item.region), places: item.places });
      }
    };
    return html`<h3 class="recommendations">${i18n.t('recommend.title')}</h3>
      <ol part="recommendations">${shown.map((item) => html`<li>${text(item)}</li>`)}</ol>`;
  }

  private renderTable(cells: ShortageCell[]) {
    const { i18n } = this;
    const sorted = [...cells].sort((a, b) => cellValue(b, this.metric) - cellValue(a, this.metric));
    const numbers = (cell: ShortageCell) => [cell.students, cell.places, cell.placed, cell.unplaced, cell.unusedPlaces, cell.gap];
    return html`<div class="scroll-x">
      <table class="cells" part="shortage-table">
        <caption class="visually-hidden">${i18n.t('shortage.tableCaption')}</caption>
        <thead>
          <tr>
            <th scope="col">${i18n.t('results.specialty')}</th>
            <th scope="col">${i18n.t('results.region')}</th>
            <th scope="col" class="number">${i18n.t('summary.students')}</th>
            <th scope="col" class="number">${i18n.t('summary.places')}</th>
            <th scope="col" class="number">${i18n.t('summary.placed')}</th>
            <th scope="col" class="number">${i18n.t('shortage.unplaced')}</th>
            <th scope="col" class="number">${i18n.t('shortage.unused')}</th>
            <th scope="col" class="number">${i18n.t('shortage.gap')}</th>
          </tr>
        </thead>
        <tbody>
          ${sorted.map(
            (cell) => html`<tr>
              <th scope="row">
                <button type="button" class="link" @click=${() => this.select(cell)}>${i18n.specialty(cell.specialty)}</button>
              </th>
              <td>${i18n.region(cell.region)}</td>
              ${numbers(cell).map((value) => html`<td class="number">${value === undefined ? '–' : i18n.number(value)}</td>`)}
            </tr>`,
          )}
        </tbody>
      </table>
    </div>`;
  }
}

define('dual-match-shortage', ShortageView);

declare global {
  interface HTMLElementTagNameMap {
    'dual-match-shortage': ShortageView;
  }
}
