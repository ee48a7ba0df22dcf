/**
 * The results as a native <table> that renders only the rows in view (plus a few either
 * side): a spacer row above and below stands in for the rest, every row has the same
 * height, so the window follows from the scroll position alone and 100,000 rows scroll as
 * smoothly as 100. `aria-rowcount`/`aria-rowindex` tell assistive technology where the
 * rendered rows sit in the whole list; headers carry `aria-sort`.
 */
import { css, html, LitElement, nothing, unsafeCSS, type PropertyValues } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import type { ResultRow } from '../api/types.ts';
import { styleProperties } from '../components/style-properties.ts';
import { define } from '../define.ts';
import { emit } from '../events.ts';
import type { MessageKey, Translator } from '../i18n/translator.ts';
import { sharedStyles } from '../styles/shared-styles.ts';
import type { ResultsFilter, ResultsSort, SortColumn } from './results-filter.ts';

/** Pixels; CSS fixes every row at this height so the window can be computed. */
export const ROW_HEIGHT = 36;
const OVERSCAN = 8;

interface Column {
  id: SortColumn | 'status';
  label: MessageKey;
  /** The server's sort key, for the columns it sorts by. */
  sort?: SortColumn;
  /** Sortable for key holders only. */
  staffOnly?: boolean;
  numeric?: boolean;
}

const COLUMNS: Column[] = [
  { id: 'student', label: 'results.student', sort: 'student', staffOnly: true },
  { id: 'status', label: 'results.status' },
  { id: 'specialty', label: 'results.specialty', sort: 'specialty' },
  { id: 'region', label: 'results.region', sort: 'region' },
  { id: 'college', label: 'results.college', sort: 'college' },
  { id: 'enterprise', label: 'results.enterprise', sort: 'enterprise' },
  { id: 'rank', label: 'results.rank', sort: 'rank', numeric: true },
  { id: 'km', label: 'results.km', sort: 'km', numeric: true },
];

export class ResultsTable extends LitElement {
  static override styles = [
    sharedStyles,
    css`
      .viewport {
        height: var(--dm-table-height);
        overflow: auto;
        border: 1px solid var(--dm-border);
        border-radius: var(--dm-radius);
        overscroll-behavior: contain;
        /* Layout and paint inside stay inside: a scroll step re-lays out this box only. */
        contain: strict;
      }
      table {
        table-layout: fixed;
        min-width: 58em;
      }
      thead th {
        position: sticky;
        top: 0;
        z-index: 1;
        background: var(--dm-surface);
        white-space: nowrap;
      }
      th button {
        border: none;
        background: none;
        padding: 0;
        min-height: 0;
        font-weight: inherit;
        width: 100%;
        text-align: start;
      }
      th.number button {
        text-align: end;
      }
      td button.link {
        max-width: 100%;
        overflow: hidden;
        text-overflow: ellipsis;
        white-space: nowrap;
        vertical-align: middle;
      }
      tbody tr.result-row {
        height: ${unsafeCSS(ROW_HEIGHT)}px;
      }
      tbody td {
        white-space: nowrap;
        overflow: hidden;
        text-overflow: ellipsis;
        padding-block: 0;
      }
      tbody tr.result-row:nth-child(even) {
        background: var(--dm-surface);
      }
      td.spacer {
        padding: 0;
        border: none;
      }
      .unplaced {
        color: var(--dm-danger);
      }
      /* Fixed shares, so the columns do not jump as other rows scroll in. */
      col.col-student {
        width: 12%;
      }
      col.col-status {
        width: 14%;
      }
      col.col-specialty {
        width: 17%;
      }
      col.col-region {
        width: 12%;
      }
      col.col-college,
      col.col-enterprise {
        width: 14%;
      }
      col.col-rank {
        width: 9%;
      }
      col.col-km {
        width: 8%;
      }
    `,
  ];

  @property({ attribute: false }) i18n!: Translator;
  /** The rows loaded so far, a prefix of the list; grows in place as pages arrive. */
  @property({ attribute: false }) rows: ResultRow[] = [];
  /** How many rows are loaded: changes when `rows` grows, so the table renders the new ones. */
  @property({ type: Number }) loaded = 0;
  /** The whole list's length (rows from `loaded` on are not loaded yet). */
  @property({ type: Number }) count = 0;
  @property({ attribute: false }) sort!: ResultsSort;
  /** The reader has a key: sees names, and may sort by student id. */
  @property({ type: Boolean }) staff = false;
  @property({ attribute: false }) caption = '';

  @state() private first = 0;
  @state() private visible = 20;
  @query('.viewport') private viewport!: HTMLElement;
  private resizeObserver?: ResizeObserver;
  private frame = 0;

  override connectedCallback(): void {
    super.connectedCallback();
    this.resizeObserver = new ResizeObserver(() => this.measure());
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.resizeObserver?.disconnect();
    cancelAnimationFrame(this.frame);
  }

  protected override firstUpdated(): void {
    // Observing reports the first size too, which sets the window.
    this.resizeObserver?.observe(this.viewport);
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    // A new list (another filter or sort) starts at the top.
    if (changed.has('rows') && this.viewport) this.viewport.scrollTop = 0;
  }

  protected override updated(): void {
    const last = Math.min(this.count, this.first + this.visible) - 1;
    if (last >= this.loaded) this.dispatchEvent(new CustomEvent('dm-need-rows', { detail: last }));
  }

  private measure() {
    const { scrollTop, clientHeight } = this.viewport;
    this.first = Math.max(0, Math.floor(scrollTop / ROW_HEIGHT) - OVERSCAN);
    this.visible = Math.ceil(clientHeight / ROW_HEIGHT) + 2 * OVERSCAN;
  }

  private onScroll() {
    cancelAnimationFrame(this.frame);
    this.frame = requestAnimationFrame(() => this.measure());
  }

  override render() {
    const { i18n } = this;
    const end = Math.min(this.count, this.first + this.visible);
    const indexes = Array.from({ length: Math.max(0, end - this.first) }, (_, i) => this.first + i);
    return html`<div class="viewport" tabindex="0" role="region" aria-label=${this.caption} @scroll=${this.onScroll} part="results-table">
      <table aria-rowcount=${this.count + 1}>
        <caption class="visually-hidden">${this.caption}</caption>
        <colgroup>${COLUMNS.map((column) => html`<col class="col-${column.id}" />`)}</colgroup>
        <thead>
          <tr aria-rowindex="1">${COLUMNS.map((column) => this.renderHeader(column))}</tr>
        </thead>
        <tbody>
          ${this.renderSpacer(this.first)}
          ${indexes.map((index) => this.renderRow(index, this.rows[index]))}
          ${this.renderSpacer(this.count - end)}
        </tbody>
      </table>
      ${this.count === 0 ? html`<p class="status empty">${i18n.t('results.none')}</p>` : nothing}
    </div>`;
  }

  private renderHeader(column: Column) {
    const label = this.i18n.t(column.label);
    const className = column.numeric ? 'number' : '';
    const sort = column.staffOnly && !this.staff ? undefined : column.sort;
    if (!sort) return html`<th scope="col" class=${className}>${label}</th>`;
    const sorted = this.sort.column === sort;
    const ariaSort = sorted ? (this.sort.order === 'asc' ? 'ascending' : 'descending') : 'none';
    const arrow = sorted ? (this.sort.order === 'asc' ? ' ▲' : ' ▼') : '';
    return html`<th scope="col" class=${className} aria-sort=${ariaSort}>
      <button type="button" @click=${() => this.dispatchEvent(new CustomEvent('dm-sort', { detail: sort }))}>
        ${label}<span aria-hidden="true">${arrow}</span>
      </button>
    </th>`;
  }

  private renderSpacer(rows: number) {
    if (rows <= 0) return nothing;
    return html`<tr aria-hidden="true"><td class="spacer" colspan=${COLUMNS.length} ${styleProperties({ height: `${rows * ROW_HEIGHT}px` })}></td></tr>`;
  }

  private renderRow(index: number, row: ResultRow | undefined) {
    if (!row) {
      return html`<tr class="result-row" aria-rowindex=${index + 2}><td colspan=${COLUMNS.length} class="muted">${this.i18n.t('state.loading')}</td></tr>`;
    }
    const { i18n } = this;
    const placed = row.status === 'placed';
    const student = this.staff && row.name ? `${row.name} (${row.student})` : row.student;
    return html`<tr class="result-row" aria-rowindex=${index + 2}>
      <td title=${student}>
        <button type="button" class="link" @click=${() => emit(this, 'dual-match-select', { kind: 'row', row })}>${student}</button>
      </td>
      <td class=${placed ? '' : 'unplaced'}>${placed ? i18n.t('status.placed') : row.reason ? i18n.t(`reason.${row.reason}` as const) : i18n.t('status.unplaced')}</td>
      <td title=${i18n.specialty(row.specialty)}>${i18n.specialty(row.specialty)}</td>
      <td>${i18n.region(row.region)}</td>
      <td>${this.renderFilterLink('college', row.college, row.collegeName)}</td>
      <td>${row.enterprise ? this.renderFilterLink('enterprise', row.enterprise, row.enterpriseName) : nothing}</td>
      <td class="number">${placed ? (row.rank ?? i18n.t('results.offList')) : ''}</td>
      <td class="number">${row.km != null ? i18n.number(row.km) : ''}</td>
    </tr>`;
  }

  /** A college or enterprise name that narrows the list to it. */
  private renderFilterLink(field: 'college' | 'enterprise', id: string, name?: string | null) {
    const label = name ?? id;
    const filter: ResultsFilter = { [field]: id };
    return html`<button
      type="button"
      class="link"
      title=${this.i18n.t('results.showOnly', { name: label })}
      @click=${() => this.dispatchEvent(new CustomEvent('dm-filter', { detail: filter }))}
    >
      ${label}
    </button>`;
  }
}

define('dual-match-results-table', ResultsTable);

declare global {
  interface HTMLElementTagNameMap {
    'dual-match-results-table': ResultsTable;
  }
}
