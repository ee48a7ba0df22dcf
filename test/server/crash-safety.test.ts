/**
 * The server killed (SIGKILL) in the middle of large imports and solves, again and again, on
 * the dialect of the project (SQLite or PostgreSQL). Each round the server starts, is sent a
 * new round file, a CSV that replaces a round's students, and (unless two runs are left over
 * already) a run, and is killed at a moment spread over how long that work and its solve take. After each kill: the database passes its own
 * integrity check; every import is there whole or not at all, and there whole if it was
 * acknowledged; every done run has all its result rows and no other run has any. At the end
 * a last start takes up the runs the kills left solving and finishes them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateRound } from '../../fixtures/generate-round.ts';
import { openDatabase, type Db } from '../../server/db/open-database.ts';
import { createApiKey } from '../../server/repositories/api-keys.ts';
import type { Round } from '../../solver/schema.ts';
import { integrityProblems } from './support/database-state.ts';
import { startServer, type ServerProcess } from './support/server-process.ts';
import { testDatabases, type TestDatabases } from './support/test-database.ts';

const KILLS = 10;
const STUDENTS = 5_000;

let databases: TestDatabases;
let location: string;
let admin: string;

const base = withId(generateRound({ students: STUDENTS, seed: 21 }), 'base');
const imports = Array.from({ length: KILLS + 1 }, (_, i) => withId(generateRound({ students: STUDENTS, seed: 100 + i }), `import-${i}`));

function withId(round: Round, id: string): Round {
  return { ...round, round: { ...round.round, id } };
}

/** The base round's students as a CSV whose every name says which version it is. */
function studentsCsv(version: number): string {
  const rows = base.students.map((s) => [s.id, `v${version}`, s.college, s.specialty, s.score, (s.preferences ?? []).join('|')].join(','));
  return ['id,name,college,specialty,score,preferences', ...rows].join('\n');
}

/** What the server acknowledged (a 2xx answer) before it was killed. */
interface Acknowledged {
  imports: Set<string>;
  runs: Set<string>;
  /** The CSV version acknowledged in the last iteration, if it was. */
  csvVersion: number | null;
}

async function send(server: ServerProcess, method: string, path: string, body: string, contentType: string): Promise<{ status: number; text: string } | null> {
  try {
    const response = await fetch(`${server.api}${path}`, { method, body, headers: { authorization: `Bearer ${admin}`, 'content-type': contentType } });
    return { status: response.status, text: await response.text() };
  } catch {
    return null; // the server died before answering
  }
}

/**
 * Sends an iteration's work at once (the run only when `withRun`); resolves when each request
 * is answered or cut off, with the run started.
 */
async function work(server: ServerProcess, i: number, acknowledged: Acknowledged, withRun: boolean): Promise<string | null> {
  const round = imports[i];
  acknowledged.csvVersion = null;
  const [, , run] = await Promise.all([
    send(server, 'POST', '/rounds', JSON.stringify(round), 'application/json').then((answer) => {
      if (answer?.status === 201) acknowledged.imports.add(round.round.id);
    }),
    send(server, 'POST', '/rounds/base/students.csv?mode=replace', studentsCsv(i), 'text/csv').then((answer) => {
      if (answer?.status === 200) acknowledged.csvVersion = i;
    }),
    withRun ? send(server, 'POST', '/rounds/base/runs', '{}', 'application/json') : null,
  ]);
  if (run?.status !== 202) return null;
  const { runId } = JSON.parse(run.text) as { runId: string };
  acknowledged.runs.add(runId);
  return runId;
}

const count = async (db: Db, table: 'rounds' | 'students' | 'offers' | 'colleges' | 'results', column: 'id' | 'round_id' | 'run_id', value: string) =>
  Number((await db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).where(column as never, '=', value as never).executeTakeFirstOrThrow()).n);

/** Checks the database after a kill; returns the version of the base round's students. */
async function check(acknowledged: Acknowledged, allowedVersions: number[]): Promise<number> {
  const database = openDatabase(location);
  try {
    const { db } = database;
    expect(await integrityProblems(database)).toEqual([]);

    for (const round of imports) {
      const id = round.round.id;
      const counts = { rounds: await count(db, 'rounds', 'id', id), students: await count(db, 'students', 'round_id', id), offers: await count(db, 'offers', 'round_id', id), colleges: await count(db, 'colleges', 'round_id', id) };
      const whole = { rounds: 1, students: round.students.length, offers: round.offers.length, colleges: round.colleges.length };
      const none = { rounds: 0, students: 0, offers: 0, colleges: 0 };
      expect({ id, counts }).toEqual({ id, counts: acknowledged.imports.has(id) || counts.rounds === 1 ? whole : none });
    }

    // A CSV replaces all students or none: they are all of one version, an allowed one.
    const versions = await db.selectFrom('students').select('name').distinct().where('round_id', '=', 'base').execute();
    expect(versions).toHaveLength(1);
    const version = Number(versions[0].name!.slice(1));
    expect(allowedVersions).toContain(version);
    expect(await count(db, 'students', 'round_id', 'base')).toBe(STUDENTS);

    const runs = await db.selectFrom('runs').leftJoin('run_payloads', 'run_payloads.run_id', 'runs.id').select(['id', 'status', 'result', 'summary_json']).execute();
    for (const id of acknowledged.runs) expect(runs.map((run) => run.id)).toContain(id);
    for (const run of runs) {
      const done = run.status === 'done';
      const stored = { rows: await count(db, 'results', 'run_id', run.id), result: run.result !== null, students: done ? JSON.parse(run.summary_json!).students : 0 };
      expect({ run: run.id, status: run.status, ...stored }).toEqual({ run: run.id, status: run.status, rows: done ? STUDENTS : 0, result: done, students: done ? STUDENTS : 0 });
    }
    return version;
  } finally {
    await database.close();
  }
}

async function unfinishedRuns(): Promise<number> {
  const database = openDatabase(location);
  try {
    return (await database.db.selectFrom('runs').select('id').where('status', 'in', ['queued', 'solving']).execute()).length;
  } finally {
    await database.close();
  }
}

/** Polls until `done` says so. */
async function until(what: string, done: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await done())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

// Runs are killed often here: no run may be given up for it.
const SERVER_ENV = { RUN_MAX_ATTEMPTS: '100', RUN_CONCURRENCY: '2' };

describe('killed in the middle of imports and solves', () => {
  const acknowledged: Acknowledged = { imports: new Set(), runs: new Set(), csvVersion: null };
  let version = KILLS;
  let calibrationMs = 0;

  beforeAll(async () => {
    databases = testDatabases();
    location = await databases.create();
    const server = await startServer(location, SERVER_ENV);
    const database = openDatabase(location);
    try {
      admin = (await createApiKey(database.db, { role: 'admin', region: null, enterprise: null, label: null, origins: [] })).value;
      expect((await send(server, 'POST', '/rounds', JSON.stringify(base), 'application/json'))?.status).toBe(201);
      // One undisturbed round first: how long the work and its solve take here sets when to kill.
      const started = performance.now();
      const runId = await work(server, KILLS, acknowledged, true);
      await until('the first run is done', async () => (await database.db.selectFrom('runs').select('status').where('id', '=', runId!).executeTakeFirst())?.status === 'done', 60_000);
      calibrationMs = performance.now() - started;
      expect(acknowledged.imports.has(`import-${KILLS}`)).toBe(true);
      expect(acknowledged.csvVersion).toBe(KILLS);
    } finally {
      await database.close();
      await server.stop();
    }
  }, 120_000);

  afterAll(async () => {
    await databases?.remove();
  });

  it(`keeps everything whole across ${KILLS} kills`, async () => {
    for (let i = 0; i < KILLS; i++) {
      // A new run while fewer than two are unfinished: each start has a solve to be killed in, and few are left over.
      const unfinished = await unfinishedRuns();
      const server = await startServer(location, SERVER_ENV);
      const working = work(server, i, acknowledged, unfinished < 2);
      // Spread over the work, from just after it is sent to about when its solve is stored.
      await new Promise((resolve) => setTimeout(resolve, ((i + 0.5) / KILLS) * calibrationMs));
      await server.stop('SIGKILL');
      await working;
      version = await check(acknowledged, acknowledged.csvVersion === i ? [i] : [version, i]);
    }
  }, 300_000);

  it('finishes, after a last start, the runs the kills left unfinished, each once', async () => {
    const server = await startServer(location, SERVER_ENV);
    const database = openDatabase(location);
    try {
      await until('no run is left queued or solving', async () => (await unfinishedRuns()) === 0, 120_000);
      expect(await database.db.selectFrom('runs').select(['id', 'status', 'error']).where('status', '!=', 'done').execute()).toEqual([]);
    } finally {
      await database.close();
      await server.stop();
    }
    acknowledged.csvVersion = null;
    await check(acknowledged, [version]);
  }, 180_000);
});
