/**
 * Every role against every endpoint, generated from one table: the roles an endpoint allows
 * must succeed; every other role gets 401 (no or a bad credential) or 403 (a key that may not)
 * and the database must not change at all (a fingerprint of every row of every table).
 *
 * The rounds the table refers to are built once, with real solves, into a template database;
 * each request that is allowed to change something gets its own copy of it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey, createToken } from '../../server/repositories/api-keys.ts';
import { fingerprint } from './support/database-state.ts';
import { openHarness, type Harness, type RequestOptions } from './support/harness.ts';
import { smallRound } from './support/rounds.ts';
import { testDatabases, type TestDatabases } from './support/test-database.ts';

type Role = 'admin' | 'office' | 'officeOther' | 'enterprise' | 'enterpriseOther' | 'readToken' | 'public' | 'badKey';
const ROLES: Role[] = ['admin', 'office', 'officeOther', 'enterprise', 'enterpriseOther', 'readToken', 'public', 'badKey'];

const KEYED: Role[] = ['admin', 'office', 'officeOther', 'enterprise', 'enterpriseOther', 'readToken'];
const EVERYONE: Role[] = [...KEYED, 'public'];
const MANAGERS: Role[] = ['admin', 'office'];
const READERS: Role[] = ['admin', 'office', 'readToken'];

interface Case {
  method: 'GET' | 'POST' | 'PATCH';
  /** `{runA}` (published), `{runB}`, `{runB2}` (done, unpublished) are filled in. */
  path: string;
  allowed: Role[];
  body?: unknown;
  csv?: string;
}

const CSV_STUDENTS = 'id,college,specialty,score\nS9,C-A,WELD,55\n';
const CSV_OFFERS = 'id,enterprise,specialty,places\nO-A9,E-A,WELD,2\n';

const CASES: Case[] = [
  { method: 'GET', path: '/api/v1/health', allowed: EVERYONE },
  { method: 'POST', path: '/api/v1/tokens', allowed: ['admin', 'office', 'officeOther', 'enterprise', 'enterpriseOther'], body: {} },
  { method: 'GET', path: '/api/v1/regions', allowed: EVERYONE },
  { method: 'GET', path: '/api/v1/specialties', allowed: EVERYONE },
  { method: 'GET', path: '/api/v1/templates/students.csv', allowed: EVERYONE },
  { method: 'GET', path: '/api/v1/rounds', allowed: EVERYONE },
  { method: 'POST', path: '/api/v1/rounds', allowed: MANAGERS, body: smallRound('new-regional') },
  { method: 'POST', path: '/api/v1/rounds', allowed: ['admin'], body: smallRound('new-national', null) },
  { method: 'GET', path: '/api/v1/rounds/ra-published', allowed: EVERYONE },
  { method: 'GET', path: '/api/v1/rounds/ra-solved', allowed: [...READERS, 'enterprise'] },
  // Enterprise E-A takes part in every test round, so its key may see each of them.
  { method: 'GET', path: '/api/v1/rounds/national', allowed: ['admin', 'enterprise'] },
  { method: 'GET', path: '/api/v1/rounds/rb-draft', allowed: ['admin', 'officeOther', 'enterprise'] },
  { method: 'GET', path: '/api/v1/rounds/ra-solved/round.json', allowed: READERS },
  { method: 'POST', path: '/api/v1/rounds/ra-solved/archive', allowed: MANAGERS },
  { method: 'POST', path: '/api/v1/rounds/ra-solved/students.csv', allowed: MANAGERS, csv: CSV_STUDENTS },
  { method: 'POST', path: '/api/v1/rounds/ra-solved/offers.csv', allowed: MANAGERS, csv: CSV_OFFERS },
  { method: 'GET', path: '/api/v1/rounds/ra-solved/students', allowed: READERS },
  { method: 'GET', path: '/api/v1/rounds/ra-solved/colleges', allowed: READERS },
  { method: 'GET', path: '/api/v1/rounds/ra-solved/offers', allowed: [...READERS, 'enterprise'] },
  { method: 'GET', path: '/api/v1/rounds/ra-solved/enterprises', allowed: [...READERS, 'enterprise'] },
  { method: 'POST', path: '/api/v1/rounds/ra-solved/offers', allowed: [...MANAGERS, 'enterprise'], body: { id: 'O-NEW', enterprise: 'E-A', specialty: 'WELD', places: 1 } },
  { method: 'PATCH', path: '/api/v1/rounds/ra-solved/offers/O-A1', allowed: [...MANAGERS, 'enterprise'], body: { places: 3 } },
  { method: 'PATCH', path: '/api/v1/rounds/ra-solved/enterprises/E-A', allowed: [...MANAGERS, 'enterprise'], body: { capacity: 1, ranking: ['S2', 'S1'] } },
  { method: 'POST', path: '/api/v1/rounds/ra-solved/runs', allowed: MANAGERS, body: {} },
  { method: 'GET', path: '/api/v1/rounds/ra-solved/runs', allowed: READERS },
  { method: 'GET', path: '/api/v1/runs/{runA}', allowed: EVERYONE },
  { method: 'GET', path: '/api/v1/runs/{runB}', allowed: READERS },
  { method: 'GET', path: '/api/v1/runs/{runA}/events', allowed: EVERYONE },
  { method: 'GET', path: '/api/v1/runs/{runB}/events', allowed: READERS },
  { method: 'GET', path: '/api/v1/runs/{runA}/summary', allowed: EVERYONE },
  { method: 'GET', path: '/api/v1/runs/{runB}/summary', allowed: READERS },
  { method: 'GET', path: '/api/v1/runs/{runA}/results', allowed: EVERYONE },
  { method: 'GET', path: '/api/v1/runs/{runB}/results', allowed: READERS },
  { method: 'POST', path: '/api/v1/runs/{runA}/lookup', allowed: EVERYONE, body: { student: 'S1', code: 'CODE-1234' } },
  { method: 'GET', path: '/api/v1/runs/{runA}/lookup-key', allowed: EVERYONE },
  { method: 'GET', path: '/api/v1/runs/{runB}/lookup-key', allowed: READERS },
  { method: 'GET', path: '/api/v1/runs/{runB}/result.json', allowed: READERS },
  { method: 'GET', path: '/api/v1/runs/{runA}/assignments.csv', allowed: [...READERS, 'enterprise'] },
  { method: 'GET', path: '/api/v1/runs/{runB}/assignments.csv', allowed: READERS },
  { method: 'POST', path: '/api/v1/runs/{runB}/publish', allowed: MANAGERS },
  { method: 'POST', path: '/api/v1/runs/{runB}/vacancy-round', allowed: MANAGERS },
  { method: 'GET', path: '/api/v1/runs/{runB}/compare/{runB2}', allowed: READERS },
  // Outside the API: no credentials are looked at, so even a bad one does not matter.
  { method: 'GET', path: '/openapi.json', allowed: [...EVERYONE, 'badKey'] },
  { method: 'GET', path: '/docs', allowed: [...EVERYONE, 'badKey'] },
  { method: 'GET', path: '/', allowed: [...EVERYONE, 'badKey'] },
];

/** Changes a request may make: allowed ones run on their own copy of the database. */
const changes = (c: Case) => c.method !== 'GET' && !c.path.endsWith('/lookup');

let databases: TestDatabases;
let template: string;
let credentials: Record<Role, string | undefined>;
let runs: Record<'runA' | 'runB' | 'runB2', string>;
let shared: Harness;

const ENV = { RATE_LIMIT_PUBLIC: '0', RATE_LIMIT_LOOKUP: '0' };

async function buildTemplate(path: string) {
  const h = await openHarness(path, { env: ENV });
  const db = h.database.db;
  const key = async (role: 'admin' | 'office' | 'enterprise', scope: { region?: string; enterprise?: string } = {}) =>
    (await createApiKey(db, { role, region: scope.region ?? null, enterprise: scope.enterprise ?? null, label: null, origins: [] })).value;
  const admin = await key('admin');
  const office = await key('office', { region: 'R-A' });
  credentials = {
    admin,
    office,
    officeOther: await key('office', { region: 'R-B' }),
    enterprise: await key('enterprise', { enterprise: 'E-A' }),
    enterpriseOther: await key('enterprise', { enterprise: 'E-Z' }),
    readToken: undefined,
    public: undefined,
    badKey: 'dmk_nosuchkey_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
  };
  const officeKeyId = office.split('_')[1];
  credentials.readToken = (await createToken(db, officeKeyId, 24 * 3600, true)).value;

  const published = smallRound('ra-published');
  published.students[0] = { ...published.students[0], code: 'CODE-1234' };
  for (const round of [published, smallRound('ra-solved'), smallRound('national', null), smallRound('rb-draft', 'R-B')]) {
    await h.json('POST', '/api/v1/rounds', { key: admin, body: round });
  }
  const solve = async (roundId: string) => {
    const { runId } = await h.json('POST', `/api/v1/rounds/${roundId}/runs`, { key: admin, body: {} });
    await h.services.runs.settled(runId);
    return runId as string;
  };
  runs = { runA: await solve('ra-published'), runB: await solve('ra-solved'), runB2: await solve('ra-solved') };
  await h.json('POST', `/api/v1/runs/${runs.runA}/publish`, { key: admin });
  await h.close();
}

function requestOptions(c: Case, role: Role): RequestOptions {
  return { key: credentials[role], body: c.body, text: c.csv, contentType: c.csv ? 'text/csv' : undefined };
}

const fill = (path: string) => path.replace(/\{(runA|runB2|runB)\}/g, (_, name: keyof typeof runs) => runs[name]);

beforeAll(async () => {
  databases = testDatabases();
  template = await databases.create();
  await buildTemplate(template);
  shared = await openHarness(await databases.copy(template), { env: ENV, solve: false });
}, 120_000);

afterAll(async () => {
  await shared?.close();
  await databases.remove();
});

describe.each(CASES)('$method $path', (c) => {
  it.each(ROLES)('%s', async (role) => {
    const allowed = c.allowed.includes(role);
    if (allowed && changes(c)) {
      const h = await openHarness(await databases.copy(template), { env: ENV, solve: false });
      try {
        const response = await h.request(c.method, fill(c.path), requestOptions(c, role));
        expect(response.status, await response.clone().text()).toBeGreaterThanOrEqual(200);
        expect(response.status).toBeLessThan(300);
      } finally {
        await h.close();
      }
      return;
    }
    const before = await fingerprint(shared.database.db);
    const response = await shared.request(c.method, fill(c.path), requestOptions(c, role));
    const text = await response.text();
    if (allowed) {
      expect(response.status, text).toBeGreaterThanOrEqual(200);
      expect(response.status, text).toBeLessThan(300);
    } else {
      expect(response.status, text).toBe(role === 'public' || role === 'badKey' ? 401 : 403);
      expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    }
    expect(await fingerprint(shared.database.db)).toBe(before);
  });
});
