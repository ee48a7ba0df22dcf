/**
 * Large inserts in multi-row batches: one statement per row would be slow, one statement for
 * all rows would exceed the bound-parameter limit (32,766 in SQLite, 65,535 in PostgreSQL).
 * Between batches the event loop gets a turn, so a 100,000-row import inside one
 * transaction does not freeze every other request for its whole duration.
 */
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import type { Insertable, Kysely } from 'kysely';
import type { DatabaseSchema } from './schema.ts';

const MAX_PARAMETERS = 30_000;
/**
 * Each batch holds the event loop while SQLite stores it: 40-55 ms for 500 rows of results with
 * their nine indexes on a slow machine (2026-12), a delay every request waiting meanwhile shares.
 */
const MAX_ROWS = 200;

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
  for (let start = 0; start < rows.length; start += size) {
    const batch = rows.slice(start, start + size);
    // Object.assign, not `{ ...shared, ...row }`: V8 copies a spread that follows another one
    // property by property, 21 µs a result row against 0.9 (2 s of a 100,000-row run's store on the event loop).
    await db.insertInto(table).values((shared ? batch.map((row) => Object.assign({}, shared, row)) : batch) as never).execute();
    await yieldToEventLoop();
  }
}
