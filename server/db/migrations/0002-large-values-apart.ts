/**
 * Large values out of the rows that are read and written all the time.
 *
 * SQLite stores a row's columns in order, a long value spilling over into a chain of overflow
 * pages: reading a column after it walks that chain, and updating any column rewrites the
 * whole row. A run's snapshot and result (megabytes, gzipped) and report sat before its status,
 * progress and heartbeat, so every progress update and heartbeat rewrote them and every read of
 * a run's state (each result page, lookup and poll) walked them. They move to `run_payloads`,
 * written once and read only by the few endpoints that need them; a round's head (its regions,
 * specialties and policy: tens of kB) moves to the end of its row, after the small columns the
 * access checks read. PostgreSQL keeps long values out of line anyway; there this only moves
 * data. Portable DDL only.
 */
import type { Kysely, Migration } from 'kysely';
import { binaryColumnType, textColumnType } from '../open-database.ts';
import { moveRoundHeadLast } from './column-order.ts';

type AnyDb = Kysely<any>;

export const largeValuesApart: Migration = {
  async up(db: AnyDb) {
    const binary = binaryColumnType(db);
    const text = textColumnType(db);

    await db.schema
      .createTable('run_payloads')
      .addColumn('run_id', text, (col) => col.primaryKey().references('runs.id').onDelete('cascade'))
      .addColumn('snapshot', binary, (col) => col.notNull())
      .addColumn('result', binary)
      .addColumn('report_json', text)
      .execute();
    await db
      .insertInto('run_payloads')
      .columns(['run_id', 'snapshot', 'result', 'report_json'])
      .expression(db.selectFrom('runs').select(['id', 'snapshot', 'result', 'report_json']))
      .execute();
    for (const column of ['snapshot', 'result', 'report_json']) await db.schema.alterTable('runs').dropColumn(column).execute();

    await moveRoundHeadLast(db);
  },
};
