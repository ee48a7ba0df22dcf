/**
 * What must hold alike on SQLite and PostgreSQL: the schema (migrated once, even by several
 * instances starting together), text compared byte by byte whatever the server's collation
 * (so lists sort and ids prefix-match the same), every number the round format allows, and
 * queries compiled once and run with new values.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Migrator, type Kysely } from 'kysely';
import { migrateToLatest } from '../../server/db/migrate.ts';
import { initialSchema } from '../../server/db/migrations/0001-initial.ts';
import { openDatabase, queriesHoldEventLoop, type Database } from '../../server/db/open-database.ts';
import { reusableQuery } from '../../server/db/reusable-query.ts';
import type { DatabaseSchema, Role } from '../../server/db/schema.ts';
import { createApiKey } from '../../server/repositories/api-keys.ts';
import { openHarness, type Harness } from './support/harness.ts';
import { smallRound } from './support/rounds.ts';
import { TEST_DIALECT, testDatabases, type TestDatabases } from './support/test-database.ts';

let databases: TestDatabases;

beforeAll(() => {
  databases = testDatabases();
});

afterAll(async () => {
  await databases.remove();
});

/** JavaScript's order of strings by code point: byte order of their UTF-8. */
const byCodePoint = (a: string, b: string) => {
  const x = [...a].map((c) => c.codePointAt(0)!);
  const y = [...b].map((c) => c.codePointAt(0)!);
  for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return x[i] - y[i];
  return x.length - y.length;
};

describe.runIf(TEST_DIALECT === 'postgres')('migrations on PostgreSQL', () => {
  it('are applied once when several instances start at the same moment', async () => {
    const location = await databases.create();
    const instances: Database[] = Array.from({ length: 6 }, () => openDatabase(location, { poolSize: 2 }));
    try {
      const applied = await Promise.all(instances.map((instance) => migrateToLatest(instance.db)));
      expect(applied.filter((names) => names.length > 0)).toEqual([['0001-initial', '0002-large-values-apart', '0003-lookup-keys']]);
      expect(await instances[0].db.selectFrom('kysely_migration' as never).select('name' as never).execute()).toEqual([{ name: '0001-initial' }, { name: '0002-large-values-apart' }, { name: '0003-lookup-keys' }]);
    } finally {
      await Promise.all(instances.map((instance) => instance.close()));
    }
  });

  it('give every text column the byte-order collation "C", whatever the database default', async () => {
    const database = openDatabase(await databases.create());
    try {
      await migrateToLatest(database.db);
      const columns = await database.db
        .selectFrom('information_schema.columns' as never)
        .select(['table_name', 'column_name', 'collation_name'] as never[])
        .where('table_schema' as never, '=', 'public' as never)
        .where('data_type' as never, '=', 'text' as never)
        .execute();
      const ours = (columns as { table_name: string; column_name: string; collation_name: string | null }[]).filter((column) => !column.table_name.startsWith('kysely_'));
      expect(ours.length).toBeGreaterThan(60);
      expect(ours.filter((column) => column.collation_name !== 'C')).toEqual([]);
    } finally {
      await database.close();
    }
  });
});

describe('migrations 0002 and 0003 on a database made by 0001', () => {
  it('moves the runs\' large values to run_payloads and the rounds\' heads to the end of their rows, losing nothing, and leaves old rounds without lookup keys', async () => {
    const database = openDatabase(await databases.create());
    const db = database.db as Kysely<any>;
    try {
      const firstOnly = { getMigrations: async () => ({ '0001-initial': initialSchema }) };
      expect((await new Migrator({ db, provider: firstOnly }).migrateToLatest()).error).toBeUndefined();
      const now = new Date().toISOString();
      const head = JSON.stringify({ format: 'dual-match/round@1', regions: [{ code: 'R', name: 'Ω region 😀' }] });
      await db.insertInto('rounds').values({ id: 'r', scope_region: null, mechanism: 'optimal', status: 'solved', revision: 3, head_json: head, code_salt: 's', published_run_id: null, source_run_id: null, created_by: null, created_at: now, updated_at: now }).execute();
      const payload = { snapshot: Buffer.from([0, 1, 2, 255]), result: Buffer.from('result'), report_json: '{"shortage":[]}' };
      const run = { round_id: 'r', status: 'done', mechanism: 'optimal', policy_json: '{}', round_revision: 3, attempts: 1, created_at: now, progress_percent: 100 };
      await db.insertInto('runs').values([{ id: 'done', ...run, ...payload }, { id: 'queued', ...run, status: 'queued', snapshot: Buffer.from([7]), result: null, report_json: null }]).execute();

      expect(await migrateToLatest(database.db)).toEqual(['0002-large-values-apart', '0003-lookup-keys']);
      const payloads = await db.selectFrom('run_payloads').selectAll().orderBy('run_id').execute();
      expect(payloads.map((p) => ({ ...p, snapshot: Buffer.from(p.snapshot), result: p.result && Buffer.from(p.result) }))).toEqual([
        { run_id: 'done', ...payload },
        { run_id: 'queued', snapshot: Buffer.from([7]), result: null, report_json: null },
      ]);
      const runs = await db.selectFrom('runs').selectAll().orderBy('id').execute();
      expect(runs.map((r) => [r.id, r.status, r.progress_percent])).toEqual([['done', 'done', 100], ['queued', 'queued', 100]]);
      expect(Object.keys(runs[0])).not.toContain('snapshot');
      const round = await db.selectFrom('rounds').selectAll().executeTakeFirstOrThrow();
      expect({ head: round.head_json, revision: Number(round.revision), columns: Object.keys(round).at(-1) }).toEqual({ head, revision: 3, columns: 'head_json' });
      // 0003: a round from before lookup keys has none (its codes were salted with its secret salt).
      expect({ code_salt: round.code_salt, lookup_salt: round.lookup_salt, lookup_cost: round.lookup_cost }).toEqual({ code_salt: 's', lookup_salt: null, lookup_cost: null });
    } finally {
      await database.close();
    }
  });
});

describe('queries and the event loop', () => {
  it('hold it on SQLite (large inserts then pause while requests wait), not on PostgreSQL', async () => {
    const database = openDatabase(await databases.create());
    try {
      expect(queriesHoldEventLoop(database.db)).toBe(TEST_DIALECT === 'sqlite');
    } finally {
      await database.close();
    }
  });
});

describe('text and numbers', () => {
  let h: Harness;
  let admin: string;
  const IDS = ['a', 'B', 'b', 'S-2', 'S1', 'S10', 's1', 'É', 'e', 'Z', '_z', 'ab', 'a-b', 'a b', 'Ω', '日本', '😀', 'a😀', 'aé'];

  beforeAll(async () => {
    h = await openHarness(await databases.create(), { env: { RATE_LIMIT_PUBLIC: '0' } });
    admin = (await createApiKey(h.database.db, { role: 'admin', region: null, enterprise: null, label: null, origins: [] })).value;
    const round = smallRound('text-order');
    const template = round.students[0];
    round.students = IDS.map((id) => ({ ...template, id, name: `student ${id}`, preferences: [] }));
    round.offers[0] = { ...round.offers[0], places: Number.MAX_SAFE_INTEGER };
    await h.json('POST', '/api/v1/rounds', { key: admin, body: round });
  });

  afterAll(async () => {
    await h?.close();
  });

  it('sort ids in code point order, case and punctuation included', async () => {
    const asc = await h.json('GET', '/api/v1/rounds/text-order/students?sort=id&limit=100', { key: admin });
    expect(asc.items.map((s: { id: string }) => s.id)).toEqual([...IDS].sort(byCodePoint));
    const desc = await h.json('GET', '/api/v1/rounds/text-order/students?sort=id&order=desc&limit=100', { key: admin });
    expect(desc.items.map((s: { id: string }) => s.id)).toEqual([...IDS].sort(byCodePoint).reverse());
  });

  it('page with cursors through ids in that order, each once', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { items: { id: string }[]; nextCursor: string | null } = await h.json('GET', `/api/v1/rounds/text-order/students?sort=id&limit=4${cursor ? `&cursor=${cursor}` : ''}`, { key: admin });
      seen.push(...page.items.map((s) => s.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual([...IDS].sort(byCodePoint));
  });

  it('match student id prefixes exactly: case-sensitive, no wildcards', async () => {
    const { runId } = await h.json('POST', '/api/v1/rounds/text-order/runs', { key: admin, body: {} });
    await h.services.runs.settled(runId);
    for (const prefix of ['a', 'A', 'S1', 's', 'S-', '_', '%', 'a😀', '😀', 'É', 'Z']) {
      const page = await h.json('GET', `/api/v1/runs/${runId}/results?q=${encodeURIComponent(prefix)}&sort=student&limit=100`, { key: admin });
      expect({ prefix, ids: page.items.map((r: { student: string }) => r.student) }).toEqual({ prefix, ids: IDS.filter((id) => id.startsWith(prefix)).sort(byCodePoint) });
    }
  });

  it('keep every whole number of places the round format allows', async () => {
    const offers = await h.json('GET', '/api/v1/rounds/text-order/offers?sort=places&order=desc&limit=1', { key: admin });
    expect(offers.items[0].places).toBe(Number.MAX_SAFE_INTEGER);
    const round = await h.json('GET', '/api/v1/rounds/text-order', { key: admin });
    expect(round.counts.places).toBe(Number.MAX_SAFE_INTEGER + smallRound('x').offers.slice(1).reduce((sum, o) => sum + o.places, 0));
  });
});

describe('reusable queries', () => {
  let database: Database;
  const ROLES = ['admin', 'office', 'enterprise'] as const;
  const REGIONS = ['KZ-39', 'KZ-11', null];

  beforeAll(async () => {
    database = openDatabase(await databases.create());
    await migrateToLatest(database.db);
    for (const role of ROLES) for (const region of REGIONS) for (const label of ['fixed', 'other']) await createApiKey(database.db, { role, region, enterprise: null, label, origins: [] });
  });

  afterAll(async () => {
    await database?.close();
  });

  // The values go into the SQL in another order than the arguments, with a constant between them.
  const build = (db: Kysely<DatabaseSchema>, limit: number, region: string, role: Role) =>
    db
      .selectFrom('api_keys')
      .select(['id', 'role', 'region', 'label'])
      .where('role', '=', role)
      .where((eb) => eb.or([eb('region', '=', region), eb('label', '=', 'fixed')]))
      .orderBy('id')
      .limit(limit);
  const reused = reusableQuery(build);

  it('answer what the query built afresh answers, for any values', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 7 }), fc.constantFrom('KZ-39', 'KZ-11', 'KZ-99'), fc.constantFrom(...ROLES), async (limit, region, role) => {
        expect(await reused(database.db, limit, region, role)).toEqual(await build(database.db, limit, region, role).execute());
      }),
      { numRuns: 60 },
    );
  });

  it('refuse a query that does not bind each value as a parameter', async () => {
    const unbound = reusableQuery((db: Kysely<DatabaseSchema>, role: Role, _unused: string) => db.selectFrom('api_keys').select('id').where('role', '=', role));
    await expect(unbound(database.db, 'admin', 'x')).rejects.toThrow(/parameter 1 is not bound/);
  });
});
