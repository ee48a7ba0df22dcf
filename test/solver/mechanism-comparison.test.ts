import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { firstFailedRule, isLiveOffer } from '../../solver/compatibility.ts';
import { buildEnterpriseOrder } from '../../solver/enterprise-preference.ts';
import { compareMechanisms } from '../../solver/mechanism-comparison.ts';
import type { RoundModel } from '../../solver/round-model.ts';
import { studentPrefers } from '../../solver/student-preference.ts';
import { arbitraryRound } from '../helpers/arbitrary-round.ts';
import { solve } from '../helpers/solve.ts';
import { tinyRound } from '../helpers/tiny-round.ts';

/** The definition, pair by pair: s envies s' on an offer s prefers, is compatible with, and whose enterprise ranks s above s'. */
function enviousByDefinition(model: RoundModel, assignment: Int32Array): number {
  const order = buildEnterpriseOrder(model);
  let envious = 0;
  for (let s = 0; s < model.studentCount; s++) {
    let envies = false;
    for (let other = 0; other < model.studentCount && !envies; other++) {
      const o = assignment[other];
      if (other === s || o < 0 || !isLiveOffer(model, o) || firstFailedRule(model, s, o) !== null) continue;
      envies = studentPrefers(model, s, o, assignment[s]) && order.prefers(model.offerEnterprise[o], s, other);
    }
    if (envies) envious++;
  }
  return envious;
}

const policies = fc.record({ preferredOnly: fc.boolean() }, { requiredKeys: [] });

describe('mechanism comparison', () => {
  it('shows what stability costs on a small example', async () => {
    // S1 outranks S2 at O1, the only offer S2 may take.
    const round = tinyRound({
      students: [{ id: 'S1', score: 90, preferences: ['O1', 'O2'] }, { id: 'S2', score: 50, preferences: ['O1'] }],
      offers: [{ id: 'O1' }, { id: 'O2' }],
      policy: { preferredOnly: true },
    });
    const optimal = await solve(round, 'optimal');
    const stable = await solve(round, 'stable');
    const comparison = compareMechanisms(optimal.model, optimal.compatibility, optimal.assignment, stable.assignment);
    expect(comparison).toEqual({
      optimal: { mechanism: 'optimal', students: 2, placed: 2, priorityPlaced: 0, priorityStudents: 0, rankCounts: [1, 1], offList: 0, unplaced: 0, totalKm: 0, justifiedEnvy: 1 },
      stable: { mechanism: 'stable', students: 2, placed: 1, priorityPlaced: 0, priorityStudents: 0, rankCounts: [1], offList: 0, unplaced: 1, totalKm: 0, justifiedEnvy: 0 },
      betterOff: { optimal: 1, stable: 1 },
    });
  });

  it('is consistent on random rounds: counts add up, the optimum places more, stability means no justified envy', async () => {
    await fc.assert(
      fc.asyncProperty(arbitraryRound({ regions: 3, colleges: 4, enterprises: 6, offers: 10, students: 20 }, policies), async (round) => {
        const optimal = await solve(round, 'optimal');
        const stable = await solve(round, 'stable');
        const { model } = optimal;
        const comparison = compareMechanisms(model, optimal.compatibility, optimal.assignment, stable.assignment);
        for (const [outcome, solution] of [[comparison.optimal, optimal], [comparison.stable, stable]] as const) {
          expect(outcome.placed).toBe(solution.result.summary.placed);
          expect(outcome.priorityPlaced).toBe(solution.result.summary.priorityPlaced);
          expect(outcome.placed + outcome.unplaced).toBe(model.studentCount);
          expect(outcome.rankCounts.reduce((a, b) => a + b, 0) + outcome.offList).toBe(outcome.placed);
          const km = solution.result.assignments.reduce((sum, a) => sum + Math.round(a.km * 10), 0) / 10;
          expect(outcome.totalKm).toBe(km);
          expect(outcome.justifiedEnvy).toBe(enviousByDefinition(model, solution.assignment));
        }
        expect(comparison.stable.justifiedEnvy).toBe(0);
        expect(comparison.optimal.priorityPlaced).toBeGreaterThanOrEqual(comparison.stable.priorityPlaced);
        expect(comparison.optimal.placed).toBeGreaterThanOrEqual(comparison.stable.placed);
      }),
      { numRuns: 200 },
    );
  });
});
