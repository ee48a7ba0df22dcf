/**
 * SQLite checkpoints on a thread of their own. A checkpoint copies the write-ahead log into the
 * database file. By default the connection that commits runs one whenever its commit leaves
 * the log over 1,000 pages: after a run's 100,000 result rows (a log of about 75 MB) that
 * commit held the event loop, and every request waiting on it, for half a second (measured:
 * 450-630 ms of checkpoint in a commit of 550-620 ms). So the writer's automatic checkpoints
 * are turned off and a worker thread checkpoints instead. Should that thread fail, the writer's
 * automatic checkpoints come back, so the log never grows without end.
 */
import type BetterSqlite3 from 'better-sqlite3';
import { Worker } from 'node:worker_threads';

const ENTRY = new URL('./wal-checkpoint-worker.mjs', import.meta.url);
/** How soon a commit's pages reach the database file. SQLite's own default waits for 1,000 pages. */
const CHECKPOINT_INTERVAL_MS = 1_000;
const AUTOMATIC_CHECKPOINT_PAGES = 1_000;

export interface WalCheckpoints {
  /** Stops the thread (its connection closed) before the database is closed. */
  stop(): Promise<void>;
}

export function checkpointOnAThread(path: string, writer: BetterSqlite3.Database, onFailure: (error: Error) => void): WalCheckpoints {
  writer.pragma('wal_autocheckpoint = 0');
  const worker = new Worker(ENTRY, { workerData: { path, intervalMs: CHECKPOINT_INTERVAL_MS } });
  worker.unref();
  let stopped = false;
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  const fallBack = (error: unknown) => {
    if (stopped) return;
    stopped = true;
    writer.pragma(`wal_autocheckpoint = ${AUTOMATIC_CHECKPOINT_PAGES}`);
    // better-sqlite3's SqliteError crosses from the thread as a plain object ({ code }), without its message.
    onFailure(error instanceof Error ? error : new Error(`the checkpoint thread failed: ${JSON.stringify(error)}`));
  };
  worker.once('error', fallBack);
  worker.once('exit', (code) => fallBack(new Error(`the checkpoint thread stopped (exit code ${code})`)));
  return {
    async stop() {
      if (!stopped) {
        stopped = true;
        worker.postMessage('stop');
      }
      await exited;
    },
  };
}
