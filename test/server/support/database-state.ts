/** Looking at the database directly: row counts, and a fingerprint of everything in it. */
import { createHash } from 'node:crypto';
import type { Db } from '../../../server/db/open-database.ts';
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
