/**
 * The run queue: claims queued runs from the `runs` table, solves each on a worker thread
 * (solve-worker.ts), relays progress to subscribers (the SSE endpoint) and to the run's row,
 * and stores the outcome. At most RUN_CONCURRENCY runs solve at once.
 *
 * Workers load TypeScript through the flow engine's plain-JavaScript bootstrap, which
 * registers tsx first (Node 20 cannot pass `--import tsx` to a worker).
 *
 * Stopping (graceful shutdown) lets a run whose result is being stored finish storing, and
 * puts runs still solving back in the queue, so the next start solves them again.
 */
import { Worker } from 'node:worker_threads';
import type { Config } from '../config.ts';
import type { Db } from '../db/open-database.ts';
import type { Logger } from '../logger.ts';
import { claimNextRun, completeRun, failRun, findRun, loadRunSnapshot, recordProgress, requeueRuns, type RunInfoRow } from '../repositories/runs.ts';
import type { ResultRowInput } from './result-rows.ts';
import type { SolveWorkerData, WorkerMessage } from './worker-protocol.ts';

export type RunEvent = { type: 'progress'; phase: string; percent: number } | { type: 'done' } | { type: 'failed'; error: string };

const BOOTSTRAP = new URL('../../solver/flow/worker-bootstrap.mjs', import.meta.url);
const ENTRY = new URL('./solve-worker.ts', import.meta.url).href;
/** How often a solving run's row is touched even when the solver reports nothing new. */
const HEARTBEAT_MS = 10_000;
/** Progress is written to the database at most this often (subscribers get every step). */
const PROGRESS_WRITE_MS = 1_000;

interface ActiveRun {
  worker: Worker;
  heartbeat: NodeJS.Timeout;
  /** Set once the result is being stored: a stop waits for it instead of cancelling. */
  storing: Promise<void> | null;
  cancelled: boolean;
}

export class RunQueue {
  private readonly active = new Map<string, ActiveRun>();
  private readonly listeners = new Map<string, Set<(event: RunEvent) => void>>();
  private stopping = false;
  private filling: Promise<void> | null = null;
  private fillAgain = false;

  constructor(
    private readonly db: Db,
    private readonly config: Pick<Config, 'instanceId' | 'runConcurrency' | 'runMaxAttempts' | 'solverThreads'>,
    private readonly logger: Logger,
  ) {}

  /** Re-queues what this instance was solving when it last stopped, then starts solving. */
  async start(): Promise<void> {
    // One instance per database today, so every `solving` run is an orphan of a previous life.
    // With several instances (issue #6) this becomes: runs of this instance id, plus runs whose
    // heartbeat is older than a few HEARTBEAT_MS.
    const requeued = await requeueRuns(this.db, { countAttempt: true });
    if (requeued > 0) this.logger.warn('re-queued runs left unfinished by the previous process', { runs: requeued });
    this.kick();
  }

  /** Looks for queued runs now (after a run was created, or one finished). */
  kick(): void {
    if (this.filling) {
      this.fillAgain = true;
      return;
    }
    this.filling = this.fill().finally(() => {
      this.filling = null;
    });
  }

  isActive(runId: string): boolean {
    return this.active.has(runId);
  }

  /** Events of one run until it is done or failed; returns the unsubscribe function. */
  subscribe(runId: string, listener: (event: RunEvent) => void): () => void {
    let set = this.listeners.get(runId);
    if (!set) this.listeners.set(runId, (set = new Set()));
    set.add(listener);
    return () => {
      set.delete(listener);
      if (set.size === 0) this.listeners.delete(runId);
    };
  }

  /** Resolves once the run is done or failed (at once if it already is). */
  settled(runId: string): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const unsubscribe = this.subscribe(runId, (event) => {
        if (event.type === 'progress') return;
        unsubscribe();
        resolve();
      });
      findRun(this.db, runId).then((run) => {
        if (run && run.status !== 'done' && run.status !== 'failed') return;
        unsubscribe();
        resolve();
      }, reject);
    });
  }

  async stop(): Promise<void> {
    this.stopping = true;
    await this.filling;
    const cancelled: string[] = [];
    await Promise.all(
      [...this.active].map(async ([runId, run]) => {
        if (run.storing) return run.storing;
        run.cancelled = true;
        clearInterval(run.heartbeat);
        cancelled.push(runId);
        await run.worker.terminate();
      }),
    );
    const requeued = await requeueRuns(this.db, { runIds: cancelled, countAttempt: false });
    if (requeued > 0) this.logger.info('runs put back in the queue for the next start', { runs: cancelled });
  }

  private emit(runId: string, event: RunEvent): void {
    for (const listener of this.listeners.get(runId) ?? []) listener(event);
  }

  private async fill(): Promise<void> {
    do {
      this.fillAgain = false;
      while (!this.stopping && this.active.size < this.config.runConcurrency) {
        const run = await claimNextRun(this.db, this.config.instanceId, this.config.runMaxAttempts);
        if (!run) break;
        await this.launch(run);
      }
    } while (this.fillAgain && !this.stopping);
  }

  private async launch(run: RunInfoRow): Promise<void> {
    const snapshot = await loadRunSnapshot(this.db, run.id);
    const workerData: SolveWorkerData = { entry: ENTRY, snapshot, threads: this.config.solverThreads };
    const worker = new Worker(BOOTSTRAP, { workerData });
    const started = performance.now();
    const rows: ResultRowInput[] = [];
    let progress = { phase: 'validate', percent: 0 };
    let lastWrite = 0;
    let finished = false;
    const writeProgress = () => {
      lastWrite = Date.now();
      recordProgress(this.db, run.id, progress.phase, progress.percent).catch((error: unknown) => this.logger.warn('progress not recorded', { run: run.id, error: String(error) }));
    };
    const heartbeat = setInterval(writeProgress, HEARTBEAT_MS);
    heartbeat.unref();
    const active: ActiveRun = { worker, heartbeat, storing: null, cancelled: false };
    this.active.set(run.id, active);
    this.logger.info('run started', { run: run.id, round: run.round_id, attempt: run.attempts });

    const finish = async (outcome: { failed: string } | null) => {
      if (finished) return;
      finished = true;
      clearInterval(heartbeat);
      if (outcome) {
        await failRun(this.db, run.id, outcome.failed);
        this.logger.warn('run failed', { run: run.id, error: outcome.failed });
        this.emit(run.id, { type: 'failed', error: outcome.failed });
      }
      this.active.delete(run.id);
      await worker.terminate();
      this.kick();
    };

    worker.on('message', (message: WorkerMessage) => {
      switch (message.type) {
        case 'progress': {
          const phaseChanged = message.phase !== progress.phase;
          progress = { phase: message.phase, percent: message.percent };
          if (phaseChanged || Date.now() - lastWrite >= PROGRESS_WRITE_MS) writeProgress();
          this.emit(run.id, message);
          break;
        }
        case 'rows':
          for (const row of message.rows) rows.push(row);
          break;
        case 'done': {
          const seconds = Math.round(performance.now() - started) / 1000;
          progress = { phase: 'store', percent: 0 };
          writeProgress();
          this.emit(run.id, { type: 'progress', ...progress });
          active.storing = completeRun(this.db, run, { ...message, result: Buffer.from(message.result), rows, seconds }).then(
            async () => {
              this.logger.info('run done', { run: run.id, seconds, placed: message.summary.summary.placed, students: message.summary.summary.students });
              this.emit(run.id, { type: 'done' });
              await finish(null);
            },
            (error: unknown) => finish({ failed: `the result could not be stored: ${error instanceof Error ? error.message : String(error)}` }),
          );
          break;
        }
        case 'failed':
          void finish({ failed: message.error });
          break;
      }
    });
    worker.on('error', (error) => {
      if (!active.cancelled) void finish({ failed: `the solver stopped: ${error.message}` });
    });
    worker.on('exit', (code) => {
      if (!active.cancelled && !active.storing) void finish({ failed: `the solver exited unexpectedly (code ${code})` });
    });
  }
}
