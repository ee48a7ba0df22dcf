/**
 * Following one run to its end, whichever instance solves it. The listener first gets the
 * run's state as stored, then each change. Progress of a run solved by this instance comes
 * from its queue at once; of a run solved elsewhere, from the run's row, which the solving
 * instance writes every PROGRESS_LAG_MS while progress changes and which is read as often.
 * The end (done or failed) comes from whichever tells it first, once.
 */
import type { Db } from '../db/open-database.ts';
import { findRun } from '../repositories/runs.ts';
import type { RunEvent, RunQueue } from './run-queue.ts';

/** How far behind the solve a run's stored progress may be (the queue writes it this often). */
export const PROGRESS_LAG_MS = 1_000;

/** Returns the function that stops watching; `onError` hears of a failed read of the row. */
export function watchRun(queue: RunQueue, db: Db, runId: string, listener: (event: RunEvent) => void, onError: (error: unknown) => void): () => void {
  let stopped = false;
  let lastProgress = '';
  const deliver = (event: RunEvent) => {
    if (stopped) return;
    if (event.type === 'progress') {
      const key = `${event.phase}:${event.percent}`;
      if (key === lastProgress) return;
      lastProgress = key;
    } else {
      stop();
    }
    listener(event);
  };
  const unsubscribe = queue.subscribe(runId, deliver);

  let first = true;
  const poll = async () => {
    const run = await findRun(db, runId);
    if (!run) throw new Error(`run ${runId} does not exist`);
    if (run.status === 'done') deliver({ type: 'done' });
    else if (run.status === 'failed') deliver({ type: 'failed', error: run.error ?? 'failed' });
    // The row lags behind this instance's own runs: their progress comes from the queue.
    else if (first || !queue.isActive(runId)) deliver({ type: 'progress', phase: run.progress_phase ?? run.status, percent: run.progress_percent ?? 0 });
    first = false;
  };
  const check = () => void poll().catch((error: unknown) => stopped || onError(error));
  const timer = setInterval(check, PROGRESS_LAG_MS);
  check();

  function stop() {
    stopped = true;
    clearInterval(timer);
    unsubscribe();
  }
  return stop;
}
