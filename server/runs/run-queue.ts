/**
 * The run queue of this instance: claims queued runs from the `runs` table, solves each on a
 * worker thread (solve-worker.ts), relays progress to subscribers (run-watch.ts) and to the
 * run's row, and stores the outcome. At most RUN_CONCURRENCY runs solve at once.
 *
 * Several instances may share one database, and one queue: each claims runs for itself
 * (repositories/runs.ts), touches the row of each run it solves every RUN_HEARTBEAT_MS, and
 * re-queues runs whose heartbeat is older than RUN_STALE_MS, whoever claimed them: their
 * instance died. A run's result is stored only by the claim that still holds it, so a run
 * taken over by another instance is never stored twice; the instance that lost it (it was
 * alive after all, only late) notices at its next heartbeat and drops its solve.
 *
 * The solve workers are TypeScript modules, started through solver/flow/typescript-worker.ts.
 *
 * Stopping (graceful shutdown) lets a run whose result is being stored finish storing, and
 * puts runs still solving back in the queue, for this or another instance to solve again.
 */
import type { Worker } from 'node:worker_threads';
import { startTypeScriptWorker } from '../../solver/flow/typescript-worker.ts';
import type { Config } from '../config.ts';
import { refreshPlannerStatistics, type Db } from '../db/open-database.ts';
import { parsedSlices } from '../db/row-slices.ts';
import type { Logger } from '../logger.ts';
import { claimNextRun, completeRun, failRun, loadRunSnapshot, recordProgress, requeueRuns, type RunClaim, type RunInfoRow } from '../repositories/runs.ts';
import type { ResultRowInput } from './result-rows.ts';
import { PROGRESS_LAG_MS, watchRun } from './run-watch.ts';
import type { SolveWorkerData, WorkerMessage } from './worker-protocol.ts';

export type RunEvent = { type: 'progress'; phase: string; percent: number } | { type: 'done' } | { type: 'failed'; error: string };

const ENTRY = new URL('./solve-worker.ts', import.meta.url);
/** How often the queue is looked at for runs that other instances created. */
const QUEUE_POLL_MS = 1_000;

/** A run this instance holds a claim on, from the claim to its end here. */
interface ActiveRun {
  /** Null while the snapshot loads. */
  worker: Worker | null;
  heartbeat: NodeJS.Timeout;
  /** Set once the result is being stored: a stop waits for it instead of cancelling. */
  storing: Promise<void> | null;
  cancelled: boolean;
}

type QueueConfig = Pick<Config, 'instanceId' | 'runConcurrency' | 'runMaxAttempts' | 'solverThreads' | 'solverNice' | 'runHeartbeatMs' | 'runStaleMs'>;

export class RunQueue {
  private readonly active = new Map<string, ActiveRun>();
  private readonly listeners = new Map<string, Set<(event: RunEvent) => void>>();
  private readonly timers: NodeJS.Timeout[] = [];
  private stopping = false;
  private filling: Promise<void> | null = null;
  private fillAgain = false;

  constructor(
    private readonly db: Db,
    private readonly config: QueueConfig,
    private readonly logger: Logger,
  ) {}

  /** Re-queues what a previous life of this instance left solving, then starts solving. */
  async start(): Promise<void> {
    // INSTANCE_ID names one live process at a time: runs still claimed under it are orphans.
    const requeued = await requeueRuns(this.db, { claimedBy: this.config.instanceId, countAttempt: true });
    if (requeued > 0) this.logger.warn('re-queued runs left unfinished by the previous process', { runs: requeued });
    this.every(this.config.runHeartbeatMs, () => this.requeueStale());
    this.every(QUEUE_POLL_MS, async () => this.kick());
    await this.requeueStale();
    this.kick();
  }

  /** Looks for queued runs now (after a run was created, or one finished). */
  kick(): void {
    if (this.stopping) return;
    if (this.filling) {
      this.fillAgain = true;
      return;
    }
    this.filling = this.fill()
      .catch((error: unknown) => this.logger.warn('could not claim a run; trying again shortly', { error: String(error) }))
      .finally(() => {
        this.filling = null;
      });
  }

  isActive(runId: string): boolean {
    return this.active.has(runId);
  }

  /** Events of one run solved by this instance; returns the unsubscribe function. */
  subscribe(runId: string, listener: (event: RunEvent) => void): () => void {
    let set = this.listeners.get(runId);
    if (!set) this.listeners.set(runId, (set = new Set()));
    set.add(listener);
    return () => {
      set.delete(listener);
      if (set.size === 0) this.listeners.delete(runId);
    };
  }

  /** Resolves once the run is done or failed (at once if it already is), whichever instance solves it. */
  settled(runId: string): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const stop = watchRun(this, this.db, runId, (event) => {
        if (event.type === 'progress') return;
        stop();
        resolve();
      }, reject);
    });
  }

  async stop(): Promise<void> {
    this.stopping = true;
    for (const timer of this.timers) clearInterval(timer);
    await this.filling;
    const cancelled: string[] = [];
    await Promise.all(
      [...this.active].map(async ([runId, run]) => {
        if (run.storing) return run.storing;
        cancelled.push(runId);
        await this.cancel(runId, run);
      }),
    );
    const requeued = await requeueRuns(this.db, { runIds: cancelled, claimedBy: this.config.instanceId, countAttempt: false });
    if (requeued > 0) this.logger.info('runs put back in the queue', { runs: cancelled });
  }

  private every(ms: number, task: () => Promise<void>): void {
    const timer = setInterval(() => void task().catch((error: unknown) => this.logger.warn('run queue upkeep failed', { error: String(error) })), ms);
    timer.unref();
    this.timers.push(timer);
  }

  /** Runs whose instance stopped sending heartbeats go back to the queue (not ours: we are alive). */
  private async requeueStale(): Promise<void> {
    const requeued = await requeueRuns(this.db, { staleMs: this.config.runStaleMs, exceptRunIds: [...this.active.keys()], countAttempt: true });
    if (requeued === 0) return;
    this.logger.warn('re-queued runs whose instance stopped', { runs: requeued, staleMs: this.config.runStaleMs });
    this.kick();
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

  private async cancel(runId: string, run: ActiveRun): Promise<void> {
    run.cancelled = true;
    clearInterval(run.heartbeat);
    this.active.delete(runId);
    await run.worker?.terminate();
  }

  private async launch(run: RunInfoRow): Promise<void> {
    const claim: RunClaim = { instanceId: this.config.instanceId, attempt: run.attempts };
    const started = performance.now();
    const rowSlices: string[] = [];
    let progress = { phase: 'validate', percent: 0 };
    let lastWrite = 0;
    let finished = false;
    const writeProgress = () => {
      lastWrite = Date.now();
      recordProgress(this.db, run.id, claim, progress).then(
        (held) => {
          if (held || finished || active.storing || active.cancelled) return;
          finished = true;
          this.logger.warn('run taken over by another instance (this one was late); dropping its solve here', { run: run.id, attempt: claim.attempt });
          void this.cancel(run.id, active).then(() => this.kick());
        },
        (error: unknown) => this.logger.warn('progress not recorded', { run: run.id, error: String(error) }),
      );
    };
    // Held and heartbeaten from the claim on: loading a large snapshot on a busy instance takes a while.
    const heartbeat = setInterval(writeProgress, this.config.runHeartbeatMs);
    heartbeat.unref();
    const active: ActiveRun = { worker: null, heartbeat, storing: null, cancelled: false };
    this.active.set(run.id, active);
    let snapshot: Buffer;
    try {
      snapshot = await loadRunSnapshot(this.db, run.id);
    } catch (error) {
      // Still claimed, no longer heartbeaten: re-queued once its heartbeat is stale.
      clearInterval(heartbeat);
      this.active.delete(run.id);
      throw error;
    }
    if (active.cancelled) return;
    const workerData: SolveWorkerData = { snapshot, threads: this.config.solverThreads, nice: this.config.solverNice };
    const worker = startTypeScriptWorker(ENTRY, workerData);
    active.worker = worker;
    this.logger.info('run started', { run: run.id, round: run.round_id, attempt: run.attempts });

    const finish = async (outcome: { failed: string } | null) => {
      if (finished) return;
      finished = true;
      clearInterval(heartbeat);
      if (outcome) {
        this.logger.warn('run failed', { run: run.id, error: outcome.failed });
        // Not recorded (the database is away), the run is re-queued once its heartbeat is stale.
        await failRun(this.db, run.id, claim, outcome.failed).catch((error: unknown) => this.logger.warn('the failure could not be recorded', { run: run.id, error: String(error) }));
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
          if (phaseChanged || Date.now() - lastWrite >= PROGRESS_LAG_MS) writeProgress();
          this.emit(run.id, message);
          break;
        }
        case 'rows':
          rowSlices.push(message.json);
          break;
        case 'done': {
          const seconds = Math.round(performance.now() - started) / 1000;
          progress = { phase: 'store', percent: 0 };
          writeProgress();
          this.emit(run.id, { type: 'progress', ...progress });
          active.storing = completeRun(this.db, run, claim, { ...message, result: Buffer.from(message.result), rows: parsedSlices<ResultRowInput>(rowSlices), seconds }).then(
            async (stored) => {
              if (stored) {
                await refreshPlannerStatistics(this.db, ['results']).catch((error: unknown) => this.logger.warn('planner statistics not refreshed after storing a run', { run: run.id, error: String(error) }));
                this.logger.info('run done', { run: run.id, seconds, placed: message.summary.summary.placed, students: message.summary.summary.students });
                this.emit(run.id, { type: 'done' });
              } else {
                this.logger.warn('run taken over by another instance before its result was stored; result dropped here', { run: run.id, attempt: claim.attempt });
              }
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
