import fc from 'fast-check';
import { isDeepStrictEqual } from 'node:util';
import { describe, expect, it } from 'vitest';
import { parseValidRound } from '../../solver/schema-fast-path.ts';
import { RoundSchema } from '../../solver/schema.ts';
import { arbitraryRound } from '../helpers/arbitrary-round.ts';
import { tinyRound } from '../helpers/tiny-round.ts';

/** Equal values with equal key order everywhere (JSON.stringify follows insertion order). */
function expectSameAsZod(input: unknown): void {
  const zod = RoundSchema.safeParse(input);
  const fast = parseValidRound(input);
  if (!zod.success) {
    expect(fast).toBeNull();
    return;
  }
  // The fast path may leave the unusual to zod, but what it returns must be zod's result.
  if (fast === null) return;
  expect(isDeepStrictEqual(fast, zod.data)).toBe(true);
  expect(JSON.stringify(fast)).toBe(JSON.stringify(zod.data));
}

/** Every place in a document where a value sits: [container, key]. */
function slots(value: unknown, into: [Record<string | number, unknown>, string | number][] = []) {
  if (value && typeof value === 'object') {
    for (const key of Object.keys(value)) {
      const container = value as Record<string, unknown>;
      into.push([container, Array.isArray(value) ? Number(key) : key]);
      slots(container[key], into);
    }
  }
  return into;
}

const oddValues = fc.oneof(
  fc.jsonValue(),
  fc.constantFrom(undefined, null, NaN, Infinity, -1, 0, 0.5, 1e300, 2 ** 53, '', 'x'.repeat(201), 'region', 'country', { maxKm: 5 }, { maxKm: -1 }, { maxKm: 5, extra: 1 }, [], {}, true),
);

describe('parseValidRound', () => {
  it('returns what zod returns on valid rounds, keys in the same order', () => {
    fc.assert(
      fc.property(arbitraryRound(), (round) => {
        expect(parseValidRound(round)).not.toBeNull();
        expectSameAsZod(round);
      }),
      { numRuns: 200 },
    );
  });

  it('never accepts what zod refuses, whatever value is put anywhere', () => {
    fc.assert(
      fc.property(arbitraryRound(), fc.nat(), oddValues, fc.boolean(), (round, pick, value, remove) => {
        const places = slots(round);
        if (places.length === 0) return;
        const [container, key] = places[pick % places.length];
        if (remove && !Array.isArray(container)) delete container[key];
        else container[key] = value;
        expectSameAsZod(round);
      }),
      { numRuns: 2000 },
    );
  });

  it('keeps unknown fields after the known ones, in the order given, as zod does', () => {
    const round = tinyRound({ students: [{ id: 'S1' }], offers: [{ id: 'O1' }] }) as Record<string, any>;
    round.students[0] = { zz: 1, preferences: ['O1'], ...round.students[0], aa: { nested: [1] }, mobility: { maxKm: 30 } };
    round.offers[0] = { note: 'x', ...round.offers[0], languages: ['kk'] };
    round.extra = [1, 2];
    round.round = { custom: true, ...round.round, scope: null };
    expectSameAsZod(round);
    expect(parseValidRound(round)).not.toBeNull();
  });

  it('leaves keys present with undefined as zod does', () => {
    const round = tinyRound({ students: [{ id: 'S1', priority: undefined, preferences: undefined }], offers: [{ id: 'O1', minScore: undefined }] });
    expectSameAsZod(round);
    expect(parseValidRound(round)).not.toBeNull();
  });

  it('does not copy a round that is already as zod would make it', () => {
    const canonical = RoundSchema.parse(tinyRound({ students: [{ id: 'S1', preferences: ['O1'], mobility: { maxKm: 20 } }], offers: [{ id: 'O1' }] }));
    expect(parseValidRound(canonical)).toBe(canonical);
    const { score, ...rest } = canonical.students[0];
    const reordered = { ...canonical, students: [{ ...rest, score }] };
    const fresh = parseValidRound(reordered)!;
    expect(fresh).not.toBe(reordered);
    expect(fresh.regions).toBe(canonical.regions);
    expect(Object.keys(fresh.students[0])).toEqual(Object.keys(canonical.students[0]));
    expect(fresh.students[0].preferences).toBe(canonical.students[0].preferences);
  });

  it('leaves the unusual to zod', () => {
    const round = tinyRound({ students: [{ id: 'S1' }], offers: [{ id: 'O1' }] });
    expect(parseValidRound(JSON.parse(JSON.stringify(round).replace('"id":"S1"', '"__proto__":{},"id":"S1"')))).toBeNull();
    expect(parseValidRound({ ...round, students: [Object.assign(Object.create({ inherited: 1 }), round.students[0])] })).toBeNull();
  });
});
