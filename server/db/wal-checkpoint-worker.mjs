// The thread that checkpoints a SQLite database (wal-checkpoints.ts): a connection of its own
// that runs a passive checkpoint every `intervalMs`, until told to stop. Plain JavaScript, not
// a TypeScript module through tsx: every server start pays for this thread's start, and
// registering tsx in it took 0.2 s of CPU.
import BetterSqlite3 from 'better-sqlite3';
import { parentPort, workerData } from 'node:worker_threads';

const { path, intervalMs } = workerData;
const connection = new BetterSqlite3(path, { fileMustExist: true });
// As the writer: the log is synced before a checkpoint, the database file after it.
connection.pragma('synchronous = NORMAL');
// PASSIVE copies what it can without waiting for readers or the writer, so it never holds them up.
const timer = setInterval(() => connection.pragma('wal_checkpoint(PASSIVE)'), intervalMs);

parentPort.once('message', () => {
  clearInterval(timer);
  connection.close();
  parentPort.close();
});
