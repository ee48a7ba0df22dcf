import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { firstFailedRule, isLiveOffer } from '../../solver/compatibility.ts';
import { solveRound } from '../../solver/solve-round.ts';
import { validateRound } from '../../solver/validate-round.ts';
import type { Round } from '../../solver/schema.ts';
import { assertFeasible, objectiveOf } from '../oracles/allocation-objective.ts';
import { bruteForceOptimum } from '../oracles/brute-force.ts';
import { lpOptimum } from '../oracles/lp-oracle.ts';
import { arbitraryRound } from '../helpers/arbitrary-round.ts';
import { tinyRound } from '../helpers/tiny-round.ts';

async function solve(round: Round, threads = 1) {
  const outcome = validateRound(round);
  if (!outcome.ok) throw new Error(JSON.stringify(outcome.errors));
  return solveRound(outcome.model, { threads });
}

const policies = fc.record(
  {
    preferredOnly: fc.boolean(),
    rankWeight: fc.integer({ min: 0, max: 300 }),
    offListCost: fc.integer({ min: 0, max: 1000 }),
    kmWeight: fc.constantFrom(0, 0.1, 1),
    meritWeight: fc.integer({ min: 0, max: 20 }),
  },
  { requiredKeys: [] },
);

describe('optimal mechanism', () => {
  it('places the priority student when only one can be placed', async () => {
    const solution = await solve(
      tinyRound({ students: [{ id: 'S1', score: 99 }, { id: 'S2', score: 10, priority: true }], offers: [{ id: 'O1', places: 1 }] }),
    );
    expect(solution.result.assignments).toEqual([{ student: 'S2', offer: 'O1', rank: null, km: 0 }]);
    expect(solution.result.unplaced).toMatchObject([{ student: 'S1', reason: 'capacity' }]);
  });

  it('places more students rather than giving anyone a better choice', async () => {
    // S1 prefers O1; S2 can only go to O1. Everyone placed means S1 goes to O2.
    const solution = await solve(
      tinyRound({
        students: [{ id: 'S1', preferences: ['O1', 'O2'], mobility: 'country', score: 95 }, { id: 'S2', preferences: ['O1'], score: 40 }],
        offers: [{ id: 'O1' }, { id: 'O2', enterprise: 'E-B' }],
        policy: { preferredOnly: true },
      }),
    );
    solution.result.assignments.sort((a, b) => a.student.localeCompare(b.student));
    expect(solution.result.assignments.map((a) => [a.student, a.offer, a.rank])).toEqual([
      ['S1', 'O2', 2],
      ['S2', 'O1', 1],
    ]);
  });

  it('respects enterprise capacity across its offers', async () => {
    const solution = await solve(
      tinyRound({
        students: [{ id: 'S1' }, { id: 'S2', specialty: 'COOK' }, { id: 'S3' }],
        offers: [{ id: 'O1', places: 2 }, { id: 'O2', specialty: 'COOK', places: 2 }],
        enterprises: [{ id: 'E-A', capacity: 2 }],
      }),
    );
    expect(solution.result.summary.placed).toBe(2);
  });

  it('matches brute force on hundreds of tiny random rounds', async () => {
    await fc.assert(
      fc.asyncProperty(arbitraryRound({ regions: 3, colleges: 3, enterprises: 3, offers: 4, students: 6 }, policies), async (round) => {
        const solution = await solve(round);
        const { model, compatibility, assignment } = solution;
        assertFeasible(model, (s, o) => isLiveOffer(model, o) && firstFailedRule(model, s, o) === null, assignment);
        expect(objectiveOf(model, assignment)).toEqual(bruteForceOptimum(model, compatibility));
      }),
      { numRuns: 300 },
    );
  });

  it('matches the LP oracle (javascript-lp-solver) level by level on hundreds of random rounds', async () => {
    await fc.assert(
      fc.asyncProperty(arbitraryRound({ regions: 4, colleges: 5, enterprises: 8, offers: 14, students: 30 }, policies), async (round) => {
        const solution = await solve(round);
        const { model, compatibility, assignment } = solution;
        assertFeasible(model, (s, o) => isLiveOffer(model, o) && firstFailedRule(model, s, o) === null, assignment);
        expect(objectiveOf(model, assignment)).toEqual(lpOptimum(model, compatibility));
      }),
      { numRuns: 200 },
    );
  });
});
