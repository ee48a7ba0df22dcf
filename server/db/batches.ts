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
 * Each batch holds the event loop while SQLite stores it (a few ms for 500 rows of results with
 * their indexes); much larger batches delay every request waiting meanwhile by tens of ms.
 */
const MAX_ROWS = 500;

export async function insertInBatches<T extends keyof DatabaseSchema & string>(
  db: Kysely<DatabaseSchema>,
  table: T,
  rows: readonly Insertable<DatabaseSchema[T]>[],
): Promise<void> {
  if (rows.length === 0) return;
  const size = Math.max(1, Math.min(MAX_ROWS, Math.floor(MAX_PARAMETERS / Object.keys(rows[0]).length)));
  for (let start = 0; start < rows.length; start += size) {
    await db.insertInto(table).values(rows.slice(start, start + size) as never).execute();
    await yieldToEventLoop();
  }
}
