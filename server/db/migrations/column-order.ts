/**
 * SQLite keeps a row's columns in order, and reading a column after a long value walks that
 * value's overflow pages (0002-large-values-apart.ts). A column added goes last, so after
 * adding columns to `rounds` its long head goes back to the end of the row.
 */
import { sql, type Kysely } from 'kysely';
import { textColumnType } from '../open-database.ts';

export async function moveRoundHeadLast(db: Kysely<any>): Promise<void> {
  // NOT NULL needs a default when rows exist (none is left empty).
  await db.schema.alterTable('rounds').addColumn('head_json_last', textColumnType(db), (col) => col.notNull().defaultTo('{}')).execute();
  await db.updateTable('rounds').set({ head_json_last: sql.ref('head_json') }).execute();
  await db.schema.alterTable('rounds').dropColumn('head_json').execute();
  await db.schema.alterTable('rounds').renameColumn('head_json_last', 'head_json').execute();
}
