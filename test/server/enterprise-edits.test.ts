/**
 * An enterprise's capacity and ranking changed over the API
 * (`PATCH /rounds/{roundId}/enterprises/{enterpriseId}`): by whom, with which refusals, and
 * that real solves of the new revision keep to them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../../server/repositories/api-keys.ts';
import { fingerprint } from './support/database-state.ts';
import { openHarness, type Harness } from './support/harness.ts';
import { smallRound } from './support/rounds.ts';
import { testDatabases, type TestDatabases } from './support/test-database.ts';

let databases: TestDatabases;
let h: Harness;
const keys: Record<string, string> = {};

beforeAll(async () => {
  databases = testDatabases();
  h = await openHarness(await databases.create());
  const make = async (name: string, role: 'admin' | 'office' | 'enterprise', scope: { region?: string; enterprise?: string } = {}) => {
    keys[name] = (await createApiKey(h.database.db, { role, region: scope.region ?? null, enterprise: scope.enterprise ?? null, label: name, origins: [] })).value;
  };
  await make('admin', 'admin');
  await make('office', 'office', { region: 'R-A' });
  await make('enterpriseA', 'enterprise', { enterprise: 'E-A' });
  await make('enterpriseB', 'enterprise', { enterprise: 'E-B' });
  for (const id of ['edits', 'guarded', 'published']) await h.json('POST', '/api/v1/rounds', { key: keys.admin, body: smallRound(id) });
}, 60_000);

afterAll(async () => {
  await h.close();
  await databases.remove();
});

const patch = (roundId: string, enterpriseId: string, body: unknown, key?: string) => h.request('PATCH', `/api/v1/rounds/${roundId}/enterprises/${enterpriseId}`, { key, body });

/** A finished run of the round with `mechanism`. */
async function solve(roundId: string, mechanism: 'optimal' | 'stable'): Promise<string> {
  const { runId } = await h.json('POST', `/api/v1/rounds/${roundId}/runs`, { key: keys.admin, body: { mechanism } });
  await h.services.runs.settled(runId);
  expect((await h.json('GET', `/api/v1/runs/${runId}`, { key: keys.admin })).status).toBe('done');
  return runId;
}

/** The students a run placed at enterprise E-A, as `student@offer`. */
async function placedAtA(runId: string): Promise<string[]> {
  const page = await h.json('GET', `/api/v1/runs/${runId}/results?enterprise=E-A&limit=100`, { key: keys.admin });
  return page.items.map((row: { student: string; offer: string }) => `${row.student}@${row.offer}`).sort();
}

describe('an enterprise edits its capacity and ranking', () => {
  it('saves them, makes the round a draft at a new revision, and the next runs keep to them', async () => {
    const before = await placedAtA(await solve('edits', 'optimal'));
    expect(before.length).toBeGreaterThan(1);
    const solved = await h.json('GET', '/api/v1/rounds/edits', { key: keys.admin });
    expect(solved.status).toBe('solved');

    const response = await patch('edits', 'E-A', { capacity: 1, ranking: ['S2', 'S6'] }, keys.enterpriseA);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ id: 'E-A', name: 'Alpha LLP', region: 'R-A', capacity: 1, ranking: ['S2', 'S6'] });
    const edited = await h.json('GET', '/api/v1/rounds/edits', { key: keys.admin });
    expect(edited).toMatchObject({ status: 'draft', revision: solved.revision + 1 });
    expect(edited.runs.every((run: { stale: boolean }) => run.stale)).toBe(true);
    const listed = await h.json('GET', '/api/v1/rounds/edits/enterprises', { key: keys.enterpriseA });
    expect(listed.items).toEqual([{ id: 'E-A', name: 'Alpha LLP', region: 'R-A', capacity: 1, ranking: ['S2', 'S6'] }]);

    // One student at most, where the optimal run placed several before.
    expect(await placedAtA(await solve('edits', 'optimal'))).toHaveLength(1);
    // S1 (score 91) and S3 (priority) would come before S2 (84) in E-A's order, but E-A ranks S2 first.
    expect(await placedAtA(await solve('edits', 'stable'))).toEqual(['S2@O-A1']);
  });

  it('removes the ranking with null, and the stable run goes back to priority and score', async () => {
    const response = await patch('edits', 'E-A', { ranking: null }, keys.enterpriseA);
    expect(await response.json()).toEqual({ id: 'E-A', name: 'Alpha LLP', region: 'R-A', capacity: 1 });
    expect(await placedAtA(await solve('edits', 'stable'))).toEqual(['S3@O-A1']);
  });

  it('lets the office of the region and an admin edit it too', async () => {
    expect((await patch('edits', 'E-B', { capacity: 2 }, keys.office)).status).toBe(200);
    const response = await patch('edits', 'E-B', { capacity: null }, keys.admin);
    expect(await response.json()).toEqual({ id: 'E-B', name: 'Beta JSC', region: 'R-B' });
  });
});

describe('refusals, each changing nothing', () => {
  it.each([
    ['another enterprise', 'E-A', { capacity: 0 }, 'enterpriseB', 403],
    ['the public', 'E-A', { capacity: 0 }, undefined, 401],
    ['an enterprise the round lacks', 'E-X', { capacity: 0 }, 'admin', 404],
  ] as const)('%s: %i', async (_who, enterpriseId, body, key, status) => {
    const before = await fingerprint(h.database.db);
    const response = await patch('guarded', enterpriseId, body, key && keys[key]);
    expect(response.status).toBe(status);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(await fingerprint(h.database.db)).toBe(before);
  });

  it('names every unknown or repeated student of a ranking', async () => {
    const before = await fingerprint(h.database.db);
    const response = await patch('guarded', 'E-A', { capacity: 2, ranking: ['S1', 'S-NOPE', 'S4', 'S1', 'S-NOPE'] }, keys.enterpriseA);
    expect(response.status).toBe(422);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const problem = (await response.json()) as { type: string; errors: { path: string; rule: string }[] };
    expect(problem.type).toBe('/docs#problem-validation');
    expect(problem.errors.map(({ path, rule }) => ({ path, rule }))).toEqual([
      { path: 'ranking[1]', rule: 'reference' },
      { path: 'ranking[3]', rule: 'duplicate' },
      { path: 'ranking[4]', rule: 'duplicate' },
    ]);
    expect(await fingerprint(h.database.db)).toBe(before);
  });

  it('names a capacity or field the schema refuses', async () => {
    const capacity = await patch('guarded', 'E-A', { capacity: -1 }, keys.enterpriseA);
    expect(capacity.status).toBe(422);
    expect(((await capacity.json()) as { errors: { path: string }[] }).errors.map((e) => e.path)).toEqual(['capacity']);
    const unknown = await patch('guarded', 'E-A', { region: 'R-B' }, keys.enterpriseA);
    expect(unknown.status).toBe(422);
    expect(((await unknown.json()) as { errors: { rule: string }[] }).errors.map((e) => e.rule)).toEqual(['unrecognized_keys']);
  });

  it('refuses edits once a run is published', async () => {
    const runId = await solve('published', 'optimal');
    await h.json('POST', `/api/v1/runs/${runId}/publish`, { key: keys.admin });
    const before = await fingerprint(h.database.db);
    const response = await patch('published', 'E-A', { capacity: 1 }, keys.enterpriseA);
    expect(response.status).toBe(409);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(await fingerprint(h.database.db)).toBe(before);
  });
});
