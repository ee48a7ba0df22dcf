import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildCompatibility, buildOfferIndex, firstFailedRule, isLiveOffer } from '../../solver/compatibility.ts';
import { buildRoundModel } from '../../solver/round-model.ts';
import { greatCircleKm } from '../../solver/geo.ts';
import type { Round } from '../../solver/schema.ts';
import { validateRound } from '../../solver/validate-round.ts';
import { arbitraryRound } from '../helpers/arbitrary-round.ts';
import { tinyRound, type OfferInput, type StudentInput } from '../helpers/tiny-round.ts';

/** Is the single student of a one-student round compatible with offer O? */
function compatible(student: Omit<StudentInput, 'id'>, offer: Omit<OfferInput, 'id'>, policy?: Round['round']['policy']): boolean {
  const model = buildRoundModel(tinyRound({ students: [{ id: 'S', ...student }], offers: [{ id: 'O', ...offer }], policy }));
  const lists = buildCompatibility(buildOfferIndex(model));
  return lists.offer.length === 1;
}

describe('compatibility rules, one by one', () => {
  it('1. same specialty', () => {
    expect(compatible({ specialty: 'WELD' }, { specialty: 'WELD' })).toBe(true);
    expect(compatible({ specialty: 'WELD' }, { specialty: 'COOK' })).toBe(false);
  });

  it('2. score >= minScore (equal passes; absent minScore is 0)', () => {
    expect(compatible({ score: 60 }, { minScore: 60 })).toBe(true);
    expect(compatible({ score: 59.9 }, { minScore: 60 })).toBe(false);
    expect(compatible({ score: 0 }, {})).toBe(true);
  });

  it('3. the offer lists no languages, or the student language', () => {
    expect(compatible({ language: 'kk' }, {})).toBe(true);
    expect(compatible({ language: 'kk' }, { languages: ['ru', 'kk'] })).toBe(true);
    expect(compatible({ language: 'en' }, { languages: ['ru', 'kk'] })).toBe(false);
    expect(compatible({}, { languages: ['ru'] })).toBe(false);
    expect(compatible({}, {})).toBe(true);
  });

  it('4. geography: home region always; other regions by mobility', () => {
    // College C-A is in R-A; E-B is in R-B, about 100 km away (region coordinates stand in).
    expect(compatible({ mobility: 'region' }, { enterprise: 'E-A' })).toBe(true);
    expect(compatible({}, { enterprise: 'E-B' })).toBe(false);
    expect(compatible({ mobility: 'region' }, { enterprise: 'E-B' })).toBe(false);
    expect(compatible({ mobility: 'country' }, { enterprise: 'E-B' })).toBe(true);
    expect(compatible({ mobility: { maxKm: 101 } }, { enterprise: 'E-B' })).toBe(true);
    expect(compatible({ mobility: { maxKm: 99 } }, { enterprise: 'E-B' })).toBe(false);
    // The home region counts even when it is beyond maxKm.
    expect(compatible({ mobility: { maxKm: 0 } }, { enterprise: 'E-A' })).toBe(true);
  });

  it('4. geography uses the college and enterprise coordinates when given', () => {
    const round = tinyRound({ students: [{ id: 'S', mobility: { maxKm: 20 } }], offers: [{ id: 'O', enterprise: 'E-B' }] });
    expect(greatCircleKm(50, 60, 50.9, 60)).toBeCloseTo(100.08, 1);
    round.colleges[0].lat = 50.8; // now ~11 km from R-B's coordinates
    expect(buildCompatibility(buildOfferIndex(buildRoundModel(round))).offer.length).toBe(1);
    round.enterprises[0].lat = 51.2; // ~44 km
    expect(buildCompatibility(buildOfferIndex(buildRoundModel(round))).offer.length).toBe(0);
  });

  it('5. preferredOnly keeps only the offers the student listed', () => {
    expect(compatible({ preferences: [] }, {}, { preferredOnly: true })).toBe(false);
    expect(compatible({ preferences: ['O'] }, {}, { preferredOnly: true })).toBe(true);
    expect(compatible({ preferences: [] }, {}, { preferredOnly: false })).toBe(true);
  });

  it('offers without places or whose enterprise has no capacity take no one', () => {
    expect(compatible({}, { places: 0 })).toBe(false);
    const round = tinyRound({ students: [{ id: 'S' }], offers: [{ id: 'O' }], enterprises: [{ id: 'E-A', capacity: 0 }] });
    expect(buildCompatibility(buildOfferIndex(buildRoundModel(round))).offer.length).toBe(0);
  });
});

describe('the indexed builder', () => {
  it('finds exactly the pairs a scan of every student against every offer finds', () => {
    fc.assert(
      fc.property(arbitraryRound({ regions: 4, colleges: 5, enterprises: 8, offers: 14, students: 16 }, fc.record({ preferredOnly: fc.boolean() })), (round) => {
        const outcome = validateRound(round);
        expect(outcome.errors).toEqual([]);
        if (!outcome.ok) return;
        const model = outcome.model;
        const lists = buildCompatibility(buildOfferIndex(model));
        for (let s = 0; s < model.studentCount; s++) {
          const scanned: number[] = [];
          for (let o = 0; o < model.offerCount; o++) if (isLiveOffer(model, o) && firstFailedRule(model, s, o) === null) scanned.push(o);
          expect(Array.from(lists.offer.subarray(lists.start[s], lists.start[s + 1]))).toEqual(scanned);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('finds every offer within maxKm in every direction, and none beyond', () => {
    // Offers scattered around the radius edge at every bearing, where a wrong grid window
    // would lose some.
    fc.assert(
      fc.property(
        fc.double({ min: -70, max: 70, noNaN: true }),
        fc.integer({ min: 1, max: 900 }),
        // Far offers fill many grid cells, so the search must use its window rather than a full scan.
        fc.array(fc.tuple(fc.double({ min: 0, max: 2 * Math.PI, noNaN: true }), fc.oneof(fc.double({ min: 0.8, max: 1.2, noNaN: true }), fc.double({ min: 3, max: 6, noNaN: true }))), { minLength: 60, maxLength: 150 }),
        (lat, maxKm, polar) => {
          const degrees = maxKm / 111.2;
          const round = tinyRound({
            students: [{ id: 'S', mobility: { maxKm } }],
            offers: polar.map((_, i) => ({ id: `O${i}`, enterprise: `E${i}-B` })),
            enterprises: polar.map(([bearing, factor], i) => ({
              id: `E${i}-B`,
              lat: Math.max(-89, Math.min(89, lat + Math.cos(bearing) * degrees * factor)),
              lon: 60 + (Math.sin(bearing) * degrees * factor) / Math.cos((lat * Math.PI) / 180),
            })),
          });
          round.colleges[0] = { ...round.colleges[0], lat, lon: 60 };
          const model = buildRoundModel(round);
          const lists = buildCompatibility(buildOfferIndex(model));
          const scanned = polar.map((_, o) => o).filter((o) => firstFailedRule(model, 0, o) === null);
          expect(scanned.length).toBeGreaterThan(0);
          expect(Array.from(lists.offer)).toEqual(scanned);
        },
      ),
      { numRuns: 300 },
    );
  });
});
