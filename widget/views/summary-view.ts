/**
 * The summary tab: the run's headline figures and a bar chart of placements by specialty or
 * by region (the largest groups first; all of them on request).
 */
import { css, html, LitElement, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import type { RunSummary } from '../api/types.ts';
import { barChartStyles, renderBarChart } from '../charts/bar-chart.ts';
import { renderRadioGroup } from '../components/radio-group.ts';
import { define } from '../define.ts';
import type { Translator } from '../i18n/translator.ts';
import { sharedStyles } from '../styles/shared-styles.ts';

const TOP_BARS = 12;

export class SummaryView extends LitElement {
  static override styles = [
    sharedStyles,
    barChartStyles,
    css`
      dl {
        display: grid;
        grid-template-columns: repeat(auto-fill, minmax(7.5em, 1fr));
        gap: var(--dm-gap);
        margin: 0 0 calc(2 * var(--dm-gap));
      }
      dl div {
        background: var(--dm-surface);
        border-radius: var(--dm-radius);
        padding: 0.6em 0.8em;
      }
      dt {
        font-size: 0.85em;
        color: var(--dm-muted);
      }
      dd {
        margin: 0.15em 0 0;
        font-size: 1.5em;
        font-weight: 600;
        font-variant-numeric: tabular-nums;
      }
    `,
  ];

  @property({ attribute: false }) i18n!: Translator;
  @property({ attribute: false }) summary!: RunSummary;
  @state() private groupBy: 'specialty' | 'region' = 'specialty';
  @state() private showAll = false;

  override render() {
    const { i18n } = this;
    const { summary } = this.summary;
    const unplaced = summary.students - summary.placed;
    const figures: [string, string][] = [
      [i18n.t('summary.students'), i18n.number(summary.students)],
      [i18n.t('summary.places'), i18n.number(summary.places)],
      [i18n.t('summary.placed'), i18n.number(summary.placed)],
      [i18n.t('summary.unplaced'), i18n.number(unplaced)],
      [i18n.t('summary.priorityPlaced'), i18n.t('summary.ofTotal', { part: summary.priorityPlaced, whole: summary.priorityStudents })],
      [i18n.t('summary.fillRate'), i18n.percent(summary.placed, summary.places)],
    ];
    const bars = [...(this.groupBy === 'specialty' ? this.summary.bySpecialty : this.summary.byRegion)].sort(
      (a, b) => b.students - a.students || a.code.localeCompare(b.code),
    );
    const name = this.groupBy === 'specialty' ? (code: string) => i18n.specialty(code) : (code: string) => i18n.region(code);
    return html`
      <dl part="figures">${figures.map(([term, value]) => html`<div><dt>${term}</dt><dd>${value}</dd></div>`)}</dl>
      ${renderRadioGroup(
        { text: i18n.t('summary.chartBy') },
        'group',
        [
          { value: 'specialty', label: i18n.t('summary.bySpecialty') },
          { value: 'region', label: i18n.t('summary.byRegion') },
        ],
        this.groupBy,
        (group) => (this.groupBy = group),
      )}
      ${renderBarChart(i18n, this.showAll ? bars : bars.slice(0, TOP_BARS), name)}
      ${bars.length > TOP_BARS
        ? html`<p><button type="button" @click=${() => (this.showAll = !this.showAll)}>
            ${this.showAll ? i18n.t('summary.showTop', { count: TOP_BARS }) : i18n.t('summary.showAll', { count: bars.length })}
          </button></p>`
        : nothing}
    `;
  }
}

define('dual-match-summary', SummaryView);

declare global {
  interface HTMLElementTagNameMap {
    'dual-match-summary': SummaryView;
  }
}
