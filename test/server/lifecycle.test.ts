/**
 * End to end, against the server as a real process: a round's whole life with real solves
 * (draft -> solved -> published -> archived), progress over Server-Sent Events, re-runs and
 * their comparison, the public views and the lookup, the exports, a vacancy round, edits
 * during a solve, and graceful shutdown and crash recovery of running solves.
 */
import { scrypt as nobleScrypt } from '@noble/hashes/scrypt.js';
import { execFileSync } from 'node:child_process';
import { gunzipSync } from 'node:zlib';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateRound } from '../../fixtures/generate-round.ts';
import { documentJson } from '../../solver/document-json.ts';
import type { Round } from '../../solver/schema.ts';
import { assignmentOfResult } from '../../solver/result-assignment.ts';
import { solveRound } from '../../solver/solve-round.ts';
import { buildVacancyRound } from '../../solver/vacancy-round.ts';
import { validateRound } from '../../solver/validate-round.ts';
import { encodeKey, normaliseCode, studentSalt, type LookupKeyDerivation } from '../../server/auth/lookup-key.ts';
import { openDatabase } from '../../server/db/open-database.ts';
import { countChangedOutcomes } from '../../server/runs/run-comparison.ts';
import { TEST_ENV } from './support/harness.ts';
import { startServer, type ServerProcess } from './support/server-process.ts';
import { databaseEnv } from './support/test-database.ts';
import { TEST_DIALECT, testDatabases, type TestDatabases } from './support/test-database.ts';

let databases: TestDatabases;
let location: string;
let server: ServerProcess;
let admin: string;
let office: string;

/** `npm run keys -- create ...`, as an operator would run it. */
function createKey(...args: string[]): string {
  const output = execFileSync(process.execPath, ['--import', 'tsx', 'server/cli/keys.ts', 'create', ...args], { env: { ...process.env, ...TEST_ENV, ...databaseEnv(location) }, encoding: 'utf8' });
  return /^(dmk_\S+)$/m.exec(output)![1];
}

async function call(method: string, path: string, options: { key?: string; body?: unknown; headers?: Record<string, string> } = {}) {
  const headers: Record<string, string> = { ...options.headers };
  if (options.key) headers.authorization = `Bearer ${options.key}`;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  return fetch(`${server.api}${path}`, { method, headers, body: options.body === undefined ? undefined : JSON.stringify(options.body) });
}

async function ok<T = any>(method: string, path: string, options: { key?: string; body?: unknown } = {}): Promise<T> {
  const response = await call(method, path, options);
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text}`);
  return JSON.parse(text) as T;
}

/** The key a browser derives from a personal code (as the widget does, with @noble/hashes). */
function lookupKey(derivation: LookupKeyDerivation, student: string, code: string): string {
  return encodeKey(nobleScrypt(normaliseCode(code), studentSalt(derivation.salt, student), { N: derivation.N, r: derivation.r, p: derivation.p, dkLen: derivation.length }));
}

/** Follows a run's event stream to its end; returns the events. */
async function followEvents(runId: string, key: string): Promise<{ event: string; data: any }[]> {
  const response = await call('GET', `/runs/${runId}/events`, { key });
  expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
  const text = await response.text();
  return text
    .split('\n\n')
    .filter((block) => block.includes('data:'))
    .map((block) => ({ event: /^event: (.*)$/m.exec(block)![1], data: JSON.parse(/^data: (.*)$/m.exec(block)![1]) }));
}

function testRound(id: string, students: number): Round {
  const round = generateRound({ students, seed: 31, region: 'KZ-39', names: true });
  return { ...round, round: { ...round.round, id } };
}

beforeAll(async () => {
  databases = testDatabases();
  location = await databases.create();
  server = await startServer(location);
  admin = createKey('--role', 'admin');
  office = createKey('--role', 'office', '--region', 'KZ-39', '--label', 'Kostanay office');
}, 60_000);

afterAll(async () => {
  await server?.stop();
  await databases.remove();
});

describe('a round from import to archive', () => {
  const round = testRound('lifecycle', 400);
  let codes: { student: string; code: string }[];
  let optimalRun: string;
  let stableRun: string;

  it('imports the round as a draft and hands out personal codes once', async () => {
    const imported = await ok('POST', '/rounds', { key: office, body: round });
    expect(imported).toMatchObject({ id: 'lifecycle', status: 'draft', counts: { students: 400 } });
    codes = imported.codes;
    expect(codes).toHaveLength(400);
  });

  it('solves a run on a worker thread, streaming progress, and stores exactly the solver\'s result', async () => {
    const response = await call('POST', '/rounds/lifecycle/runs', { key: office });
    expect(response.status).toBe(202);
    optimalRun = ((await response.json()) as { runId: string }).runId;
    const events = await followEvents(optimalRun, office);
    expect(events.at(-1)!.event).toBe('done');
    expect(events.at(-1)!.data).toMatchObject({ id: optimalRun, status: 'done', mechanism: 'optimal' });
    expect(events.filter((e) => e.event === 'progress').length).toBeGreaterThan(0);

    const outcome = validateRound(round);
    if (!outcome.ok) throw new Error('test round invalid');
    const expected = documentJson((await solveRound(outcome.model, { threads: 1, document: round })).result);
    const exported = await call('GET', `/runs/${optimalRun}/result.json`, { key: office });
    expect(await exported.text()).toBe(expected);
    expect((await ok('GET', '/rounds/lifecycle', { key: office })).status).toBe('solved');
    if (TEST_DIALECT === 'postgres') {
      // The planner's statistics were refreshed after storing the results, not left to autovacuum.
      const database = openDatabase(location);
      const { rows } = await sql<{ last_analyze: Date | null }>`select last_analyze from pg_stat_user_tables where relname = 'results'`.execute(database.db);
      await database.close();
      expect(rows[0].last_analyze).toBeInstanceOf(Date);
    }
  });

  it('answers polling with the run and its summary', async () => {
    const run = await ok('GET', `/runs/${optimalRun}`, { key: office });
    expect(run).toMatchObject({ status: 'done', stale: false, progress: null, summary: { students: 400 } });
    expect(run.inputHash).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  it('re-runs with another mechanism and compares the two runs', async () => {
    const started = await ok('POST', '/rounds/lifecycle/runs', { key: office, body: { mechanism: 'stable' } });
    stableRun = started.runId;
    expect(stableRun).not.toBe(optimalRun);
    expect((await followEvents(stableRun, office)).at(-1)!.event).toBe('done');
    const comparison = await ok('GET', `/runs/${optimalRun}/compare/${stableRun}`, { key: office });
    expect(comparison.a.mechanism).toBe('optimal');
    expect(comparison.b.mechanism).toBe('stable');
    expect(comparison.justifiedEnvy.b).toBe(0);
    expect(comparison.outcomes.b).toMatchObject({ mechanism: 'stable', students: 400, justifiedEnvy: 0 });
    const placedA = comparison.rankDistribution.a.reduce((sum: number, n: number) => sum + n, 0);
    expect(placedA).toBe(comparison.a.summary.placed);
    expect(comparison.a.summary.placed).toBeGreaterThanOrEqual(comparison.b.summary.placed);

    // The students whose offer differs, counted from the two result files.
    const offers = async (run: string) => new Map((await ok('GET', `/runs/${run}/result.json`, { key: office })).assignments.map((a: { student: string; offer: string }) => [a.student, a.offer]));
    const [offersA, offersB] = [await offers(optimalRun), await offers(stableRun)];
    const changed = round.students.filter((s) => offersA.get(s.id) !== offersB.get(s.id)).length;
    expect(changed).toBeGreaterThan(0);
    expect(comparison.changedOutcomes).toBe(changed);
    // Counted on a worker thread, as for large runs, the count is the same.
    const database = openDatabase(location);
    try {
      expect(await countChangedOutcomes(database.db, location, { a: optimalRun, b: stableRun, students: 400 }, 0)).toBe(changed);
    } finally {
      await database.close();
    }
  });

  it('keeps results private until a run is published', async () => {
    expect((await call('GET', `/runs/${optimalRun}/summary`)).status).toBe(401);
    const published = await ok('POST', `/runs/${optimalRun}/publish`, { key: office });
    expect(published).toMatchObject({ status: 'published', publishedRun: optimalRun });
  });

  it('shows the public aggregates and pseudonymous rows, never names or scores', async () => {
    const summary = await ok('GET', `/runs/${optimalRun}/summary`);
    expect(summary.summary.students).toBe(400);
    expect(summary.bySpecialty.reduce((sum: number, bar: { students: number }) => sum + bar.students, 0)).toBe(400);
    const page = await ok('GET', `/runs/${optimalRun}/results?status=placed&sort=km&order=desc&limit=20&count=true`);
    expect(page.items).toHaveLength(20);
    expect(page.total).toBe(summary.summary.placed);
    for (const item of page.items) {
      expect(item.student).toMatch(/^anon-/);
      expect(item).not.toHaveProperty('name');
      expect(item).not.toHaveProperty('score');
    }
    expect(page.items.map((i: { km: number }) => i.km)).toEqual([...page.items.map((i: { km: number }) => i.km)].sort((a, b) => b - a));
    const text = JSON.stringify(page);
    for (const student of round.students.slice(0, 50)) expect(text).not.toContain(student.name!);
    expect((await call('GET', `/runs/${optimalRun}/results?q=S-0`)).status).toBe(400);
  });

  it('pages through every result row with cursors, each row once', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { items: { student: string }[]; nextCursor: string | null } = await ok('GET', `/runs/${optimalRun}/results?sort=rank&limit=37${cursor ? `&cursor=${cursor}` : ''}`, { key: office });
      seen.push(...page.items.map((i) => i.student));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(400);
    expect(new Set(seen).size).toBe(400);
  });

  it("tells a student their own outcome with the personal code, and nobody else's", async () => {
    const { student, code } = codes[7];
    const outcome = await ok('POST', `/runs/${optimalRun}/lookup`, { body: { student, code: code.toLowerCase() } });
    expect(outcome.student).toBe(student);
    expect(outcome.explanation.length).toBeGreaterThan(0);
    const wrong = await call('POST', `/runs/${optimalRun}/lookup`, { body: { student, code: 'WRONG-CODE' } });
    expect(wrong.status).toBe(404);
    const unknown = await call('POST', `/runs/${optimalRun}/lookup`, { body: { student: 'S-999999', code } });
    expect(unknown.status).toBe(404);
    expect(await wrong.json()).toEqual(await unknown.json());
  });

  it('tells a student their outcome from the key their browser derives from the code, as from the code', async () => {
    const { student, code } = codes[8];
    const { derivation } = await ok('GET', `/runs/${optimalRun}/lookup-key`);
    expect(derivation).toEqual({ algorithm: 'scrypt', salt: expect.stringMatching(/^[A-Za-z0-9_-]{22}$/), N: 2, r: 8, p: 1, length: 16 });
    // Asked before every lookup: a public answer that browsers and the server may keep.
    const answer = await call('GET', `/runs/${optimalRun}/lookup-key`);
    expect(answer.headers.get('cache-control')).toBe('public, max-age=60');
    expect((await call('GET', `/runs/${optimalRun}/lookup-key`, { headers: { 'if-none-match': answer.headers.get('etag')! } })).status).toBe(304);
    const byKey = await ok('POST', `/runs/${optimalRun}/lookup`, { body: { student, key: lookupKey(derivation, student, code) } });
    expect(byKey).toEqual(await ok('POST', `/runs/${optimalRun}/lookup`, { body: { student, code } }));
    const wrong = await call('POST', `/runs/${optimalRun}/lookup`, { body: { student, key: lookupKey(derivation, codes[9].student, code) } });
    expect(wrong.status).toBe(404);
    const unknown = await call('POST', `/runs/${optimalRun}/lookup`, { body: { student: 'S-999999', key: lookupKey(derivation, 'S-999999', code) } });
    expect(await wrong.json()).toEqual(await unknown.json());
  });

  it('exports the assignments as CSV with a BOM, and the round file', async () => {
    const response = await call('GET', `/runs/${optimalRun}/assignments.csv?delimiter=semicolon`, { key: office });
    const bytes = Buffer.from(await response.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = bytes.toString('utf8').replace(/\r\n$/, '').split('\r\n');
    expect(lines[0]).toBe('\uFEFFstudent;name;college;collegeName;specialty;region;status;offer;enterprise;enterpriseName;rank;km;reason;detail');
    expect(lines).toHaveLength(401);
    const gzipped = await fetch(`${server.api}/runs/${optimalRun}/result.json`, { headers: { authorization: `Bearer ${office}`, 'accept-encoding': 'gzip' } });
    expect(gzipped.headers.get('content-encoding')).toBe('gzip');
    expect(JSON.parse(await gzipped.text()).format).toBe('dual-match/result@1');
    expect(JSON.parse(await (await call('GET', '/rounds/lifecycle/round.json', { key: office })).text())).toEqual(round);
  });

  it('changes nothing once published', async () => {
    const offer = round.offers[0].id;
    expect((await call('PATCH', `/rounds/lifecycle/offers/${offer}`, { key: office, body: { places: 99 } })).status).toBe(409);
    expect((await call('POST', '/rounds/lifecycle/runs', { key: office })).status).toBe(409);
    expect((await call('POST', `/runs/${stableRun}/publish`, { key: office })).status).toBe(409);
  });

  it("makes a vacancy round of the run's leftovers, where students keep their codes", async () => {
    const vacancy = await ok('POST', `/runs/${optimalRun}/vacancy-round`, { key: office, body: { widenKm: 50 } });
    const summary = await ok('GET', `/runs/${optimalRun}/summary`);
    expect(vacancy).toMatchObject({ id: 'lifecycle-vacancies', status: 'draft', sourceRun: optimalRun, counts: { students: summary.summary.students - summary.summary.placed } });
    expect(vacancy.counts.places).toBeLessThanOrEqual(summary.summary.places - summary.summary.placed);
    const run = (await ok('POST', '/rounds/lifecycle-vacancies/runs', { key: office })).runId;
    expect((await followEvents(run, office)).at(-1)!.event).toBe('done');
    await ok('POST', `/runs/${run}/publish`, { key: office });
    const students = await ok('GET', '/rounds/lifecycle-vacancies/students?limit=1', { key: office });
    const { code } = codes.find((c) => c.student === students.items[0].id)!;
    expect((await ok('POST', `/runs/${run}/lookup`, { body: { student: students.items[0].id, code } })).student).toBe(students.items[0].id);
    const { derivation } = await ok('GET', `/runs/${run}/lookup-key`);
    expect(derivation).toEqual((await ok('GET', `/runs/${optimalRun}/lookup-key`)).derivation);
    expect((await ok('POST', `/runs/${run}/lookup`, { body: { student: students.items[0].id, key: lookupKey(derivation, students.items[0].id, code) } })).student).toBe(students.items[0].id);
  });

  it('archives the round; its published results stay public', async () => {
    expect(await ok('POST', '/rounds/lifecycle/archive', { key: office })).toMatchObject({ status: 'archived' });
    expect((await ok('GET', `/runs/${optimalRun}/summary`)).summary.students).toBe(400);
    expect((await call('POST', '/rounds/lifecycle/archive', { key: office })).status).toBe(409);
  });
});

describe('a vacancy round of a large run', () => {
  it('is made (on a worker thread: snapshot and result over 1 MB) as the solver makes it', async () => {
    await ok('POST', '/rounds', { key: office, body: testRound('vacancy-large', 4500) });
    const { runId } = await ok('POST', '/rounds/vacancy-large/runs', { key: office });
    expect((await followEvents(runId, office)).at(-1)!.event).toBe('done');
    const result = await (await call('GET', `/runs/${runId}/result.json`, { key: office })).text();
    const database = openDatabase(location);
    const stored = await database.db.selectFrom('run_payloads').select('snapshot').where('run_id', '=', runId).executeTakeFirstOrThrow();
    await database.close();
    const snapshot = gunzipSync(stored.snapshot).toString('utf8');
    expect(snapshot.length + result.length).toBeGreaterThan(1024 * 1024);

    const solved = validateRound(JSON.parse(snapshot));
    if (!solved.ok) throw new Error('snapshot invalid');
    const expected = buildVacancyRound(solved.model, assignmentOfResult(solved.model, JSON.parse(result)).assignment, { widenKm: 50 });
    const made = await ok('POST', `/runs/${runId}/vacancy-round`, { key: office, body: { widenKm: 50 } });
    expect(made).toMatchObject({ id: 'vacancy-large-vacancies', counts: { students: expected.students.length, offers: expected.offers.length } });
    expect(await (await call('GET', '/rounds/vacancy-large-vacancies/round.json', { key: office })).text()).toBe(documentJson(expected));
  });
});

describe('edits while a run solves', () => {
  it('do not change the running snapshot; the run comes out stale and cannot be published', async () => {
    const round = testRound('snapshot', 300);
    await ok('POST', '/rounds', { key: admin, body: round });
    const offer = round.offers[0];
    const { runId } = await ok('POST', '/rounds/snapshot/runs', { key: admin });
    const patched = await ok('PATCH', `/rounds/snapshot/offers/${offer.id}`, { key: admin, body: { places: offer.places + 50, minScore: null } });
    expect(patched.places).toBe(offer.places + 50);
    expect((await followEvents(runId, admin)).at(-1)!.event).toBe('done');
    const run = await ok('GET', `/runs/${runId}`, { key: admin });
    expect(run).toMatchObject({ status: 'done', stale: true, roundRevision: 1, summary: { places: round.offers.reduce((sum, o) => sum + o.places, 0) } });
    expect(await ok('GET', '/rounds/snapshot', { key: admin })).toMatchObject({ status: 'draft', revision: 2 });
    expect((await call('POST', `/runs/${runId}/publish`, { key: admin })).status).toBe(409);
  });
});

describe('stopping while a run solves', () => {
  it('re-queues the run on SIGTERM and on a crash, and finishes it after a restart', async () => {
    const round = generateRound({ students: 20_000, seed: 4 });
    await ok('POST', '/rounds', { key: admin, body: round });
    const runId: string = (await ok('POST', `/rounds/${round.round.id}/runs`, { key: admin })).runId;
    const waitUntilSolving = async () => {
      for (;;) {
        const run = await ok('GET', `/runs/${runId}`, { key: admin });
        if (run.status === 'solving') return;
        expect(run.status).toBe('queued');
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    };
    const runStatus = async () => {
      const database = openDatabase(location);
      try {
        return await database.db.selectFrom('runs').select(['status', 'attempts']).where('id', '=', runId).executeTakeFirstOrThrow();
      } finally {
        await database.close();
      }
    };

    await waitUntilSolving();
    expect(await server.stop('SIGTERM')).toBe(0);
    expect(await runStatus()).toEqual({ status: 'queued', attempts: 0 });

    server = await startServer(location);
    await waitUntilSolving();
    await server.stop('SIGKILL');
    expect(await runStatus()).toMatchObject({ status: 'solving', attempts: 1 });

    // A new process is a new instance: it re-queues the run once its heartbeat is stale (RUN_STALE_MS).
    server = await startServer(location);
    expect((await followEvents(runId, admin)).at(-1)!.event).toBe('done');
    expect(await runStatus()).toEqual({ status: 'done', attempts: 2 });
  });
});
