/**
 * The in-memory lookup index of a published run answers every lookup exactly as the database
 * does: two apps over one database, one looking students up in the database
 * (LOOKUP_INDEX_ROWS=0), the other in its index, must send the same status, headers and bytes
 * for right codes (in any spelling), wrong codes and unknown students; and the index must
 * still check the code, and still count failures against the student.
 */
import { scrypt as nobleScrypt } from '@noble/hashes/scrypt.js';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateRound } from '../../fixtures/generate-round.ts';
import { encodeKey, normaliseCode, studentSalt, type LookupKeyDerivation } from '../../server/auth/lookup-key.ts';
import { createApiKey } from '../../server/repositories/api-keys.ts';
import { buildLookupIndex } from '../../server/runs/index-builds.ts';
import { findHashed, hashSlots, packedString, packStrings } from '../../server/runs/packed-strings.ts';
import { openHarness, type Harness } from './support/harness.ts';
import { openIndexComparison, type IndexComparison } from './support/index-comparison.ts';

const STUDENTS = 300;
const NO_LIMITS = { RATE_LIMIT_PUBLIC: '0', RATE_LIMIT_LOOKUP: '0', LOOKUP_FAILURES_PER_STUDENT: '1000' };

let apps: IndexComparison;
let location: string;
let fromDatabase: Harness;
let fromIndex: Harness;
let admin: string;
let runId: string;
let studentIds: string[];
let derivation: LookupKeyDerivation;
const codeOf = (student: string) => `k${student.replace(/\W/g, '').toLowerCase()}`;
/** The key of `code` as a browser derives it for `student`. */
const keyOf = (student: string, code = codeOf(student)) => ({
  key: encodeKey(nobleScrypt(normaliseCode(code), studentSalt(derivation.salt, student), { N: derivation.N, r: derivation.r, p: derivation.p, dkLen: derivation.length })),
});

beforeAll(async () => {
  apps = await openIndexComparison(NO_LIMITS, { LOOKUP_INDEX_ROWS: '0' });
  ({ location, fromDatabase, fromIndex } = apps);
  admin = (await createApiKey(fromDatabase.database.db, { role: 'admin', region: null, enterprise: null, label: 'admin', origins: [] })).value;
  const round = generateRound({ students: STUDENTS, seed: 41 });
  studentIds = round.students.map((s) => s.id);
  const students = round.students.map((s) => ({ ...s, code: codeOf(s.id) }));
  await fromDatabase.json('POST', '/api/v1/rounds', { key: admin, body: { ...round, students, round: { ...round.round, id: 'lookups' } } });
  runId = (await fromDatabase.json('POST', '/api/v1/rounds/lookups/runs', { key: admin })).runId;
  await fromDatabase.services.runs.settled(runId);
  await fromDatabase.json('POST', `/api/v1/runs/${runId}/publish`, { key: admin });
  ({ derivation } = await fromDatabase.json('GET', `/api/v1/runs/${runId}/lookup-key`));
  // The first lookup starts building the index (and is answered from the database); later ones are answered from it.
  expect((await lookup(fromIndex, studentIds[0], codeOf(studentIds[0]))).status).toBe(200);
  await fromIndex.services.lookupIndexes.settled();
  expect(fromIndex.services.lookupIndexes.get(runId)?.rows).toBe(STUDENTS);
  expect(fromDatabase.services.lookupIndexes.get(runId)).toBeUndefined();
}, 120_000);

afterAll(() => apps?.close());

interface Answer {
  status: number;
  contentType: string | null;
  cacheControl: string | null;
  body: string;
}

/** A lookup with a personal code, or with the key a browser derives from one. */
async function lookup(h: Harness, student: string, secret: string | { key: string }, run = runId): Promise<Answer> {
  const response = await h.request('POST', `/api/v1/runs/${run}/lookup`, { body: typeof secret === 'string' ? { student, code: secret } : { student, key: secret.key } });
  return { status: response.status, contentType: response.headers.get('content-type'), cacheControl: response.headers.get('cache-control'), body: await response.text() };
}

describe('lookups from the in-memory index', () => {
  it('answer every student with the right code, or its key, as the database path does', async () => {
    for (const student of studentIds) {
      const [expected, actual] = [await lookup(fromDatabase, student, codeOf(student)), await lookup(fromIndex, student, codeOf(student))];
      expect(actual.status).toBe(200);
      expect(actual).toEqual(expected);
      expect(JSON.parse(actual.body).student).toBe(student);
      expect(await lookup(fromIndex, student, keyOf(student))).toEqual(expected);
    }
  });

  it('answer any code or key, student and spelling as the database path does', async () => {
    const attempt = fc.record({
      student: fc.oneof(fc.constantFrom(...studentIds), fc.constantFrom('S-999999', 'no such student', '')),
      secret: fc.oneof(
        fc.constantFrom(...studentIds).map(codeOf),
        fc.constantFrom(...studentIds).map((s) => ` ${codeOf(s).toUpperCase().split('').join('-')} `),
        fc.string({ minLength: 1, maxLength: 12 }),
        fc.constantFrom(...studentIds).map((s) => keyOf(s)),
        fc.uint8Array({ minLength: 16, maxLength: 16 }).map((bytes) => ({ key: encodeKey(bytes) })),
      ),
    });
    await fc.assert(
      fc.asyncProperty(attempt, async ({ student, secret }) => {
        const [expected, actual] = [await lookup(fromDatabase, student, secret), await lookup(fromIndex, student, secret)];
        expect(actual).toEqual(expected);
      }),
      { numRuns: 300 },
    );
  });

  it('still check the code, and count failures against the student', async () => {
    const student = studentIds[7];
    const strict = await openHarness(location, { env: { ...NO_LIMITS, LOOKUP_FAILURES_PER_STUDENT: '2' }, solve: false });
    try {
      await lookup(strict, studentIds[0], codeOf(studentIds[0]));
      await strict.services.lookupIndexes.settled();
      expect(strict.services.lookupIndexes.get(runId)).toBeDefined();
      expect((await lookup(strict, student, codeOf(studentIds[8]))).status).toBe(404);
      expect((await lookup(strict, student, keyOf(student, `${codeOf(student)}x`))).status).toBe(404);
      expect((await lookup(strict, student, codeOf(student))).status).toBe(429);
      expect((await lookup(strict, studentIds[8], codeOf(studentIds[8]))).status).toBe(200);
    } finally {
      await strict.close();
    }
  });
});

describe('the lookup indexes an instance holds', () => {
  it('are built when this instance publishes a run', async () => {
    const round = generateRound({ students: 40, seed: 42 });
    const students = round.students.map((s) => ({ ...s, code: codeOf(s.id) }));
    // Solved by the other app (this one does not solve), published by this one.
    await fromDatabase.json('POST', '/api/v1/rounds', { key: admin, body: { ...round, students, round: { ...round.round, id: 'published-here' } } });
    const run = (await fromDatabase.json('POST', '/api/v1/rounds/published-here/runs', { key: admin })).runId;
    await fromDatabase.services.runs.settled(run);
    expect(fromIndex.services.lookupIndexes.get(run)).toBeUndefined();
    await fromIndex.json('POST', `/api/v1/runs/${run}/publish`, { key: admin });
    await fromIndex.services.lookupIndexes.settled();
    expect(fromIndex.services.lookupIndexes.get(run)?.rows).toBe(40);
    const student = round.students[3].id;
    const expected = await lookup(fromDatabase, student, codeOf(student), run);
    expect(await lookup(fromIndex, student, codeOf(student), run)).toEqual(expected);
    // Answered from memory: with the run's rows gone from the database (tampered with here, no
    // API can do it), the index still answers, and the database path no longer can.
    await fromDatabase.database.db.deleteFrom('results').where('run_id', '=', run).execute();
    expect(await lookup(fromIndex, student, codeOf(student), run)).toEqual(expected);
    expect((await lookup(fromDatabase, student, codeOf(student), run)).status).toBe(404);
  });

  it('are built on a worker thread, which reports a failed build as an error', async () => {
    await expect(buildLookupIndex(`${location}.missing`, runId, 'lookups')).rejects.toThrow(/unable to open|does not exist|ENOENT|no such/i);
    const built = await buildLookupIndex(location, runId, 'lookups');
    expect(built.rows).toBe(STUDENTS);
    expect(built.find(studentIds[4])?.codeHash).toMatch(/^scrypt-sha256\$1\$/);
  });

  it('leave a run larger than LOOKUP_INDEX_ROWS to the database, answering the same', async () => {
    const small = await openHarness(location, { env: { ...NO_LIMITS, LOOKUP_INDEX_ROWS: String(STUDENTS - 1) }, solve: false });
    try {
      const student = studentIds[5];
      expect(await lookup(small, student, codeOf(student))).toEqual(await lookup(fromDatabase, student, codeOf(student)));
      await small.services.lookupIndexes.settled();
      expect(small.services.lookupIndexes.get(runId)).toBeUndefined();
      expect(await lookup(small, student, codeOf(student))).toEqual(await lookup(fromIndex, student, codeOf(student)));
    } finally {
      await small.close();
    }
  });
});

describe('packed strings found through a hash table', () => {
  it('find every string they hold, at its place, and no other', () => {
    // Short strings of few characters: many share a slot, and the probes run on past each other.
    const text = fc.oneof(fc.string({ unit: 'binary', maxLength: 5 }), fc.string({ unit: fc.constantFrom('a', 'b'), maxLength: 3 }), fc.constantFrom('S-1', 'S-10', 'S-2', 'é', '😀', '\uffff', ''));
    fc.assert(
      fc.property(fc.uniqueArray(text, { maxLength: 50 }), fc.array(text, { maxLength: 10 }), (held, others) => {
        const packed = packStrings(held);
        const slots = hashSlots(held);
        held.forEach((value, i) => {
          expect(findHashed(packed, slots, value)).toBe(i);
          expect(packedString(packed, i)).toBe(value);
        });
        for (const other of others) if (!held.includes(other)) expect(findHashed(packed, slots, other)).toBe(-1);
      }),
      { numRuns: 500 },
    );
  });
});
