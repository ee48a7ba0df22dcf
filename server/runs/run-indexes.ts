/**
 * In-memory indexes of published runs that one instance holds, built on demand. A published
 * run never changes (its round is frozen), so an index of it never goes stale, on this
 * instance or any other. The first request about a run starts building its index (that
 * request, and the others until the index is ready, are answered from the database). Least
 * recently used indexes go first once they hold more than `maxRows` rows in all; a run bigger
 * than that is always read from the database. A build that failed is tried again only after
 * a while: each try is seconds of work.
 */

/** Rows an index build reads a query. */
export const INDEX_SLICE_ROWS = 2000;
const RETRY_AFTER_MS = 60_000;

export interface RunIndex {
  readonly rows: number;
}

/** What becomes of builds, for the log. */
export interface RunIndexReport {
  ready(runId: string, rows: number, seconds: number): void;
  failed(runId: string, error: unknown): void;
}

export class RunIndexes<Index extends RunIndex, Context> {
  private readonly ready = new Map<string, Index>();
  private readonly building = new Map<string, Promise<void>>();
  private readonly tooLarge = new Set<string>();
  private readonly failedAt = new Map<string, number>();
  private rows = 0;

  constructor(
    private readonly maxRows: number,
    /** Reads a run's index (index-builds.ts); `context` is what the build needs besides the run's id. */
    private readonly build: (runId: string, context: Context) => Promise<Index>,
    private readonly report: RunIndexReport,
  ) {}

  get(runId: string): Index | undefined {
    const index = this.ready.get(runId);
    if (index) {
      // Re-inserting moves the entry to the end: Map order is the recency order.
      this.ready.delete(runId);
      this.ready.set(runId, index);
    }
    return index;
  }

  /** Starts building a published run's index unless it is there, under way or too large. Only for published runs. */
  prepare(runId: string, context: Context): void {
    if (this.maxRows === 0 || this.ready.has(runId) || this.building.has(runId) || this.tooLarge.has(runId)) return;
    if (Date.now() - (this.failedAt.get(runId) ?? -Infinity) < RETRY_AFTER_MS) return;
    const started = performance.now();
    const failed = (error: unknown) => {
      this.failedAt.set(runId, Date.now());
      this.report.failed(runId, error);
    };
    const kept = (index: Index) => {
      this.keep(runId, index);
      this.report.ready(runId, index.rows, Math.round(performance.now() - started) / 1000);
    };
    const built = this.build(runId, context)
      .then(kept, failed)
      .finally(() => this.building.delete(runId));
    this.building.set(runId, built);
  }

  /** Resolves once the indexes under way are built (for tests and shutdown). */
  async settled(): Promise<void> {
    await Promise.all(this.building.values());
  }

  private keep(runId: string, index: Index): void {
    if (index.rows > this.maxRows) {
      this.tooLarge.add(runId);
      return;
    }
    this.failedAt.delete(runId);
    this.ready.set(runId, index);
    this.rows += index.rows;
    for (const [oldest, old] of this.ready) {
      if (this.rows <= this.maxRows) break;
      this.ready.delete(oldest);
      this.rows -= old.rows;
    }
  }
}
