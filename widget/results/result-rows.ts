/**
 * The rows of a run's results under one filter and sort, fetched page by page as the table
 * scrolls towards them. The server sorts and filters (so 100,000 rows never have to cross
 * the network at once); its cursor paging means pages arrive in order, so the loaded rows
 * are always a prefix of the list. Pages are as large as the server allows.
 */
import { MAX_PAGE_SIZE, type ApiClient } from '../api/api-client.ts';
import type { ResultPage, ResultRow } from '../api/types.ts';
import type { ResultsFilter, ResultsSort } from './results-filter.ts';

export class ResultRows {
  readonly rows: ResultRow[] = [];
  /** Counted by the server (`count=true`) where the summary could not tell beforehand. */
  private counted?: number;
  private cursor: string | null | undefined;
  private pending?: Promise<void>;

  /** @param expected how many rows the filter gives, when known beforehand (expected-count.ts) */
  constructor(
    private readonly api: ApiClient,
    private readonly runId: string,
    private readonly filter: ResultsFilter,
    private readonly sort: ResultsSort,
    private readonly expected?: number,
  ) {}

  get complete(): boolean {
    return this.cursor === null;
  }

  /** All rows under the filter, when known: beforehand, or once the last page is in. */
  get total(): number | undefined {
    return this.complete ? this.rows.length : (this.expected ?? this.counted);
  }

  /** Rows the table makes room for: the total when known, else what is loaded plus a page. */
  get count(): number {
    return this.total ?? this.rows.length + (this.complete ? 0 : MAX_PAGE_SIZE);
  }

  /** Loads pages until row `index` is in (or the list ends). */
  async loadThrough(index: number, signal?: AbortSignal): Promise<void> {
    while (this.rows.length <= index && !this.complete) {
      this.pending ??= this.loadPage(signal).finally(() => (this.pending = undefined));
      await this.pending;
    }
  }

  private async loadPage(signal?: AbortSignal): Promise<void> {
    const count = this.cursor === undefined && this.expected === undefined;
    const page = await this.api.get<ResultPage>(
      `/runs/${encodeURIComponent(this.runId)}/results`,
      { ...this.filter, sort: this.sort.column, order: this.sort.order, limit: MAX_PAGE_SIZE, cursor: this.cursor, count: count || undefined },
      signal,
    );
    this.rows.push(...page.items);
    if (page.total !== undefined) this.counted = page.total;
    this.cursor = page.nextCursor;
  }
}
