import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Round } from '../../solver/schema.ts';
import { buildVacancyRound } from '../../solver/vacancy-round.ts';
import { validateRound } from '../../solver/validate-round.ts';
import { arbitraryRound } from '../helpers/arbitrary-round.ts';
import { modelOf, solve } from '../helpers/solve.ts';
import { tinyRound } from '../helpers/tiny-round.ts';

describe('vacancy round', () => {
  it('keeps the unplaced students and the unused places, with mobility widened', async () => {
    const round = tinyRound({
      students: [
        { id: 'S1', score: 90, preferences: ['O1', 'O2'] },
        { id: 'S2', score: 80, preferences: ['O1', 'O3'], mobility: { maxKm: 50 } },
        { id: 'S3', score: 70, mobility: { maxKm: 500 } },
        { id: 'S4', score: 60, mobility: 'country', specialty: 'COOK' },
      ],
      offers: [{ id: 'O1' }, { id: 'O2', minScore: 95 }, { id: 'O3', enterprise: 'E-B', places: 3 }],
      enterprises: [{ id: 'E-A', capacity: 1, ranking: ['S1', 'S2'] }, { id: 'E-B', capacity: 2 }],
      policy: { preferredOnly: true },
    });
    const { result, assignment, model } = await solve(round, 'stable');
    expect(result.assignments.map((a) => [a.student, a.offer])).toEqual([['S1', 'O1']]);
    const vacancies = buildVacancyRound(model, assignment, { widenKm: 300 });
    expect(validateRound(vacancies).ok).toBe(true);
    expect(vacancies.round).toEqual({ ...round.round, id: 'tiny-vacancies' });
    // O1 is full and E-A at capacity: gone, with E-A. O3 keeps its 3 places and E-B its capacity.
    expect(vacancies.offers).toEqual([{ id: 'O3', enterprise: 'E-B', specialty: 'WELD', places: 3 }]);
    expect(vacancies.enterprises).toEqual([{ id: 'E-B', name: 'E-B', region: 'R-B', capacity: 2 }]);
    expect(vacancies.students.map((s) => [s.id, s.mobility, s.preferences])).toEqual([
      ['S2', { maxKm: 300 }, ['O3']],
      ['S3', { maxKm: 500 }, undefined],
      ['S4', 'country', undefined],
    ]);
    const unwidened = buildVacancyRound(model, assignment);
    expect(unwidened.students.map((s) => s.mobility)).toEqual([{ maxKm: 50 }, { maxKm: 500 }, 'country']);
    // Students staying in their region get { maxKm: N }.
    const regional = buildVacancyRound(modelOf(tinyRound({ students: [{ id: 'S1' }], offers: [] })), new Int32Array([-1]), { widenKm: 120 });
    expect(regional.students[0].mobility).toEqual({ maxKm: 120 });
  });

  it('is a valid round whose placements, added to the result\'s, stay within the original places and capacities', async () => {
    await fc.assert(
      fc.asyncProperty(arbitraryRound({ regions: 3, colleges: 4, enterprises: 5, offers: 8, students: 20 }), fc.option(fc.integer({ min: 0, max: 600 }), { nil: undefined }), async (round, widenKm) => {
        const first = await solve(round, 'optimal');
        const vacancies = buildVacancyRound(first.model, first.assignment, { widenKm });
        const outcome = validateRound(vacancies);
        expect(outcome.errors).toEqual([]);
        expect(vacancies.students.map((s) => s.id)).toEqual(first.result.unplaced.map((u) => u.student));
        const second = await solve(vacancies as Round, 'optimal');
        const offerLoad = new Map<string, number>();
        const enterpriseLoad = new Map<string, number>();
        const enterpriseOf = new Map(round.offers.map((o) => [o.id, o.enterprise]));
        for (const a of [...first.result.assignments, ...second.result.assignments]) {
          offerLoad.set(a.offer, (offerLoad.get(a.offer) ?? 0) + 1);
          enterpriseLoad.set(enterpriseOf.get(a.offer)!, (enterpriseLoad.get(enterpriseOf.get(a.offer)!) ?? 0) + 1);
        }
        for (const o of round.offers) expect(offerLoad.get(o.id) ?? 0).toBeLessThanOrEqual(o.places);
        round.enterprises.forEach((e, i) => expect(enterpriseLoad.get(e.id) ?? 0).toBeLessThanOrEqual(first.model.enterpriseCapacity[i]));
      }),
      { numRuns: 150 },
    );
  });
});
