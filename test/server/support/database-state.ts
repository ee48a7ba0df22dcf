/** Looking at the database directly: row counts, a fingerprint of everything in it, its integrity. */
import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import type { Database, Db } from '../../../server/db/open-database.ts';
import type { DatabaseSchema } from '../../../server/db/schema.ts';

const TABLES: (keyof DatabaseSchema)[] = ['rounds', 'colleges', 'enterprises', 'offers', 'students', 'regions', 'specialties', 'runs', 'results', 'api_keys', 'tokens'];

/** Rows per table (of one round's lists, when `roundId` is given). */
export async function tableCounts(db: Db, roundId?: string): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of TABLES) {
    let q = db.selectFrom(table).select((eb) => eb.fn.countAll().as('n'));
    if (roundId && ['colleges', 'enterprises', 'offers', 'students'].includes(table)) q = q.where('round_id' as never, '=', roundId as never);
    counts[table] = Number((await q.executeTakeFirstOrThrow()).n);
  }
  return counts;
}

/** A hash of every row of every table: equal fingerprints mean nothing changed. */
export async function fingerprint(db: Db): Promise<string> {
  const hash = createHash('sha256');
  for (const table of TABLES) {
    const rows = await db.selectFrom(table).selectAll().execute();
    const lines = rows.map((row) => JSON.stringify(row, (_key, value) => (value && value.type === 'Buffer' ? createHash('sha256').update(Buffer.from(value.data)).digest('hex') : value))).sort();
    hash.update(`${table}\n${lines.join('\n')}\n`);
  }
  return hash.digest('hex');
}

/**
 * What the database's own checks find wrong (nothing, in a healthy database). SQLite: its
 * integrity check (pages, indexes against tables) and its foreign-key check. PostgreSQL has
 * no crash-prone file to check, but its amcheck extension verifies every B-tree index, and
 * that each row of a table is in each of its indexes.
 */
export async function integrityProblems(database: Database): Promise<string[]> {
  const { db } = database;
  if (database.dialect === 'sqlite') {
    const integrity = await sql<{ integrity_check: string }>`pragma integrity_check`.execute(db);
    const foreignKeys = await sql<Record<string, unknown>>`pragma foreign_key_check`.execute(db);
    return [...integrity.rows.map((row) => row.integrity_check).filter((line) => line !== 'ok'), ...foreignKeys.rows.map((row) => `foreign key: ${JSON.stringify(row)}`)];
  }
  await sql`create extension if not exists amcheck`.execute(db);
  const indexes = await sql<{ name: string }>`
    select c.relname as name from pg_index i
    join pg_class c on c.oid = i.indexrelid join pg_am am on am.oid = c.relam join pg_namespace n on n.oid = c.relnamespace
    where am.amname = 'btree' and n.nspname = 'public'`.execute(db);
  const problems: string[] = [];
  for (const { name } of indexes.rows) {
    try {
      await sql`select bt_index_check(${name}::regclass, true)`.execute(db);
    } catch (error) {
      problems.push(`${name}: ${(error as Error).message}`);
    }
  }
  if (indexes.rows.length === 0) problems.push('no indexes found to check');
  return problems;
}
