/**
 * The initial schema (see ../schema.ts for what each table holds). Portable DDL only: the
 * same migration runs on SQLite and PostgreSQL.
 */
import type { Kysely, Migration } from 'kysely';
import { binaryColumnType, textColumnType } from '../open-database.ts';

// Migrations must not depend on today's typed schema: they describe the database as it was.
type AnyDb = Kysely<any>;

async function createRoundEntityTable(db: AnyDb, table: string, columns: [name: string, type: 'text' | 'integer' | 'bigint' | 'double precision', nullable?: boolean][], filters: string[]) {
  const text = textColumnType(db);
  let builder = db.schema
    .createTable(table)
    .addColumn('round_id', text, (col) => col.notNull().references('rounds.id').onDelete('cascade'))
    .addColumn('id', text, (col) => col.notNull())
    .addColumn('position', 'integer', (col) => col.notNull());
  for (const [name, type, nullable] of columns) builder = builder.addColumn(name, type === 'text' ? text : type, (col) => (nullable ? col : col.notNull()));
  await builder
    .addColumn('data', text, (col) => col.notNull())
    .addPrimaryKeyConstraint(`${table}_pk`, ['round_id', 'id'])
    .execute();
  await db.schema.createIndex(`${table}_by_position`).on(table).columns(['round_id', 'position']).unique().execute();
  for (const column of filters) {
    await db.schema.createIndex(`${table}_by_${column}`).on(table).columns(['round_id', column, 'position']).execute();
  }
}

export const initialSchema: Migration = {
  async up(db: AnyDb) {
    const binary = binaryColumnType(db);
    const text = textColumnType(db);

    await db.schema
      .createTable('rounds')
      .addColumn('id', text, (col) => col.primaryKey())
      .addColumn('scope_region', text)
      .addColumn('mechanism', text, (col) => col.notNull())
      .addColumn('status', text, (col) => col.notNull())
      .addColumn('revision', 'integer', (col) => col.notNull())
      .addColumn('head_json', text, (col) => col.notNull())
      .addColumn('code_salt', text, (col) => col.notNull())
      .addColumn('published_run_id', text)
      .addColumn('source_run_id', text)
      .addColumn('created_by', text)
      .addColumn('created_at', text, (col) => col.notNull())
      .addColumn('updated_at', text, (col) => col.notNull())
      .execute();
    await db.schema.createIndex('rounds_by_status').on('rounds').columns(['status', 'id']).execute();
    await db.schema.createIndex('rounds_by_scope').on('rounds').columns(['scope_region', 'id']).execute();

    await createRoundEntityTable(db, 'colleges', [['region', 'text']], ['region']);
    await createRoundEntityTable(db, 'enterprises', [['region', 'text']], ['region']);
    await createRoundEntityTable(
      db,
      'offers',
      // Any whole number the round format allows (up to 2^53): PostgreSQL's integer stops at 2^31.
      [['enterprise', 'text'], ['specialty', 'text'], ['region', 'text'], ['places', 'bigint']],
      ['enterprise', 'specialty', 'region'],
    );
    await createRoundEntityTable(
      db,
      'students',
      [['college', 'text'], ['specialty', 'text'], ['region', 'text'], ['name', 'text', true], ['score', 'double precision'], ['priority', 'integer'], ['code_hash', 'text', true]],
      ['college', 'specialty', 'region'],
    );

    await db.schema
      .createTable('regions')
      .addColumn('code', text, (col) => col.primaryKey())
      .addColumn('name', text)
      .addColumn('name_en', text)
      .addColumn('name_ru', text)
      .addColumn('name_kk', text)
      .addColumn('lat', 'double precision', (col) => col.notNull())
      .addColumn('lon', 'double precision', (col) => col.notNull())
      .execute();
    await db.schema
      .createTable('specialties')
      .addColumn('code', text, (col) => col.primaryKey())
      .addColumn('name', text)
      .addColumn('name_en', text)
      .addColumn('name_ru', text)
      .addColumn('name_kk', text)
      .execute();

    await db.schema
      .createTable('runs')
      .addColumn('id', text, (col) => col.primaryKey())
      .addColumn('round_id', text, (col) => col.notNull().references('rounds.id').onDelete('cascade'))
      .addColumn('status', text, (col) => col.notNull())
      .addColumn('mechanism', text, (col) => col.notNull())
      .addColumn('policy_json', text, (col) => col.notNull())
      .addColumn('round_revision', 'integer', (col) => col.notNull())
      .addColumn('snapshot', binary, (col) => col.notNull())
      .addColumn('input_hash', text)
      .addColumn('solver_name', text)
      .addColumn('solver_version', text)
      .addColumn('result', binary)
      .addColumn('summary_json', text)
      .addColumn('outcome_json', text)
      .addColumn('report_json', text)
      .addColumn('progress_phase', text)
      .addColumn('progress_percent', 'integer')
      .addColumn('error', text)
      .addColumn('attempts', 'integer', (col) => col.notNull().defaultTo(0))
      .addColumn('claimed_by', text)
      .addColumn('heartbeat_at', text)
      .addColumn('created_by', text)
      .addColumn('created_at', text, (col) => col.notNull())
      .addColumn('started_at', text)
      .addColumn('finished_at', text)
      .addColumn('published_at', text)
      .addColumn('solve_seconds', 'double precision')
      .execute();
    await db.schema.createIndex('runs_by_round').on('runs').columns(['round_id', 'created_at']).execute();
    await db.schema.createIndex('runs_by_status').on('runs').columns(['status', 'created_at']).execute();

    await db.schema
      .createTable('results')
      .addColumn('run_id', text, (col) => col.notNull().references('runs.id').onDelete('cascade'))
      .addColumn('position', 'integer', (col) => col.notNull())
      .addColumn('student', text, (col) => col.notNull())
      .addColumn('name', text)
      .addColumn('score', 'double precision', (col) => col.notNull())
      .addColumn('priority', 'integer', (col) => col.notNull())
      .addColumn('college', text, (col) => col.notNull())
      .addColumn('college_name', text)
      .addColumn('specialty', text, (col) => col.notNull())
      .addColumn('region', text, (col) => col.notNull())
      .addColumn('status', text, (col) => col.notNull())
      .addColumn('offer', text)
      .addColumn('enterprise', text)
      .addColumn('enterprise_name', text)
      .addColumn('rank', 'integer')
      .addColumn('km', 'double precision')
      .addColumn('reason', text)
      .addColumn('detail', text)
      .addColumn('explanation', text, (col) => col.notNull())
      .addPrimaryKeyConstraint('results_pk', ['run_id', 'position'])
      .execute();
    await db.schema.createIndex('results_by_student').on('results').columns(['run_id', 'student']).unique().execute();
    // One index per filter and per sort key, each ending in position: keyset pages stay index scans.
    for (const column of ['status', 'specialty', 'region', 'college', 'enterprise', 'rank', 'km']) {
      await db.schema.createIndex(`results_by_${column}`).on('results').columns(['run_id', column, 'position']).execute();
    }

    await db.schema
      .createTable('api_keys')
      .addColumn('id', text, (col) => col.primaryKey())
      .addColumn('secret_hash', text, (col) => col.notNull())
      .addColumn('role', text, (col) => col.notNull())
      .addColumn('region', text)
      .addColumn('enterprise', text)
      .addColumn('label', text)
      .addColumn('origins_json', text, (col) => col.notNull())
      .addColumn('created_at', text, (col) => col.notNull())
      .addColumn('revoked_at', text)
      .execute();
    await db.schema
      .createTable('tokens')
      .addColumn('id', text, (col) => col.primaryKey())
      .addColumn('key_id', text, (col) => col.notNull().references('api_keys.id').onDelete('cascade'))
      .addColumn('secret_hash', text, (col) => col.notNull())
      .addColumn('read_only', 'integer', (col) => col.notNull())
      .addColumn('expires_at', text, (col) => col.notNull())
      .addColumn('created_at', text, (col) => col.notNull())
      .execute();
    await db.schema.createIndex('tokens_by_expiry').on('tokens').column('expires_at').execute();
  },

  async down(db: AnyDb) {
    for (const table of ['tokens', 'api_keys', 'results', 'runs', 'specialties', 'regions', 'students', 'offers', 'enterprises', 'colleges', 'rounds']) {
      await db.schema.dropTable(table).execute();
    }
  },
};
