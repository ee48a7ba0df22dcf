/**
 * Fuzzing (fast-check): thousands of generated bad round files and CSVs thrown at the round
 * validator and at a running server's import endpoints. The validator must find each fault
 * where it was put and never throw; the server must answer each with a 4xx problem+json whose
 * errors name the fault's path, keep running, and write nothing at all. Odd but valid Unicode,
 * on the other hand, must be taken and come back byte for byte.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../server/db/open-database.ts';
import { createApiKey } from '../../server/repositories/api-keys.ts';
import { documentJson } from '../../solver/document-json.ts';
import type { Round } from '../../solver/schema.ts';
import { validateRound } from '../../solver/validate-round.ts';
import { brokenCsv, brokenRound, pointsAt, type Broken } from './support/broken-inputs.ts';
import { fingerprint } from './support/database-state.ts';
import { smallRound } from './support/rounds.ts';
import { startServer, type ServerProcess } from './support/server-process.ts';
import { testDatabases, type TestDatabases } from './support/test-database.ts';

const ROUND = smallRound('fuzz');

describe('the round validator', () => {
  it('finds every fault where it was put, and never throws', () => {
    fc.assert(
      fc.property(brokenRound(ROUND, { storable: false }), (broken) => {
        const outcome = validateRound(broken.input);
        expect(outcome.ok, broken.fault).toBe(false);
        const paths = outcome.errors.map((error) => error.path);
        expect(paths.some((path) => pointsAt(path, broken.path)), `${broken.fault}; reported: ${paths.join(' | ')}`).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('refuses any other JSON value, each problem with a path', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const outcome = validateRound(value);
        expect(outcome.ok).toBe(false);
        expect(outcome.errors.length).toBeGreaterThan(0);
        for (const error of outcome.errors) expect(typeof error.path).toBe('string');
      }),
      { numRuns: 300 },
    );
  });
});

describe('the import endpoints of a running server', () => {
  let databases: TestDatabases;
  let location: string;
  let server: ServerProcess;
  let admin: string;
  let before: string;

  const post = async (path: string, body: string, contentType: string) => {
    const response = await fetch(`${server.api}${path}`, { method: 'POST', body, headers: { authorization: `Bearer ${admin}`, 'content-type': contentType } });
    return { status: response.status, type: response.headers.get('content-type') ?? '', body: (await response.json()) as { errors?: { path: string; rule: string; message: string }[] } };
  };

  /** A 4xx problem+json whose errors point at `path` (any path, when none is given). */
  const expectRefused = (answer: Awaited<ReturnType<typeof post>>, broken: Pick<Broken<unknown>, 'path' | 'fault'> | null) => {
    const what = broken?.fault ?? 'garbage';
    expect(answer.status, `${what}: ${JSON.stringify(answer.body).slice(0, 300)}`).toBeGreaterThanOrEqual(400);
    expect(answer.status, what).toBeLessThan(500);
    expect(answer.type).toMatch(/^application\/problem\+json/);
    const paths = (answer.body.errors ?? []).map((error) => error.path);
    expect(paths.length, `${what}: no errors listed`).toBeGreaterThan(0);
    for (const path of paths) expect(typeof path).toBe('string');
    if (broken) expect(paths.some((path) => pointsAt(path, broken.path)), `${what}; reported: ${paths.join(' | ')}`).toBe(true);
  };

  const databaseFingerprint = async () => {
    const database = openDatabase(location);
    try {
      return await fingerprint(database.db);
    } finally {
      await database.close();
    }
  };

  beforeAll(async () => {
    databases = testDatabases();
    location = await databases.create();
    server = await startServer(location);
    const database = openDatabase(location);
    try {
      admin = (await createApiKey(database.db, { role: 'admin', region: null, enterprise: null, label: null, origins: [] })).value;
    } finally {
      await database.close();
    }
    expect((await post('/rounds', JSON.stringify(ROUND), 'application/json')).status).toBe(201);
    before = await databaseFingerprint();
  }, 60_000);

  afterAll(async () => {
    await server?.stop();
    await databases?.remove();
  });

  // Under a new id: were a broken one taken, it would be imported.
  const fresh = { ...ROUND, round: { ...ROUND.round, id: 'fuzz-import' } };

  it('refuses every broken round file, naming where the fault is', async () => {
    await fc.assert(
      fc.asyncProperty(brokenRound(fresh, { storable: true }), async (broken) => {
        expectRefused(await post('/rounds', JSON.stringify(broken.input), 'application/json'), broken);
      }),
      { numRuns: 500 },
    );
  });

  it('refuses bodies that are not round files at all, naming where', async () => {
    const garbage = fc.oneof(fc.string({ maxLength: 200 }), fc.string({ unit: 'binary', maxLength: 200 }), fc.jsonValue().map((value) => JSON.stringify(value)));
    await fc.assert(
      fc.asyncProperty(garbage, async (body) => {
        expectRefused(await post('/rounds', body, 'application/json'), null);
      }),
      { numRuns: 200 },
    );
  });

  it('refuses junk nested 100,000 levels deep in a field it does not know, naming the field', async () => {
    const deep = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
    const body = JSON.stringify(fresh).replace('"students":[{', `"students":[{"extra":${deep},`);
    expectRefused(await post('/rounds', body, 'application/json'), { path: 'students[0].extra', fault: 'junk nested 100,000 deep' });
  });

  const studentRows = ROUND.students.map((s) => [s.id, s.name ?? '', s.college, s.specialty, String(s.score), (s.preferences ?? []).join('|'), s.priority ? 'true' : 'false', 'region']);
  const offerRows = ROUND.offers.map((o) => [o.id, o.enterprise, o.specialty, String(o.places), String(o.minScore ?? ''), 'false']);

  it('refuses every broken CSV of students or offers, naming row and column', async () => {
    const students = brokenCsv({
      header: ['id', 'name', 'college', 'specialty', 'score', 'preferences', 'priority', 'mobility'],
      rows: studentRows,
      known: ['id', 'name', 'college', 'specialty', 'score', 'language', 'mobility', 'priority', 'preferences', 'code'],
      references: { college: ROUND.colleges.map((c) => c.id), specialty: ROUND.specialties.map((s) => s.code), preferences: ROUND.offers.map((o) => o.id) },
      numbers: { score: ['101', '-5', '1e300', '100.0001'] },
      flags: ['priority'],
    }).map((broken) => ({ ...broken, kind: 'students' }));
    const offers = brokenCsv({
      header: ['id', 'enterprise', 'specialty', 'places', 'minScore', 'housing'],
      rows: offerRows,
      known: ['id', 'enterprise', 'specialty', 'places', 'minscore', 'languages', 'housing'],
      references: { enterprise: ROUND.enterprises.map((e) => e.id), specialty: ROUND.specialties.map((s) => s.code) },
      numbers: { places: ['-1', '1.5', '1e300', '9007199254740993'], minScore: ['101', '-0.5'] },
      flags: ['housing'],
    }).map((broken) => ({ ...broken, kind: 'offers' }));
    await fc.assert(
      fc.asyncProperty(fc.oneof(students, offers), async (broken) => {
        expectRefused(await post(`/rounds/fuzz/${broken.kind}.csv`, broken.input, 'text/csv'), broken);
      }),
      { numRuns: 600 },
    );
  });

  it('survived all of it, and wrote nothing', async () => {
    expect(server.process.exitCode).toBeNull();
    expect((await fetch(`${server.api}/health`)).status).toBe(200);
    expect(await databaseFingerprint()).toBe(before);
  });

  it('takes odd but valid Unicode in ids and names, and gives it back byte for byte', async () => {
    const text = fc.string({ unit: 'grapheme', minLength: 1, maxLength: 30 });
    let n = 0;
    await fc.assert(
      fc.asyncProperty(fc.uniqueArray(text, { minLength: ROUND.students.length, maxLength: ROUND.students.length }), fc.array(text, { minLength: ROUND.students.length, maxLength: ROUND.students.length }), async (ids, names) => {
        const id = `unicode-${n++}`;
        const round: Round = { ...ROUND, round: { ...ROUND.round, id }, students: ROUND.students.map((s, i) => ({ ...s, id: ids[i], name: names[i], preferences: [] })) };
        const imported = await post('/rounds', JSON.stringify(round), 'application/json');
        expect(imported.status, JSON.stringify(imported.body).slice(0, 300)).toBe(201);
        const exported = await fetch(`${server.api}/rounds/${encodeURIComponent(id)}/round.json`, { headers: { authorization: `Bearer ${admin}` } });
        expect(await exported.text()).toBe(documentJson(round));
      }),
      { numRuns: 15 },
    );
  });
});
