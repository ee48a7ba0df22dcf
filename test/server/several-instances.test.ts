/**
 * Several server processes on one PostgreSQL database, as behind a load balancer: they start
 * together (migrating once), share one run queue, each can tell the progress of runs the
 * other solves and serve what the other published; and when one is killed mid-solve, its run
 * is taken up by the other, and every run ends done with exactly one stored result.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateRound } from '../../fixtures/generate-round.ts';
import { openDatabase, type Database } from '../../server/db/open-database.ts';
import { createApiKey } from '../../server/repositories/api-keys.ts';
import { smallRound } from './support/rounds.ts';
import { startServer, type ServerProcess } from './support/server-process.ts';
import { TEST_DIALECT, testDatabases, type TestDatabases } from './support/test-database.ts';

const STUDENTS = 6_000;
const GENERATED = generateRound({ students: STUDENTS, seed: 12 });
const ROUND = { ...GENERATED, round: { ...GENERATED.round, id: 'shared' } };
const RUNS = 8;

let databases: TestDatabases;
let database: Database;
let a: ServerProcess;
let b: ServerProcess;
let admin: string;

async function call<T = any>(server: ServerProcess, method: string, path: string, body?: unknown, key: string | null = admin): Promise<{ status: number; body: T }> {
  const headers: Record<string, string> = {};
  if (key) headers.authorization = `Bearer ${key}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(`${server.api}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : null) as T };
}

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = await probe();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** A run's event stream, read to its end. */
async function followEvents(server: ServerProcess, runId: string): Promise<{ event: string; data: any }[]> {
  const response = await fetch(`${server.api}/runs/${runId}/events`, { headers: { authorization: `Bearer ${admin}` } });
  return (await response.text())
    .split('\n\n')
    .filter((block) => block.includes('data:'))
    .map((block) => ({ event: /^event: (.*)$/m.exec(block)![1], data: JSON.parse(/^data: (.*)$/m.exec(block)![1]) }));
}

describe.runIf(TEST_DIALECT === 'postgres')('two instances on one PostgreSQL database', () => {
  beforeAll(async () => {
    databases = testDatabases();
    const location = await databases.create();
    // Started at the same moment on an empty database: both migrate, one waits for the other.
    [a, b] = await Promise.all([startServer(location, { INSTANCE_ID: 'a' }), startServer(location, { INSTANCE_ID: 'b' })]);
    database = openDatabase(location);
    admin = (await createApiKey(database.db, { role: 'admin', region: null, enterprise: null, label: null, origins: [] })).value;
  }, 60_000);

  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await database?.close();
    await databases?.remove();
  });

  it('migrated the database once', async () => {
    const applied = await database.db.selectFrom('kysely_migration' as never).select('name' as never).execute();
    expect(applied).toEqual([{ name: '0001-initial' }, { name: '0002-large-values-apart' }, { name: '0003-lookup-keys' }]);
  });

  it('serves a run published through one instance from the other', async () => {
    expect((await call(a, 'POST', '/rounds', smallRound('published-elsewhere'))).status).toBe(201);
    const { runId } = (await call(a, 'POST', '/rounds/published-elsewhere/runs', {})).body;
    expect((await followEvents(b, runId)).at(-1)!.event).toBe('done');
    // Refused while unpublished (and not remembered), public once published through a.
    expect((await call(b, 'GET', `/runs/${runId}/summary`, undefined, null)).status).toBe(401);
    expect((await call(a, 'POST', `/runs/${runId}/publish`)).status).toBe(200);
    const summary = await call(b, 'GET', `/runs/${runId}/summary`, undefined, null);
    expect(summary.status).toBe(200);
    expect(summary.body.summary.students).toBe(8);
  });

  it('share the run queue; a run of a killed instance is solved by the other, each run stored once', async () => {
    expect((await call(a, 'POST', '/rounds', ROUND)).status).toBe(201);
    const runIds: string[] = [];
    for (let i = 0; i < RUNS; i++) {
      const server = i % 2 === 0 ? a : b;
      const started = await call(server, 'POST', '/rounds/shared/runs', { mechanism: i % 3 === 0 ? 'stable' : 'optimal' });
      expect(started.status).toBe(202);
      runIds.push(started.body.runId);
    }

    // b is in the middle of a solve: a tells its progress, from the row b keeps up to date.
    const victim = await until('b solves a run', async () => {
      const row = await database.db.selectFrom('runs').select(['id', 'progress_phase']).where('claimed_by', '=', 'b').where('status', '=', 'solving').executeTakeFirst();
      return row?.id;
    });
    const seenFromA = await call(a, 'GET', `/runs/${victim}`);
    expect(seenFromA.body).toMatchObject({ status: 'solving', progress: { phase: expect.any(String) } });
    const events = followEvents(a, victim);

    expect(await b.stop('SIGKILL')).toBeNull();

    // a re-queues the run once its heartbeat is stale, and solves it; its event stream on a ends with it.
    const followed = await events;
    expect(followed.at(-1)).toMatchObject({ event: 'done', data: { id: victim, status: 'done' } });
    expect(a.output().stderr).toContain('re-queued runs whose instance stopped');

    const rows = await until('every run is finished', async () => {
      const all = await database.db.selectFrom('runs').select(['id', 'status', 'attempts', 'claimed_by', 'summary_json']).where('round_id', '=', 'shared').execute();
      return all.every((run) => run.status === 'done' || run.status === 'failed') ? all : undefined;
    });
    expect(rows.map((run) => run.id).sort()).toEqual([...runIds].sort());
    for (const run of rows) {
      expect(run.status).toBe('done');
      const results = await database.db
        .selectFrom('results')
        .select((eb) => [eb.fn.countAll().as('n'), eb.fn.count('student').distinct().as('students')])
        .where('run_id', '=', run.id)
        .executeTakeFirstOrThrow();
      expect({ run: run.id, rows: Number(results.n), students: Number(results.students) }).toEqual({ run: run.id, rows: STUDENTS, students: STUDENTS });
      expect(JSON.parse(run.summary_json!).students).toBe(STUDENTS);
    }
    expect(rows.find((run) => run.id === victim)).toMatchObject({ claimed_by: 'a', attempts: 2 });
  }, 180_000);
});
