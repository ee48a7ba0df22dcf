/**
 * Large inserts in multi-row batches: one statement per row would be slow, one statement for
 * all rows would exceed the bound-parameter limit (32,766 in SQLite, 65,535 in PostgreSQL).
 * Between batches the event loop gets a turn, so a 100,000-row import inside one
 * transaction does not freeze every other request for its whole duration; and while requests
 * are waiting, it gets more than one (see pauseAfterBatch).
 */
import { setImmediate as yieldToEventLoop, setTimeout as sleep } from 'node:timers/promises';
import type { Insertable, Kysely } from 'kysely';
import { queriesHoldEventLoop } from './open-database.ts';
import type { DatabaseSchema } from './schema.ts';

const MAX_PARAMETERS = 30_000;
/**
 * Each batch holds the event loop while SQLite stores it: 40-55 ms for 500 rows of results with
 * their nine indexes on a slow machine (2026-12), a delay every request waiting meanwhile shares.
 */
const MAX_ROWS = 200;
/**
 * A turn of the event loop longer than this, between two batches, means requests were waiting.
 * A minor garbage collection alone takes up to a few milliseconds: in a 100,000-row insert with
 * nothing else going on, 28 turns of 500 took over 1 ms, 2 over 3 ms.
 */
const BUSY_TURN_MS = 5;
const PAUSE_PER_BATCH = 3;

/**
 * How long to leave the event loop to others after a batch that held it for `batchMs`, given
 * that the turn they had since the previous batch took `othersMs`: none on an idle server,
 * three times the batch on a busy one. Only SQLite's batches hold the loop (PostgreSQL's are
 * waited for while the loop answers requests), so only they are followed by pauses.
 *
 * A 100,000-row run stored on a loaded server took half of the event loop or more for its
 * 6-13 s (a batch takes about as long as the requests answered in one turn), which doubled
 * every waiting request's latency meanwhile and slowed the accepting of new connections, one a
 * turn, until some waited 10 s and timed out. With the pause a store takes at most about a
 * quarter of a busy loop, and longer. Measured in turns (a throw-away harness on a 100k
 * database, 200 connections reading result pages for 30 s while re-running, 2 cores):
 * without, p99 144-253 ms (median 158), 2,048-2,652 req/s, and requests timed out
 * after 10 s in four trials of nine; with, p99 120-161 ms (median 144), 2,348-3,013 req/s, and
 * none timed out in seven (five with a 1 ms threshold for a busy turn, two with this one).
 */
export function pauseAfterBatch(batchMs: number, othersMs: number): number {
  return othersMs > BUSY_TURN_MS ? batchMs * PAUSE_PER_BATCH : 0;
}

/**
 * `shared`: columns every row has the same value in (a run's id on each of its results), added
 * a batch at a time rather than by copying every row beforehand.
 */
export async function insertInBatches<T extends keyof DatabaseSchema & string, S extends Partial<Insertable<DatabaseSchema[T]>> = Record<never, never>>(
  db: Kysely<DatabaseSchema>,
  table: T,
  rows: readonly Omit<Insertable<DatabaseSchema[T]>, keyof S>[],
  shared?: S,
): Promise<void> {
  if (rows.length === 0) return;
  const columns = Object.keys(rows[0]).length + (shared ? Object.keys(shared).length : 0);
  const size = Math.max(1, Math.min(MAX_ROWS, Math.floor(MAX_PARAMETERS / columns)));
  const holdsLoop = queriesHoldEventLoop(db);
  for (let start = 0; start < rows.length; start += size) {
    const batch = rows.slice(start, start + size);
    // Object.assign, not `{ ...shared, ...row }`: V8 copies a spread that follows another one
    // property by property, 21 µs a result row against 0.9 (2 s of a 100,000-row run's store on the event loop).
    const started = performance.now();
    await db.insertInto(table).values((shared ? batch.map((row) => Object.assign({}, shared, row)) : batch) as never).execute();
    const yielded = performance.now();
    await yieldToEventLoop();
    const pause = holdsLoop ? pauseAfterBatch(yielded - started, performance.now() - yielded) : 0;
    if (pause > 0) await sleep(pause);
  }
}
