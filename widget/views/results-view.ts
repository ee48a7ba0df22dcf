/**
 * The results tab: filters (specialty, region, placed/unplaced, the college or enterprise
 * picked from a row, and for key holders a search by student id), and the virtualised table
 * of every placed and unplaced student. The server filters and sorts; this view asks it for
 * the pages the table scrolls to.
 */
import { css, html, nothing, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import type { PlacementBar, RunSummary } from '../api/types.ts';
import { renderError } from '../components/status-message.ts';
import { ViewElement } from '../components/view-element.ts';
import { define } from '../define.ts';
import type { ResultsFilter, ResultsSort, SortColumn } from '../results/results-filter.ts';
import { expectedCount } from '../results/expected-count.ts';
import { ResultRows } from '../results/result-rows.ts';
import '../results/results-table.ts';
import { sharedStyles } from '../styles/shared-styles.ts';

const SEARCH_DELAY_MS = 300;

export class ResultsView extends ViewElement {
  static override styles = [
    sharedStyles,
    css`
      .chips {
        display: flex;
        flex-wrap: wrap;
        gap: 0.4em;
        margin-bottom: var(--dm-gap);
      }
      .chip {
        border-radius: 1em;
      }
      label {
        flex: 1 1 10em;
      }
      select,
      input {
        width: 100%;
      }
    `,
  ];

  /** The run's summary: its specialties and regions fill the filter lists. */
  @property({ attribute: false }) summary!: RunSummary;
  /** Set by the <dual-match> element (a shortage-map click); changes are announced with `dm-filter-change`. */
  @property({ attribute: false }) filter: ResultsFilter = {};
  /** The reader has a key: sees names, may search and sort by student id. */
  @property({ type: Boolean }) staff = false;

  @state() private sort: ResultsSort = { column: 'position', order: 'asc' };
  @state() private source?: ResultRows;
  private controller?: AbortController;
  private searchTimer?: ReturnType<typeof setTimeout>;

  protected override willUpdate(changed: PropertyValues): void {
    if (changed.has('filter') || changed.has('runId') || changed.has('api') || changed.has('sort')) {
      this.controller?.abort();
      this.controller = new AbortController();
      this.error = undefined;
      const expected = expectedCount(this.summary, this.filter);
      this.source = this.runId ? new ResultRows(this.api, this.runId, this.filter, this.sort, expected) : undefined;
      void this.load(0);
    }
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.controller?.abort();
    clearTimeout(this.searchTimer);
  }

  private async load(index: number) {
    const source = this.source;
    if (!source) return;
    try {
      await source.loadThrough(index, this.controller?.signal);
    } catch (error) {
      if (this.controller?.signal.aborted) return;
      this.fail(error);
    }
    if (source === this.source) this.requestUpdate();
  }

  private setFilter(change: ResultsFilter) {
    const filter = { ...this.filter, ...change };
    for (const key of Object.keys(filter) as (keyof ResultsFilter)[]) if (!filter[key]) delete filter[key];
    this.dispatchEvent(new CustomEvent('dm-filter-change', { detail: filter, bubbles: true }));
  }

  private onSort(event: CustomEvent<SortColumn>) {
    const column = event.detail;
    const order = this.sort.column === column && this.sort.order === 'asc' ? 'desc' : 'asc';
    this.sort = { column, order };
  }

  private onSearch(event: InputEvent) {
    const q = (event.target as HTMLInputElement).value.trim();
    clearTimeout(this.searchTimer);
    this.searchTimer = setTimeout(() => this.setFilter({ q }), SEARCH_DELAY_MS);
  }

  override render() {
    const { i18n, filter, source } = this;
    const count = source?.count ?? 0;
    return html`
      <div class="row" part="filters">
        ${this.renderSelect('specialty', i18n.t('results.specialty'), this.summary.bySpecialty, (code) => i18n.specialty(code))}
        ${this.renderSelect('region', i18n.t('results.region'), this.summary.byRegion, (code) => i18n.region(code))}
        <label>
          ${i18n.t('results.status')}
          <select @change=${(e: Event) => this.setFilter({ status: (e.target as HTMLSelectElement).value as ResultsFilter['status'] })}>
            <option value="" ?selected=${!filter.status}>${i18n.t('filter.all')}</option>
            <option value="placed" ?selected=${filter.status === 'placed'}>${i18n.t('status.placed')}</option>
            <option value="unplaced" ?selected=${filter.status === 'unplaced'}>${i18n.t('status.unplaced')}</option>
          </select>
        </label>
        ${this.staff
          ? html`<label>
              ${i18n.t('results.search')}
              <input type="search" .value=${filter.q ?? ''} @input=${this.onSearch} placeholder=${i18n.t('results.searchHint')} />
            </label>`
          : nothing}
      </div>
      ${this.renderChips()}
      <p class="muted" role="status">
        ${source?.total !== undefined ? i18n.t('results.count', { count: source.total }) : nothing}
      </p>
      ${this.error ? renderError(i18n, this.error, () => this.retry()) : nothing}
      <dual-match-results-table
        .i18n=${i18n}
        .rows=${source?.rows ?? []}
        .loaded=${source?.rows.length ?? 0}
        .count=${this.error ? (source?.rows.length ?? 0) : count}
        .sort=${this.sort}
        .staff=${this.staff}
        .caption=${i18n.t('tab.results')}
        exportparts="results-table"
        @dm-sort=${this.onSort}
        @dm-need-rows=${(event: CustomEvent<number>) => void this.load(event.detail)}
        @dm-filter=${(event: CustomEvent<ResultsFilter>) => this.setFilter(event.detail)}
      ></dual-match-results-table>
    `;
  }

  private retry() {
    this.error = undefined;
    void this.load(this.source?.rows.length ?? 0);
  }

  private renderSelect(field: 'specialty' | 'region', label: string, bars: PlacementBar[], name: (code: string) => string) {
    const selected = this.filter[field];
    const options = bars.map((bar) => ({ code: bar.code, name: name(bar.code) })).sort((a, b) => a.name.localeCompare(b.name, this.i18n.locale));
    return html`<label>
      ${label}
      <select @change=${(e: Event) => this.setFilter({ [field]: (e.target as HTMLSelectElement).value })}>
        <option value="" ?selected=${!selected}>${this.i18n.t('filter.all')}</option>
        ${options.map((option) => html`<option value=${option.code} ?selected=${option.code === selected}>${option.name}</option>`)}
      </select>
    </label>`;
  }

  /** The college and enterprise filters, set from a row, shown as removable chips. */
  private renderChips() {
    const chips = (['college', 'enterprise'] as const).filter((field) => this.filter[field]);
    if (chips.length === 0) return nothing;
    return html`<div class="chips">
      ${chips.map(
        (field) => html`<button type="button" class="chip" @click=${() => this.setFilter({ [field]: undefined })}>
          ${this.i18n.t(`results.${field}`)}: ${this.filter[field]}
          <span aria-hidden="true">×</span><span class="visually-hidden">${this.i18n.t('filter.remove')}</span>
        </button>`,
      )}
    </div>`;
  }
}

define('dual-match-results', ResultsView);

declare global {
  interface HTMLElementTagNameMap {
    'dual-match-results': ResultsView;
  }
}
