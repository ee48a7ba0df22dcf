/**
 * The resources one by one: lists with filters, sorting and cursor paging; offers published
 * and changed by enterprises; keys, tokens and origins; rate limits; the pages and the
 * OpenAPI document.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashCode } from '../../server/auth/personal-codes.ts';
import { SECURITY_HEADERS } from '../../server/http/security-headers.ts';
import { createApiKey, createToken } from '../../server/repositories/api-keys.ts';
import { generateRound } from '../../fixtures/generate-round.ts';
import { openHarness, type Harness } from './support/harness.ts';
import { smallRound } from './support/rounds.ts';
import { testDatabases, type TestDatabases } from './support/test-database.ts';

let databases: TestDatabases;
let h: Harness;
const keys: Record<string, string> = {};

beforeAll(async () => {
  databases = testDatabases();
  h = await openHarness(await databases.create(), { env: { CORS_ORIGINS: 'https://region.example', RATE_LIMIT_PUBLIC: '0' } });
  const db = h.database.db;
  const make = async (name: string, role: 'admin' | 'office' | 'enterprise', scope: { region?: string; enterprise?: string; origins?: string[] } = {}) => {
    keys[name] = (await createApiKey(db, { role, region: scope.region ?? null, enterprise: scope.enterprise ?? null, label: name, origins: scope.origins ?? [] })).value;
  };
  await make('admin', 'admin');
  await make('office', 'office', { region: 'KZ-39', origins: ['https://office.example'] });
  await make('officeRA', 'office', { region: 'R-A' });
  await make('enterprise', 'enterprise', { enterprise: 'E-A' });
  const round = generateRound({ students: 600, seed: 8, region: 'KZ-39', names: true });
  await h.json('POST', '/api/v1/rounds', { key: keys.office, body: { ...round, round: { ...round.round, id: 'kz39' } } });
  await h.json('POST', '/api/v1/rounds', { key: keys.officeRA, body: smallRound('small') });
}, 60_000);

afterAll(async () => {
  await h.close();
  await databases.remove();
});

/** Every item of a list, following nextCursor. */
async function walk(path: string, key?: string): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let cursor: string | null = null;
  do {
    const page: { items: Record<string, unknown>[]; nextCursor: string | null } = await h.json('GET', `${path}${path.includes('?') ? '&' : '?'}limit=45${cursor ? `&cursor=${cursor}` : ''}`, { key });
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return items;
}

describe('lists', () => {
  it('pages through students with a filter and a sort, each once, in order', async () => {
    const all = await walk('/api/v1/rounds/kz39/students', keys.office);
    expect(all).toHaveLength(600);
    const specialty = all[0].specialty as string;
    const sorted = await walk(`/api/v1/rounds/kz39/students?specialty=${specialty}&sort=score&order=desc`, keys.office);
    const expected = all.filter((s) => s.specialty === specialty).sort((a, b) => (b.score as number) - (a.score as number) || ((b.id as string) < (a.id as string) ? -1 : 1));
    expect(sorted.map((s) => s.id)).toEqual(expected.map((s) => s.id));
  });

  it('filters offers by enterprise and colleges by region', async () => {
    const offers = await walk('/api/v1/rounds/kz39/offers', keys.office);
    const enterprise = offers[3].enterprise as string;
    expect((await walk(`/api/v1/rounds/kz39/offers?enterprise=${enterprise}`, keys.office)).map((o) => o.id)).toEqual(offers.filter((o) => o.enterprise === enterprise).map((o) => o.id));
    expect(await walk('/api/v1/rounds/kz39/colleges?region=KZ-39', keys.office)).toHaveLength((await walk('/api/v1/rounds/kz39/colleges', keys.office)).length);
    expect(await walk('/api/v1/rounds/kz39/colleges?region=KZ-11', keys.office)).toHaveLength(0);
  });

  it('lists rounds by status and scope, as each role may see them', async () => {
    expect((await h.json('GET', '/api/v1/rounds', { key: keys.admin })).items.map((r: { id: string }) => r.id)).toEqual(['kz39', 'small']);
    expect((await h.json('GET', '/api/v1/rounds?order=desc', { key: keys.admin })).items.map((r: { id: string }) => r.id)).toEqual(['small', 'kz39']);
    expect((await h.json('GET', '/api/v1/rounds', { key: keys.office })).items.map((r: { id: string }) => r.id)).toEqual(['kz39']);
    expect((await h.json('GET', '/api/v1/rounds', { key: keys.enterprise })).items.map((r: { id: string }) => r.id)).toEqual(['small']);
    expect((await h.json('GET', '/api/v1/rounds?status=published', { key: keys.admin })).items).toEqual([]);
    expect((await h.json('GET', '/api/v1/rounds')).items).toEqual([]);
  });

  it('serves the regions and specialties with names in three languages', async () => {
    const regions = await h.json('GET', '/api/v1/regions');
    expect(regions.items.find((r: { code: string }) => r.code === 'KZ-39')).toMatchObject({ name_en: expect.stringContaining('Kostanay'), name_ru: expect.any(String), name_kk: expect.any(String) });
    expect(regions.items.find((r: { code: string }) => r.code === 'R-A')).toMatchObject({ name: 'Region A', name_en: null });
    // The reference data's "(also: …)" notes on spellings are not shown.
    expect(regions.items.find((r: { code: string }) => r.code === 'KZ-10')).toMatchObject({ name_ru: 'область Абай' });
    expect(JSON.stringify(regions)).not.toContain('also:');
    expect((await h.json('GET', '/api/v1/specialties')).items.length).toBeGreaterThanOrEqual(77);
  });
});

describe('results', () => {
  let runId: string;

  beforeAll(async () => {
    runId = (await h.json('POST', '/api/v1/rounds/kz39/runs', { key: keys.office })).runId;
    await h.services.runs.settled(runId);
  }, 60_000);

  it('filters and sorts result rows, nulls last, with totals', async () => {
    const unplaced = await h.json('GET', `/api/v1/runs/${runId}/results?status=unplaced&count=true&limit=5`, { key: keys.office });
    const run = await h.json('GET', `/api/v1/runs/${runId}`, { key: keys.office });
    expect(unplaced.total).toBe(run.summary.students - run.summary.placed);
    expect(unplaced.items.every((r: { status: string; reason: string }) => r.status === 'unplaced' && r.reason)).toBe(true);
    const byKm = await walk(`/api/v1/runs/${runId}/results?sort=km`, keys.office);
    expect(byKm).toHaveLength(600);
    const kms = byKm.map((r) => r.km as number | null);
    const placed = kms.filter((km) => km !== null) as number[];
    expect(kms.slice(0, placed.length)).toEqual([...placed].sort((a, b) => a - b));
    expect(kms.slice(placed.length).every((km) => km === null)).toBe(true);
    const byCollege = await walk(`/api/v1/runs/${runId}/results?college=${byKm[0].college}&sort=student&order=desc`, keys.office);
    expect(byCollege.map((r) => r.student)).toEqual(byKm.filter((r) => r.college === byKm[0].college).map((r) => r.student).sort().reverse());
    expect((await h.json('GET', `/api/v1/runs/${runId}/results?q=S-00001`, { key: keys.office })).items.map((r: { student: string }) => r.student)).toEqual(
      Array.from({ length: 10 }, (_, i) => `S-00001${i}`),
    );
  });

  it('summarises by specialty and region', async () => {
    const summary = await h.json('GET', `/api/v1/runs/${runId}/summary`, { key: keys.office });
    expect(summary.byRegion).toEqual([expect.objectContaining({ code: 'KZ-39', students: 600, placed: summary.summary.placed })]);
    expect(summary.bySpecialty.reduce((n: number, bar: { placed: number }) => n + bar.placed, 0)).toBe(summary.summary.placed);
  });
});

describe('offers', () => {
  it('lets an enterprise publish and change its own offers only, moving the round to a new revision', async () => {
    const created = await h.request('POST', '/api/v1/rounds/small/offers', { key: keys.enterprise, body: { id: 'O-A5', enterprise: 'E-A', specialty: 'COOK', places: 2, languages: ['kk'] } });
    expect(created.status).toBe(201);
    expect((await h.request('POST', '/api/v1/rounds/small/offers', { key: keys.enterprise, body: { id: 'O-B5', enterprise: 'E-B', specialty: 'COOK', places: 2 } })).status).toBe(403);
    expect((await h.request('PATCH', '/api/v1/rounds/small/offers/O-B1', { key: keys.enterprise, body: { places: 9 } })).status).toBe(403);
    const patched = await h.json('PATCH', '/api/v1/rounds/small/offers/O-A5', { key: keys.enterprise, body: { places: 4, languages: null } });
    expect(patched).toEqual({ id: 'O-A5', enterprise: 'E-A', specialty: 'COOK', places: 4 });
    const own = await h.json('GET', '/api/v1/rounds/small/offers', { key: keys.enterprise });
    expect(own.items.map((o: { enterprise: string }) => o.enterprise)).toEqual(['E-A', 'E-A', 'E-A', 'E-A']);
    expect((await h.json('GET', '/api/v1/rounds/small/enterprises', { key: keys.enterprise })).items.map((e: { id: string }) => e.id)).toEqual(['E-A']);
    expect((await h.json('GET', '/api/v1/rounds/small', { key: keys.officeRA })).revision).toBe(3);
  });

  it('names what an offer refers to but the round lacks', async () => {
    const response = await h.request('POST', '/api/v1/rounds/small/offers', { key: keys.admin, body: { id: 'O-X', enterprise: 'E-X', specialty: 'DANCE', places: 1 } });
    expect(response.status).toBe(422);
    expect(((await response.json()) as { errors: { path: string }[] }).errors.map((e) => e.path)).toEqual(['enterprise', 'specialty']);
    expect((await h.request('POST', '/api/v1/rounds/small/offers', { key: keys.admin, body: { id: 'O-A1', enterprise: 'E-A', specialty: 'WELD', places: 1 } })).status).toBe(409);
  });
});

describe('keys, tokens and origins', () => {
  it('mints tokens that carry the key role and expire; read-only ones cannot write; tokens cannot mint', async () => {
    const token = await h.json('POST', '/api/v1/tokens', { key: keys.officeRA, body: { readOnly: true } });
    expect(token).toMatchObject({ role: 'office', readOnly: true, token: expect.stringMatching(/^dmt_/) });
    expect((await h.request('GET', '/api/v1/rounds/small', { key: token.token })).status).toBe(200);
    expect((await h.request('PATCH', '/api/v1/rounds/small/offers/O-A1', { key: token.token, body: { places: 2 } })).status).toBe(403);
    expect((await h.request('POST', '/api/v1/tokens', { key: token.token })).status).toBe(403);
    const writer = await h.json('POST', '/api/v1/tokens', { key: keys.officeRA });
    expect((await h.request('PATCH', '/api/v1/rounds/small/offers/O-A1', { key: writer.token, body: { places: 2 } })).status).toBe(200);
    const officeRAId = keys.officeRA.split('_')[1];
    const expired = await createToken(h.database.db, officeRAId, -1, false);
    expect((await h.request('GET', '/api/v1/rounds/small', { key: expired.value })).status).toBe(401);
  });

  it('answers CORS preflights for the configured origins and those of keys, and refuses keys from other sites', async () => {
    const preflight = (origin: string) => h.request('OPTIONS', '/api/v1/rounds', { headers: { origin, 'access-control-request-method': 'GET', 'access-control-request-headers': 'authorization' } });
    expect((await preflight('https://region.example')).headers.get('access-control-allow-origin')).toBe('https://region.example');
    expect((await preflight('https://office.example')).headers.get('access-control-allow-origin')).toBe('https://office.example');
    expect((await preflight('https://evil.example')).headers.get('access-control-allow-origin')).toBeNull();
    expect((await h.request('GET', '/api/v1/rounds', { key: keys.office, headers: { origin: 'https://office.example' } })).status).toBe(200);
    expect((await h.request('GET', '/api/v1/rounds', { key: keys.officeRA, headers: { origin: 'https://office.example' } })).status).toBe(403);
    expect((await h.request('GET', '/api/v1/rounds', { key: keys.office, headers: { origin: 'https://evil.example' } })).status).toBe(403);
  });
});

describe('rate limits', () => {
  it('limits public requests per address, with Retry-After', async () => {
    const limited = await openHarness(await databases.create(), { solve: false, env: { RATE_LIMIT_PUBLIC: '3' } });
    try {
      const statuses = [];
      for (let i = 0; i < 4; i++) statuses.push((await limited.request('GET', '/api/v1/regions')).status);
      expect(statuses).toEqual([200, 200, 200, 429]);
      const response = await limited.request('GET', '/api/v1/regions');
      expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
      const key = (await createApiKey(limited.database.db, { role: 'admin', region: null, enterprise: null, label: null, origins: [] })).value;
      expect((await limited.request('GET', '/api/v1/regions', { key })).status).toBe(200);
    } finally {
      await limited.close();
    }
  });

  it('stops guessing a personal code after a few failures for that student', async () => {
    const limited = await openHarness(await databases.create(), { env: { LOOKUP_FAILURES_PER_STUDENT: '3', RATE_LIMIT_LOOKUP: '0' } });
    try {
      const admin = (await createApiKey(limited.database.db, { role: 'admin', region: null, enterprise: null, label: null, origins: [] })).value;
      const round = smallRound('guess');
      round.students[0] = { ...round.students[0], code: 'RIGHT-CODE' };
      await limited.json('POST', '/api/v1/rounds', { key: admin, body: round });
      const { runId } = await limited.json('POST', '/api/v1/rounds/guess/runs', { key: admin });
      await limited.services.runs.settled(runId);
      await limited.json('POST', `/api/v1/runs/${runId}/publish`, { key: admin });
      const attempt = async (code: string) => (await limited.request('POST', `/api/v1/runs/${runId}/lookup`, { body: { student: 'S1', code } })).status;
      expect([await attempt('AAAA'), await attempt('BBBB'), await attempt('CCCC'), await attempt('RIGHT-CODE')]).toEqual([404, 404, 404, 429]);
    } finally {
      await limited.close();
    }
  }, 30_000);
});

describe('reads while a long write holds the writer connection (a run\'s results being stored)', () => {
  it('still answer keyed requests: a round, its lists, its runs', async () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let holding!: () => void;
    const inTransaction = new Promise<void>((resolve) => (holding = resolve));
    const writing = h.database.db.transaction().execute(async (trx) => {
      await trx.updateTable('rounds').set({ updated_at: new Date().toISOString() }).where('id', '=', 'kz39').execute();
      holding();
      await held;
    });
    await inTransaction;
    try {
      const reads = Promise.all(['/api/v1/rounds/kz39', '/api/v1/rounds/kz39/students?limit=5', '/api/v1/rounds/kz39/runs'].map(async (path) => (await h.request('GET', path, { key: keys.office })).status));
      const waited = new Promise<'waited'>((resolve) => setTimeout(() => resolve('waited'), 5000));
      expect(await Promise.race([reads, waited])).toEqual([200, 200, 200]);
    } finally {
      release();
      await writing;
    }
  });
});

describe('a round from before lookup keys', () => {
  it('still has its codes checked, and only its codes: its salt is secret', async () => {
    const before = await openHarness(await databases.create(), { env: { RATE_LIMIT_LOOKUP: '0' } });
    try {
      const db = before.database.db;
      const admin = (await createApiKey(db, { role: 'admin', region: null, enterprise: null, label: null, origins: [] })).value;
      await before.json('POST', '/api/v1/rounds', { key: admin, body: smallRound('old') });
      // As the service stored a round before lookup keys (migration 0003 leaves such rounds so).
      const { code_salt } = await db.selectFrom('rounds').select('code_salt').where('id', '=', 'old').executeTakeFirstOrThrow();
      await db.updateTable('rounds').set({ lookup_salt: null, lookup_cost: null }).where('id', '=', 'old').execute();
      const codeHash = await hashCode('OLD-CODE', { form: 'scrypt', salt: code_salt, cost: 1 }, 'S1');
      await db.updateTable('students').set({ code_hash: codeHash }).where('round_id', '=', 'old').where('id', '=', 'S1').execute();
      const { runId } = await before.json('POST', '/api/v1/rounds/old/runs', { key: admin });
      await before.services.runs.settled(runId);
      await before.json('POST', `/api/v1/runs/${runId}/publish`, { key: admin });

      expect(await before.json('GET', `/api/v1/runs/${runId}/lookup-key`)).toEqual({ derivation: null });
      expect(await before.json('POST', `/api/v1/runs/${runId}/lookup`, { body: { student: 'S1', code: 'old-code' } })).toMatchObject({ student: 'S1' });
      const byKey = await before.request('POST', `/api/v1/runs/${runId}/lookup`, { body: { student: 'S1', key: Buffer.from(codeHash.split('$')[2], 'base64url').toString('base64url') } });
      expect(byKey.status).toBe(422);
      expect((await byKey.json()).errors.map((issue: { path: string }) => issue.path)).toEqual(['key']);
    } finally {
      await before.close();
    }
  }, 30_000);
});

describe('pages', () => {
  it('serves the OpenAPI document, the docs and the demo page under a strict CSP', async () => {
    const doc = await h.json('GET', '/openapi.json');
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/v1/rounds', '/api/v1/runs/{runId}/results', '/api/v1/runs/{runId}/lookup']));
    expect(doc.components.schemas).toHaveProperty('Problem');
    const docs = await h.request('GET', '/docs');
    expect(docs.headers.get('content-security-policy')).toContain("script-src 'self'");
    const html = await docs.text();
    expect(html).toContain('id="problem-validation"');
    expect(html).not.toMatch(/<script(?![^>]*src=)/);
    const demo = await (await h.request('GET', '/')).text();
    expect(demo).toContain('<script type="module" src="/widget.js"></script>');
    expect(demo).not.toMatch(/<script(?![^>]*src=)/);
  });

  it('sends the security headers with every answer, and CORS headers to the sites allowed', async () => {
    const { runId } = await h.json('POST', '/api/v1/rounds/small/runs', { key: keys.admin });
    await h.services.runs.settled(runId);
    await h.json('POST', `/api/v1/runs/${runId}/publish`, { key: keys.admin });
    const site = { origin: 'https://region.example' };
    const summary = await h.request('GET', `/api/v1/runs/${runId}/summary`, { headers: { ...site, 'accept-encoding': 'gzip' } });
    const answers = [
      summary,
      await h.request('GET', `/api/v1/runs/${runId}/summary`, { headers: { ...site, 'if-none-match': summary.headers.get('etag')! } }),
      await h.request('GET', `/api/v1/runs/${runId}/results?sort=km&limit=3`, { headers: site }),
      await h.request('POST', `/api/v1/runs/${runId}/lookup`, { headers: site, body: { student: 'S1', code: 'WRONG' } }),
      await h.request('GET', '/api/v1/regions', { headers: site }),
      await h.request('GET', '/api/v1/runs/no-such-run/summary', { headers: site }),
      await h.request('OPTIONS', '/api/v1/regions', { headers: { ...site, 'access-control-request-method': 'GET' } }),
    ];
    expect(answers.map((answer) => answer.status)).toEqual([200, 304, 200, 404, 200, 404, 204]);
    const fromOtherSite = await h.request('GET', '/api/v1/regions', { headers: { origin: 'https://evil.example' } });
    for (const answer of [...answers, await h.request('GET', '/docs'), fromOtherSite]) {
      expect(Object.fromEntries(answer.headers)).toMatchObject(SECURITY_HEADERS);
    }
    for (const answer of answers) expect(answer.headers.get('access-control-allow-origin')).toBe(site.origin);
    expect(summary.headers.get('vary')).toBe('Origin, Accept-Encoding');
    expect(answers[4].headers.get('vary')).toBe('Origin');
    expect(fromOtherSite.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('serves /widget.js to any site, or says how to build it', async () => {
    const response = await h.request('GET', '/widget.js');
    if (response.status === 200) {
      expect(response.headers.get('access-control-allow-origin')).toBe('*');
      expect(response.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
      expect(response.headers.get('content-type')).toMatch(/^text\/javascript/);
    } else {
      expect(response.status).toBe(503);
      expect(((await response.json()) as { detail: string }).detail).toContain('build:widget');
    }
  });
});
