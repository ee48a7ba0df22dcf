/**
 * Imports: whole round files and CSV of students and offers. Errors name the path (round
 * files) or the row and column (CSV); every import is all or nothing, checked by counting the
 * rows of every table before and after.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newRoundSalts } from '../../server/auth/personal-codes.ts';
import { createApiKey } from '../../server/repositories/api-keys.ts';
import { documentJson } from '../../solver/document-json.ts';
import { generateRound } from '../../fixtures/generate-round.ts';
import { openHarness, type Harness } from './support/harness.ts';
import { smallRound } from './support/rounds.ts';
import { tableCounts } from './support/database-state.ts';
import { testDatabases, type TestDatabases } from './support/test-database.ts';

let databases: TestDatabases;
let h: Harness;
let admin: string;
let office: string;

beforeAll(async () => {
  databases = testDatabases();
  h = await openHarness(await databases.create(), { solve: false });
  admin = (await createApiKey(h.database.db, { role: 'admin', region: null, enterprise: null, label: null, origins: [] })).value;
  office = (await createApiKey(h.database.db, { role: 'office', region: 'R-A', enterprise: null, label: null, origins: [] })).value;
});

afterAll(async () => {
  await h.close();
  await databases.remove();
});

async function problem(response: Response) {
  expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  return (await response.json()) as { status: number; detail: string; errors?: { path: string; message: string; rule: string }[]; errorCount?: number };
}

describe('round file import', () => {
  it('imports a round, keeps unknown fields, and exports it byte for byte as the solver writes it', async () => {
    const round = { ...smallRound('import-ok'), note: 'kept', students: smallRound('x').students.map((s, i) => (i === 0 ? { ...s, club: 'chess' } : s)) };
    const imported = await h.json('POST', '/api/v1/rounds', { key: office, body: round });
    expect(imported).toMatchObject({ id: 'import-ok', status: 'draft', revision: 1, counts: { students: 8, offers: 4, enterprises: 2, colleges: 2, places: 5 } });
    expect(imported.codes).toHaveLength(8);
    expect(imported.codes[0].code).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    const exported = await h.request('GET', '/api/v1/rounds/import-ok/round.json', { key: office });
    expect(exported.status).toBe(200);
    expect(await exported.text()).toBe(documentJson(round));
  });

  it('takes personal codes from the file, never stores or exports them', async () => {
    const round = smallRound('with-codes');
    round.students[0] = { ...round.students[0], code: 'my-own-code' };
    const imported = await h.json('POST', '/api/v1/rounds', { key: admin, body: round });
    expect(imported.codes.map((c: { student: string }) => c.student)).not.toContain('S1');
    const exported = await (await h.request('GET', '/api/v1/rounds/with-codes/round.json', { key: admin })).text();
    expect(exported).not.toContain('my-own-code');
    const stored = await h.database.db.selectFrom('students').select(['data', 'code_hash']).where('round_id', '=', 'with-codes').where('id', '=', 'S1').executeTakeFirstOrThrow();
    expect(stored.data).not.toContain('my-own-code');
    expect(stored.code_hash).toMatch(/^scrypt-sha256\$1\$/);
  });

  it('reports every error with its path and writes nothing, even for the last of 2,000 students', async () => {
    const round = generateRound({ students: 2000, seed: 5, region: 'KZ-39' });
    round.round.id = 'broken';
    round.students[1999] = { ...round.students[1999], specialty: 'NO-SUCH' };
    round.students[812] = { ...round.students[812], score: 140 };
    const before = await tableCounts(h.database.db);
    const response = await h.request('POST', '/api/v1/rounds', { key: admin, body: round });
    expect(response.status).toBe(422);
    const body = await problem(response);
    expect(body.errors).toEqual(
      expect.arrayContaining([
        { path: 'students[812].score', rule: 'range', message: 'must be between 0 and 100' },
        { path: 'students[1999].specialty', rule: 'reference', message: 'unknown specialty "NO-SUCH"' },
      ]),
    );
    expect(await tableCounts(h.database.db)).toEqual(before);
  });

  describe('of a large file, checked on a worker thread (over 1 MB)', () => {
    const large = (id: string) => {
      const round = generateRound({ students: 7000, seed: 9, region: 'KZ-39' });
      round.round.id = id;
      expect(JSON.stringify(round).length).toBeGreaterThan(1024 * 1024);
      return round;
    };

    it('imports it as it would a small one: every row, codes given and generated, the export byte for byte', async () => {
      const round = large('large-ok');
      const withCode = { ...round, students: round.students.map((s, i) => (i === 4321 ? { ...s, code: 'given-code-1' } : s)) };
      const imported = await h.json('POST', '/api/v1/rounds', { key: admin, body: withCode });
      expect(imported).toMatchObject({ id: 'large-ok', counts: { students: 7000, offers: round.offers.length, enterprises: round.enterprises.length, colleges: round.colleges.length } });
      expect(imported.codes).toHaveLength(6999);
      expect(imported.codes.map((c: { student: string }) => c.student)).not.toContain(round.students[4321].id);
      const exported = await h.request('GET', '/api/v1/rounds/large-ok/round.json', { key: admin });
      expect(await exported.text()).toBe(documentJson(round));
      const hashed = await h.database.db.selectFrom('students').select((eb) => eb.fn.countAll().as('n')).where('round_id', '=', 'large-ok').where('code_hash', 'is not', null).executeTakeFirstOrThrow();
      expect(Number(hashed.n)).toBe(7000);
    });

    it('reports its errors with their paths, and writes nothing', async () => {
      const before = await tableCounts(h.database.db);
      const invalidRound = large('large-invalid');
      invalidRound.students[6999] = { ...invalidRound.students[6999], specialty: 'NO-SUCH' };
      const response = await h.request('POST', '/api/v1/rounds', { key: admin, body: invalidRound });
      expect(response.status).toBe(422);
      expect((await problem(response)).errors).toEqual([{ path: 'students[6999].specialty', rule: 'reference', message: 'unknown specialty "NO-SUCH"' }]);

      // A stray character at the start of line 30,001, deep in the students.
      const lines = JSON.stringify(large('large-syntax'), null, 1).split('\n');
      lines[30_000] = `#${lines[30_000]}`;
      const syntax = await h.request('POST', '/api/v1/rounds', { key: admin, text: lines.join('\n'), contentType: 'application/json' });
      expect(syntax.status).toBe(400);
      expect((await problem(syntax)).errors).toEqual([{ path: 'line 30001, column 1', rule: 'json', message: expect.stringMatching(/JSON|token/) }]);

      const badCode = large('large-bad-code');
      badCode.students[10] = { ...badCode.students[10], code: 'ab' };
      const refused = await h.request('POST', '/api/v1/rounds', { key: admin, body: badCode });
      expect(refused.status).toBe(422);
      expect((await problem(refused)).errors).toEqual([{ path: 'students[10].code', rule: 'range', message: expect.stringContaining('4 to 64') }]);
      expect(await tableCounts(h.database.db)).toEqual(before);
    });
  });

  it('refuses a malformed personal code with its path', async () => {
    const round = smallRound('bad-code');
    round.students[3] = { ...round.students[3], code: 'ab' };
    const response = await h.request('POST', '/api/v1/rounds', { key: admin, body: round });
    expect(response.status).toBe(422);
    expect((await problem(response)).errors).toEqual([{ path: 'students[3].code', rule: 'range', message: expect.stringContaining('4 to 64') }]);
  });

  it('refuses a round id that exists, writing nothing', async () => {
    await h.json('POST', '/api/v1/rounds', { key: admin, body: smallRound('twice') });
    const before = await tableCounts(h.database.db);
    const response = await h.request('POST', '/api/v1/rounds', { key: admin, body: smallRound('twice') });
    expect(response.status).toBe(409);
    expect(await tableCounts(h.database.db)).toEqual(before);
  });

  it('rolls back a failure in the middle of the transaction', async () => {
    // Past validation, the last insert fails (a repeated student id breaks the primary key)
    // after the round row, colleges, enterprises and offers went in: all of it is undone.
    const { roundRows, storeRound } = await import('../../server/rounds/store-round.ts');
    const round = smallRound('half-written');
    round.students.push(round.students[0]);
    const before = await tableCounts(h.database.db);
    await expect(storeRound(h.database.db, { rows: roundRows(round), codeHashes: new Map(), salts: newRoundSalts(1), createdBy: null, sourceRunId: null })).rejects.toThrow(/UNIQUE|duplicate key/);
    expect(await tableCounts(h.database.db)).toEqual(before);
  });
});

describe('CSV import', () => {
  const STUDENTS_HEADER = 'id,name,college,specialty,score,language,mobility,priority,preferences,code';

  it('offers templates with a BOM, the documented columns and an example row', async () => {
    const response = await h.request('GET', '/api/v1/templates/students.csv');
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    // Response.text() would drop the BOM: read the bytes.
    const text = Buffer.from(await response.arrayBuffer()).toString('utf8');
    expect(text.startsWith('\uFEFF' + STUDENTS_HEADER + '\r\n')).toBe(true);
    const offers = Buffer.from(await (await h.request('GET', '/api/v1/templates/offers.csv')).arrayBuffer()).toString('utf8');
    expect(offers.split('\r\n')[0]).toBe('\uFEFFid,enterprise,specialty,places,minScore,languages,housing');
  });

  it('adds and updates students from a comma file (upsert), generating codes for new ones', async () => {
    await h.json('POST', '/api/v1/rounds', { key: office, body: smallRound('csv-upsert') });
    const csv = `${STUDENTS_HEADER}\nS1,Aigerim Renamed,C-A,WELD,95.5,,,,O-A2|O-A1,\nS9,New Student,C-B,COOK,70,kk,country,yes,O-C1,\n`;
    const outcome = await h.json('POST', '/api/v1/rounds/csv-upsert/students.csv', { key: office, text: csv, contentType: 'text/csv' });
    expect(outcome).toMatchObject({ created: 1, updated: 1, deleted: 0, round: { revision: 2, status: 'draft' } });
    expect(outcome.codes.map((c: { student: string }) => c.student)).toEqual(['S9']);
    const page = await h.json('GET', '/api/v1/rounds/csv-upsert/students?limit=100', { key: office });
    expect(page.items).toHaveLength(9);
    expect(page.items[0]).toMatchObject({ id: 'S1', name: 'Aigerim Renamed', score: 95.5, preferences: ['O-A2', 'O-A1'], hasCode: true });
    expect(page.items[8]).toMatchObject({ id: 'S9', college: 'C-B', mobility: 'country', priority: true, language: 'kk', hasCode: true });
  });

  it('reads semicolon files with a BOM and decimal commas, and replaces the whole list', async () => {
    await h.json('POST', '/api/v1/rounds', { key: office, body: smallRound('csv-replace') });
    const csv = '\uFEFFid;college;specialty;score\r\nS1;C-A;WELD;71,5\r\nS2;C-A;COOK;60\r\n';
    const outcome = await h.json('POST', '/api/v1/rounds/csv-replace/students.csv?mode=replace', { key: office, text: csv, contentType: 'text/csv; charset=utf-8' });
    expect(outcome).toMatchObject({ created: 0, updated: 2, deleted: 6 });
    const page = await h.json('GET', '/api/v1/rounds/csv-replace/students', { key: office });
    expect(page.items.map((s: { id: string; score: number }) => [s.id, s.score])).toEqual([
      ['S1', 71.5],
      ['S2', 60],
    ]);
  });

  it('names row and column of every bad cell, and writes nothing', async () => {
    await h.json('POST', '/api/v1/rounds', { key: office, body: smallRound('csv-bad') });
    const csv = [STUDENTS_HEADER, 'S1,A,C-A,WELD,abc,,,,,', 'S20,B,C-Z,WELD,50,,,,,', 'S21,C,C-A,WELD,50,,far,maybe,O-NONE,', 'S21,D,C-A,WELD,50,,,,,'].join('\n');
    const before = await tableCounts(h.database.db);
    const response = await h.request('POST', '/api/v1/rounds/csv-bad/students.csv', { key: office, text: csv, contentType: 'text/csv' });
    expect(response.status).toBe(422);
    const body = await problem(response);
    expect(body.errors!.map((e) => e.path)).toEqual(['row 2, column "score"', 'row 4, column "mobility"', 'row 4, column "priority"', 'row 5, column "id"']);
    expect(await tableCounts(h.database.db)).toEqual(before);
  });

  it('reports references that do not resolve by row and column, and writes nothing', async () => {
    const csv = [STUDENTS_HEADER, 'S20,B,C-Z,WELD,50,,,,,', 'S21,C,C-A,WELD,50,,,,O-A1|O-NONE,'].join('\n');
    const before = await tableCounts(h.database.db);
    const response = await h.request('POST', '/api/v1/rounds/csv-bad/students.csv', { key: office, text: csv, contentType: 'text/csv' });
    expect(response.status).toBe(422);
    const body = await problem(response);
    expect(body.errors).toEqual([
      { path: 'row 2, column "college"', rule: 'reference', message: 'unknown college "C-Z"' },
      { path: 'row 3, column "preferences"', rule: 'reference', message: 'preferences[1]: unknown offer "O-NONE"' },
    ]);
    expect(await tableCounts(h.database.db)).toEqual(before);
  });

  it('refuses unknown and missing columns', async () => {
    const response = await h.request('POST', '/api/v1/rounds/csv-bad/offers.csv', { key: office, text: 'id,enterprize,specialty\nO-9,E-A,WELD\n', contentType: 'text/csv' });
    expect(response.status).toBe(422);
    expect((await problem(response)).errors!.map((e) => [e.path, e.rule])).toEqual([
      ['row 1, column "enterprize"', 'unknown-column'],
      ['row 1', 'missing-column'],
      ['row 1', 'missing-column'],
    ]);
  });

  it('imports offers, which the whole round then uses', async () => {
    const csv = 'id,enterprise,specialty,places,minScore,languages,housing\nO-A1,E-A,WELD,3,50,kk|ru,true\nO-N1,E-B,COOK,2,,,\n';
    const outcome = await h.json('POST', '/api/v1/rounds/csv-bad/offers.csv', { key: office, text: csv, contentType: 'text/csv' });
    expect(outcome).toMatchObject({ created: 1, updated: 1 });
    const offers = await h.json('GET', '/api/v1/rounds/csv-bad/offers?limit=10', { key: office });
    expect(offers.items.find((o: { id: string }) => o.id === 'O-A1')).toMatchObject({ places: 3, minScore: 50, languages: ['kk', 'ru'], housing: true });
    expect(offers.items.at(-1)).toMatchObject({ id: 'O-N1', enterprise: 'E-B', specialty: 'COOK', places: 2 });
  });

  it('imports 20,000 students in one go', async () => {
    const round = generateRound({ students: 20_000, seed: 11, region: 'KZ-39' });
    round.round.id = 'csv-big';
    await h.json('POST', '/api/v1/rounds', { key: admin, body: { ...round, students: round.students.slice(0, 10) } });
    const rows = round.students.map((s) => [s.id, s.college, s.specialty, s.score, (s.preferences ?? []).join('|')].join(','));
    const outcome = await h.json('POST', '/api/v1/rounds/csv-big/students.csv', { key: admin, text: ['id,college,specialty,score,preferences', ...rows].join('\n'), contentType: 'text/csv' });
    expect(outcome).toMatchObject({ created: 19_990, updated: 10 });
    expect((await tableCounts(h.database.db, 'csv-big')).students).toBe(20_000);
  });

  // The 20,000 students above are over 1 MB as stored: these checks run on a worker thread.
  it('checks a CSV against a large round as against a small one: errors by row and column, codes given, generated and kept', async () => {
    const [first, second] = (await h.json('GET', '/api/v1/rounds/csv-big/students?limit=2', { key: admin })).items as { id: string; college: string; specialty: string }[];
    const before = await tableCounts(h.database.db);
    const bad = await h.request('POST', '/api/v1/rounds/csv-big/students.csv', { key: admin, text: `id,college,specialty,score\nN-1,C-NONE,${first.specialty},50\n`, contentType: 'text/csv' });
    expect(bad.status).toBe(422);
    expect((await problem(bad)).errors).toEqual([{ path: 'row 2, column "college"', rule: 'reference', message: 'unknown college "C-NONE"' }]);
    expect(await tableCounts(h.database.db)).toEqual(before);

    const hashes = async () => new Map((await h.database.db.selectFrom('students').select(['id', 'code_hash']).where('round_id', '=', 'csv-big').execute()).map((s) => [s.id, s.code_hash]));
    const old = await hashes();
    const csv = ['id,college,specialty,score,code', `${first.id},${first.college},${first.specialty},61,own-code-123`, `N-NEW,${second.college},${second.specialty},62,`].join('\n');
    const outcome = await h.json('POST', '/api/v1/rounds/csv-big/students.csv', { key: admin, text: csv, contentType: 'text/csv' });
    expect(outcome).toMatchObject({ created: 1, updated: 1, deleted: 0 });
    expect(outcome.codes.map((c: { student: string }) => c.student)).toEqual(['N-NEW']);
    const now = await hashes();
    expect(now.size).toBe(20_001);
    expect(now.get(first.id)).not.toBe(old.get(first.id));
    expect(now.get('N-NEW')).toMatch(/^scrypt-sha256\$/);
    expect([...old].filter(([id, hash]) => id !== first.id && now.get(id) !== hash)).toEqual([]);
    const page = await h.json('GET', `/api/v1/rounds/csv-big/students?limit=1`, { key: admin });
    expect(page.items[0]).toMatchObject({ id: first.id, score: 61 });
  });
});
