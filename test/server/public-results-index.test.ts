/**
 * The in-memory index of a published run's public rows answers every public page exactly as
 * the database does: two apps over one database, one reading pages from the database
 * (PUBLIC_INDEX_ROWS=0), the other from its index, must send the same bytes for any filters,
 * sort, order, page size and cursor, including cursors of the other app and crafted ones.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateRound } from '../../fixtures/generate-round.ts';
import { createApiKey } from '../../server/repositories/api-keys.ts';
import { compareCodePoints } from '../../server/runs/code-point-order.ts';
import { TextColumnCodes } from '../../server/runs/public-results-index.ts';
import { encodeCursor } from '../../server/http/pagination.ts';
import { openHarness, type Harness } from './support/harness.ts';
import { openIndexComparison, type IndexComparison } from './support/index-comparison.ts';

let apps: IndexComparison;
let location: string;
let fromDatabase: Harness;
let fromIndex: Harness;
let runId: string;
type Row = Record<'specialty' | 'region' | 'college' | 'offer' | 'enterprise', string | null>;
let rows: Row[];

const PUBLIC_SORTS = ['position', 'specialty', 'region', 'college', 'enterprise', 'rank', 'km'] as const;

beforeAll(async () => {
  apps = await openIndexComparison({ RATE_LIMIT_PUBLIC: '0' }, { PUBLIC_INDEX_ROWS: '0' });
  ({ location, fromDatabase, fromIndex } = apps);
  const { value: admin } = await createApiKey(fromDatabase.database.db, { role: 'admin', region: null, enterprise: null, label: 'admin', origins: [] });
  const round = generateRound({ students: 700, seed: 31 });
  await fromDatabase.json('POST', '/api/v1/rounds', { key: admin, body: { ...round, round: { ...round.round, id: 'national' } } });
  runId = (await fromDatabase.json('POST', '/api/v1/rounds/national/runs', { key: admin })).runId;
  await fromDatabase.services.runs.settled(runId);
  await fromDatabase.json('POST', `/api/v1/runs/${runId}/publish`, { key: admin });
  rows = (await fromDatabase.json('GET', `/api/v1/runs/${runId}/results?limit=1000`, { key: admin })).items;
  // The first public request starts building the index; later ones are answered from it.
  expect((await fromIndex.request('GET', `/api/v1/runs/${runId}/results?sort=km`)).status).toBe(200);
  await fromIndex.services.publicIndexes.settled();
  expect(fromIndex.services.publicIndexes.get(runId)?.rows).toBe(700);
}, 120_000);

afterAll(() => apps?.close());

interface Answer {
  status: number;
  body: string;
}

async function answer(h: Harness, path: string): Promise<Answer> {
  const response = await h.request('GET', path);
  return { status: response.status, body: await response.text() };
}

/** The values a column takes in the run's rows. */
const values = (column: keyof Row) => [...new Set(rows.map((row) => row[column]).filter((v): v is string => v !== null))];

/** Most queries have one filter or none: several at once mostly match nothing. */
const rarely = <T>(arbitrary: fc.Arbitrary<T>) => fc.oneof({ weight: 3, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary });

describe('public result pages from the in-memory index', () => {
  it('are the bytes the database path sends, for any query and cursor', async () => {
    const query = fc.record({
      specialty: rarely(fc.constantFrom(...values('specialty'), 'NO-SUCH')),
      region: rarely(fc.constantFrom(...values('region'))),
      college: rarely(fc.constantFrom(...values('college'))),
      enterprise: rarely(fc.constantFrom(...values('enterprise'))),
      offer: rarely(fc.constantFrom(...values('offer'))),
      status: rarely(fc.constantFrom('placed', 'unplaced')),
      sort: rarely(fc.constantFrom(...PUBLIC_SORTS)),
      order: rarely(fc.constantFrom('asc', 'desc')),
      limit: rarely(fc.integer({ min: 1, max: 80 })),
      count: rarely(fc.constant('true')),
    });
    // A crafted cursor: right or wrong types, values between, below and above the real ones.
    const crafted = fc.oneof(
      fc.tuple(fc.constantFrom(0, 1), fc.oneof(fc.double({ min: -5, max: 400, noNaN: true }), fc.integer({ min: -1, max: 10 }), fc.constantFrom(2 ** 31, -(2 ** 40), 1e300)), fc.oneof(fc.integer({ min: -1, max: 800 }), fc.constantFrom(0.5, 2 ** 31))),
      fc.tuple(fc.constant(0), fc.oneof(fc.constantFrom(...values('college'), ...values('enterprise')), fc.string({ maxLength: 8, unit: 'grapheme' })), fc.integer({ min: -1, max: 800 })),
      fc.tuple(fc.constantFrom(2, '0'), fc.constant(1), fc.constant(1)),
    );
    await fc.assert(
      fc.asyncProperty(query, fc.option(crafted), fc.integer({ min: 0, max: 3 }), async (q, cursor, pagesToFollow) => {
        const params = new URLSearchParams(Object.entries(q).flatMap(([k, v]) => (v === undefined ? [] : [[k, String(v)]])));
        if (cursor) params.set('cursor', encodeCursor(cursor));
        let path = `/api/v1/runs/${runId}/results?${params}`;
        for (let page = 0; ; page++) {
          const [expected, actual] = [await answer(fromDatabase, path), await answer(fromIndex, path)];
          expect(actual).toEqual(expected);
          const next = expected.status === 200 ? (JSON.parse(expected.body) as { nextCursor: string | null }).nextCursor : null;
          if (next === null || page === pagesToFollow) return;
          params.set('cursor', next);
          path = `/api/v1/runs/${runId}/results?${params}`;
        }
      }),
      { numRuns: 250 },
    );
  }, 120_000);

  it('walk every row once in each sort order, rows without the key last', async () => {
    for (const sort of PUBLIC_SORTS) {
      for (const order of ['asc', 'desc']) {
        const seen: string[] = [];
        let cursor: string | null = null;
        do {
          const page = JSON.parse((await answer(fromIndex, `/api/v1/runs/${runId}/results?sort=${sort}&order=${order}&limit=97${cursor ? `&cursor=${cursor}` : ''}`)).body);
          seen.push(...page.items.map((item: { student: string }) => item.student));
          cursor = page.nextCursor;
        } while (cursor);
        expect(new Set(seen).size, `${sort} ${order}`).toBe(700);
      }
    }
  });

  it('keep what the public may not do forbidden', async () => {
    for (const query of ['q=S-0', 'sort=student']) {
      const [expected, actual] = [await answer(fromDatabase, `/api/v1/runs/${runId}/results?${query}`), await answer(fromIndex, `/api/v1/runs/${runId}/results?${query}`)];
      expect(actual.status).toBe(400);
      expect(actual).toEqual(expected);
    }
  });
});

describe('the indexes an instance holds', () => {
  it('leave a run larger than PUBLIC_INDEX_ROWS to the database, answering the same', async () => {
    const small = await openHarness(location, { env: { RATE_LIMIT_PUBLIC: '0', PUBLIC_INDEX_ROWS: '699' }, solve: false });
    try {
      const path = `/api/v1/runs/${runId}/results?sort=rank&order=desc&limit=30`;
      expect(await answer(small, path)).toEqual(await answer(fromDatabase, path));
      await small.services.publicIndexes.settled();
      expect(small.services.publicIndexes.get(runId)).toBeUndefined();
      expect(await answer(small, `${path}&count=true`)).toEqual(await answer(fromIndex, `${path}&count=true`));
    } finally {
      await small.close();
    }
  });
});

describe('compareCodePoints', () => {
  it('orders strings as their UTF-8 bytes do', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), fc.string({ unit: 'binary' }), (a, b) => {
        expect(Math.sign(compareCodePoints(a, b))).toBe(Math.sign(Buffer.compare(Buffer.from(a), Buffer.from(b))));
      }),
      { numRuns: 2000 },
    );
  });
});

describe('text columns as codes', () => {
  it('number the distinct values in code-point order, each row pointing at its own', () => {
    const text = fc.oneof(fc.string({ unit: 'binary', maxLength: 4 }), fc.constantFrom('O-1', 'O-10', 'O-2', 'é', '😀', '\uffff'));
    fc.assert(
      fc.property(fc.array(fc.option(text, { nil: null }), { maxLength: 60 }), (column) => {
        const gathered = new TextColumnCodes();
        for (const value of column) gathered.add(value);
        const { values, codes } = gathered.finish();
        expect(values).toEqual([...new Set(column.filter((v) => v !== null))].sort(compareCodePoints));
        expect(Array.from(codes, (code) => (code === -1 ? null : values[code]))).toEqual(column);
      }),
      { numRuns: 500 },
    );
  });
});
