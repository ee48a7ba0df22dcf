/**
 * fast-check arbitraries for small but feature-complete rounds: several regions far enough
 * apart for maxKm to matter, two specialties, minScore, languages, enterprise capacities
 * (binding or not), priority students, preferences (some incompatible) and all mobilities.
 */
import fc from 'fast-check';
import type { Round } from '../../solver/schema.ts';
import { ROUND_FORMAT } from '../../solver/schema.ts';

export interface RoundShape {
  regions: number;
  colleges: number;
  enterprises: number;
  offers: number;
  students: number;
}

const LANGUAGES = ['kk', 'ru', 'en'];

export function arbitraryRound(max: RoundShape = { regions: 3, colleges: 4, enterprises: 5, offers: 8, students: 12 }, policy: fc.Arbitrary<Record<string, unknown>> = fc.constant({})): fc.Arbitrary<Round> {
  return fc
    .record({
      regionCount: fc.integer({ min: 1, max: max.regions }),
      collegeCount: fc.integer({ min: 1, max: max.colleges }),
      enterpriseCount: fc.integer({ min: 1, max: max.enterprises }),
      offerCount: fc.integer({ min: 0, max: max.offers }),
      studentCount: fc.integer({ min: 0, max: max.students }),
      seed: fc.integer({ min: 0, max: 1000 }),
      policy,
    })
    .chain((shape) =>
      fc.record({
        shape: fc.constant(shape),
        regions: fc.array(fc.record({ lat: fc.double({ min: 42, max: 54, noNaN: true }), lon: fc.double({ min: 50, max: 83, noNaN: true }) }), { minLength: shape.regionCount, maxLength: shape.regionCount }),
        colleges: fc.array(fc.record({ region: fc.nat(shape.regionCount - 1), offset: fc.option(fc.tuple(fc.double({ min: -0.5, max: 0.5, noNaN: true }), fc.double({ min: -0.5, max: 0.5, noNaN: true })), { nil: undefined }) }), { minLength: shape.collegeCount, maxLength: shape.collegeCount }),
        enterprises: fc.array(
          fc.record({
            region: fc.nat(shape.regionCount - 1),
            capacity: fc.option(fc.nat(4), { nil: undefined }),
            ranking: fc.option(fc.uniqueArray(fc.nat(Math.max(0, shape.studentCount - 1)), { maxLength: 4 }), { nil: undefined }),
            offset: fc.option(fc.tuple(fc.double({ min: -1, max: 1, noNaN: true }), fc.double({ min: -1, max: 1, noNaN: true })), { nil: undefined }),
          }),
          { minLength: shape.enterpriseCount, maxLength: shape.enterpriseCount },
        ),
        offers: fc.array(
          fc.record({
            enterprise: fc.nat(shape.enterpriseCount - 1),
            specialty: fc.nat(1),
            places: fc.nat(3),
            minScore: fc.option(fc.integer({ min: 30, max: 90 }), { nil: undefined }),
            languages: fc.option(fc.subarray(LANGUAGES, { minLength: 1 }), { nil: undefined }),
          }),
          { minLength: shape.offerCount, maxLength: shape.offerCount },
        ),
        students: fc.array(
          fc.record({
            college: fc.nat(shape.collegeCount - 1),
            specialty: fc.nat(1),
            score: fc.integer({ min: 0, max: 1000 }).map((x) => x / 10),
            language: fc.option(fc.constantFrom(...LANGUAGES), { nil: undefined }),
            mobility: fc.oneof(fc.constant(undefined), fc.constant('region' as const), fc.constant('country' as const), fc.integer({ min: 0, max: 900 }).map((maxKm) => ({ maxKm }))),
            priority: fc.boolean(),
            preferences: fc.uniqueArray(fc.nat(Math.max(0, shape.offerCount - 1)), { maxLength: shape.offerCount === 0 ? 0 : 4 }),
          }),
          { minLength: shape.studentCount, maxLength: shape.studentCount },
        ),
      }),
    )
    .map(({ shape, regions, colleges, enterprises, offers, students }) => ({
      format: ROUND_FORMAT,
      round: { id: 'random', scope: null, mechanism: 'optimal' as const, policy: { seed: shape.seed, ...shape.policy } },
      regions: regions.map((r, i) => ({ code: `R${i}`, name: `Region ${i}`, lat: r.lat, lon: r.lon })),
      specialties: [{ code: 'SP0', name: 'Zero' }, { code: 'SP1', name: 'One' }],
      colleges: colleges.map((c, i) => ({
        id: `C${i}`,
        name: `College ${i}`,
        region: `R${c.region}`,
        ...(c.offset ? { lat: regions[c.region].lat + c.offset[0], lon: regions[c.region].lon + c.offset[1] } : {}),
      })),
      enterprises: enterprises.map((e, i) => ({
        id: `E${i}`,
        name: `Enterprise ${i}`,
        region: `R${e.region}`,
        ...(e.offset ? { lat: regions[e.region].lat + e.offset[0], lon: regions[e.region].lon + e.offset[1] } : {}),
        ...(e.capacity !== undefined ? { capacity: e.capacity } : {}),
        ...(e.ranking && shape.studentCount > 0 ? { ranking: e.ranking.map((s) => `S${s}`) } : {}),
      })),
      offers: offers.map((o, i) => ({
        id: `O${i}`,
        enterprise: `E${o.enterprise}`,
        specialty: `SP${o.specialty}`,
        places: o.places,
        ...(o.minScore !== undefined ? { minScore: o.minScore } : {}),
        ...(o.languages ? { languages: o.languages } : {}),
      })),
      students: students.map((s, i) => ({
        id: `S${i}`,
        college: `C${s.college}`,
        specialty: `SP${s.specialty}`,
        score: s.score,
        ...(s.language ? { language: s.language } : {}),
        ...(s.mobility !== undefined ? { mobility: s.mobility } : {}),
        priority: s.priority,
        preferences: s.preferences.map((o) => `O${o}`),
      })),
    }));
}
