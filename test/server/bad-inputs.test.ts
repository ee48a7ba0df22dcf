/**
 * Bad requests get clear 4xx problem details naming what is wrong, and write nothing:
 * malformed JSON, bodies over the limits, wrong types, unknown fields, wrong content types,
 * bad query parameters and cursors.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../../server/repositories/api-keys.ts';
import { fingerprint } from './support/database-state.ts';
import { openHarness, type Harness, type RequestOptions } from './support/harness.ts';
import { smallRound } from './support/rounds.ts';
import { testDatabases, type TestDatabases } from './support/test-database.ts';

let databases: TestDatabases;
let h: Harness;
let admin: string;

beforeAll(async () => {
  databases = testDatabases();
  h = await openHarness(await databases.create(), { solve: false, env: { BODY_LIMIT_BYTES: '2048', IMPORT_BODY_LIMIT_BYTES: '65536' } });
  admin = (await createApiKey(h.database.db, { role: 'admin', region: null, enterprise: null, label: null, origins: [] })).value;
  await h.json('POST', '/api/v1/rounds', { key: admin, body: smallRound('r') });
});

afterAll(async () => {
  await h.close();
  await databases.remove();
});

interface Expectation {
  status: number;
  type: string;
  /** Paths that `errors` must name, in order. */
  paths?: string[];
  detail?: RegExp;
}

const CASES: [name: string, method: string, path: string, options: RequestOptions, expected: Expectation][] = [
  ['malformed JSON round file', 'POST', '/api/v1/rounds', { text: '{"format": "dual-match/round@1",\n  "round": }', contentType: 'application/json' }, { status: 400, type: 'bad-request', paths: ['line 2, column 12'] }],
  ['malformed JSON on a validated route', 'PATCH', '/api/v1/rounds/r/offers/O-A1', { text: '{"places": ', contentType: 'application/json' }, { status: 400, type: 'bad-request', detail: /Malformed JSON/ }],
  ['an empty round file', 'POST', '/api/v1/rounds', { text: '', contentType: 'application/json' }, { status: 400, type: 'bad-request' }],
  ['a JSON array for a round file', 'POST', '/api/v1/rounds', { body: [1, 2] }, { status: 422, type: 'validation', paths: [''] }],
  ['a round file over the import limit', 'POST', '/api/v1/rounds', { text: JSON.stringify({ ...smallRound('big'), padding: 'x'.repeat(70_000) }), contentType: 'application/json' }, { status: 413, type: 'too-large' }],
  ['a body over the limit elsewhere', 'PATCH', '/api/v1/rounds/r/offers/O-A1', { text: JSON.stringify({ places: 1, pad: 'x'.repeat(3000) }), contentType: 'application/json' }, { status: 413, type: 'too-large' }],
  ['a CSV over the import limit', 'POST', '/api/v1/rounds/r/students.csv', { text: `id,college,specialty,score\n${'S,C-A,WELD,1\n'.repeat(6000)}`, contentType: 'text/csv' }, { status: 413, type: 'too-large' }],
  ['a wrong type', 'PATCH', '/api/v1/rounds/r/offers/O-A1', { body: { places: 'many' } }, { status: 422, type: 'validation', paths: ['places'] }],
  ['a negative number', 'PATCH', '/api/v1/rounds/r/offers/O-A1', { body: { places: -2 } }, { status: 422, type: 'validation', paths: ['places'] }],
  ['an unknown field', 'PATCH', '/api/v1/rounds/r/offers/O-A1', { body: { places: 2, colour: 'red' } }, { status: 422, type: 'validation', paths: [''] }],
  ['a policy knob out of range', 'POST', '/api/v1/rounds/r/runs', { body: { policy: { rankWeight: -1 } } }, { status: 422, type: 'validation', paths: ['policy.rankWeight'] }],
  ['an unknown mechanism', 'POST', '/api/v1/rounds/r/runs', { body: { mechanism: 'lottery' } }, { status: 422, type: 'validation', paths: ['mechanism'] }],
  ['a lookup with a number for an id', 'POST', '/api/v1/runs/none/lookup', { body: { student: 5, code: 'x' } }, { status: 422, type: 'validation', paths: ['student'] }],
  ['a lookup with neither code nor key', 'POST', '/api/v1/runs/none/lookup', { body: { student: 'S1' } }, { status: 422, type: 'validation', paths: ['code'] }],
  ['a lookup with both code and key', 'POST', '/api/v1/runs/none/lookup', { body: { student: 'S1', code: 'abcd', key: 'A'.repeat(22) } }, { status: 422, type: 'validation', paths: ['code'] }],
  ['a lookup key that is not 16 bytes', 'POST', '/api/v1/runs/none/lookup', { body: { student: 'S1', key: 'A'.repeat(21) } }, { status: 422, type: 'validation', paths: ['key'] }],
  ['a round file sent as text/plain', 'POST', '/api/v1/rounds', { text: JSON.stringify(smallRound('plain')), contentType: 'text/plain' }, { status: 415, type: 'unsupported-media-type' }],
  ['a CSV sent as JSON', 'POST', '/api/v1/rounds/r/students.csv', { body: { id: 'S1' } }, { status: 415, type: 'unsupported-media-type' }],
  ['a page size of 0', 'GET', '/api/v1/rounds?limit=0', {}, { status: 400, type: 'bad-request', paths: ['limit'] }],
  // Routes that validate their path and query when the handler first reads them (openapi.ts's rawRoute).
  ['a result page size of 0', 'GET', '/api/v1/runs/none/results?limit=0', {}, { status: 400, type: 'bad-request', paths: ['limit'] }],
  ['U+0000 in a run id', 'GET', '/api/v1/runs/r%00/summary', {}, { status: 400, type: 'bad-request', paths: ['runId'] }],
  ['an unknown sort key', 'GET', '/api/v1/rounds/r/students?sort=shoe', {}, { status: 400, type: 'bad-request', paths: ['sort'] }],
  ['a forged cursor', 'GET', '/api/v1/rounds?cursor=bm90LWEtY3Vyc29y', {}, { status: 400, type: 'bad-request', paths: ['cursor'] }],
  ['an unknown CSV mode', 'POST', '/api/v1/rounds/r/students.csv?mode=merge', { text: 'id\n', contentType: 'text/csv' }, { status: 400, type: 'bad-request', paths: ['mode'] }],
  ['U+0000 in a path parameter', 'GET', '/api/v1/rounds/r%00', {}, { status: 400, type: 'bad-request', paths: ['roundId'] }],
  ['U+0000 in a query parameter', 'GET', '/api/v1/rounds/r/students?college=C-A%00', {}, { status: 400, type: 'bad-request', paths: ['college'] }],
  ['U+0000 in a cursor', 'GET', `/api/v1/rounds?cursor=${Buffer.from(JSON.stringify(['r\u0000', 'r'])).toString('base64url')}`, {}, { status: 400, type: 'bad-request', paths: ['cursor'] }],
  ['an unpaired surrogate in a body', 'PATCH', '/api/v1/rounds/r/offers/O-A1', { text: '{"languages": ["kk", "\\ud800"]}', contentType: 'application/json' }, { status: 422, type: 'validation', paths: ['languages[1]'] }],
  ['U+0000 in a lookup', 'POST', '/api/v1/runs/none/lookup', { body: { student: 'S1\u0000', code: 'abcd' } }, { status: 422, type: 'validation', paths: ['student'] }],
  ['U+0000 in a CSV cell', 'POST', '/api/v1/rounds/r/students.csv', { text: 'id,college,specialty,score\nS1,C-A\u0000,WELD,50\n', contentType: 'text/csv' }, { status: 422, type: 'validation', paths: ['row 2, column "college"'] }],
  ['a round file with U+0000 in an id', 'POST', '/api/v1/rounds', { body: smallRound('nul\u0000') }, { status: 422, type: 'validation', paths: ['round.id'] }],
  ['a malformed Authorization header', 'GET', '/api/v1/rounds', { headers: { authorization: 'Basic abc' } }, { status: 401, type: 'unauthorized' }],
  ['an unknown endpoint', 'GET', '/api/v1/nothing-here', {}, { status: 404, type: 'not-found' }],
  ['an unknown round', 'GET', '/api/v1/rounds/nope', {}, { status: 404, type: 'not-found' }],
];

describe.each(CASES)('%s', (_name, method, path, options, expected) => {
  it(`answers ${expected.status} problem+json and writes nothing`, async () => {
    const before = await fingerprint(h.database.db);
    const key = options.headers?.authorization ? undefined : admin;
    const response = await h.request(method, path, { key, ...options });
    expect(response.status).toBe(expected.status);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const body = (await response.json()) as { type: string; status: number; title: string; detail: string; errors?: { path: string }[] };
    expect(body).toMatchObject({ type: `/docs#problem-${expected.type}`, status: expected.status });
    expect(body.title).toBeTruthy();
    if (expected.paths) expect(body.errors?.map((e) => e.path)).toEqual(expected.paths);
    if (expected.detail) expect(body.detail).toMatch(expected.detail);
    expect(await fingerprint(h.database.db)).toBe(before);
  });
});
