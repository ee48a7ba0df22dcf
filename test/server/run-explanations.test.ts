/** The structured explanations and result rows a run stores for each student. */
import { describe, expect, it } from 'vitest';
import { buildResultRows } from '../../server/runs/result-rows.ts';
import { buildRunSummary } from '../../server/runs/run-summary.ts';
import { describeOutcome } from '../../solver/mechanism-comparison.ts';
import { solveRound } from '../../solver/solve-round.ts';
import { validateRound } from '../../solver/validate-round.ts';
import type { Round } from '../../solver/schema.ts';
import { tinyRound } from '../helpers/tiny-round.ts';

async function rows(round: Round, mechanism: 'optimal' | 'stable' = 'optimal') {
  const outcome = validateRound(round);
  if (!outcome.ok) throw new Error(JSON.stringify(outcome.errors));
  const solution = await solveRound(outcome.model, { threads: 1, mechanism });
  return { rows: buildResultRows(solution), solution };
}

describe('explanations', () => {
  it('says why each student got what they got', async () => {
    // Each outcome is forced: the optimum is unique (see the comments).
    const { rows: result } = await rows(
      tinyRound({
        students: [
          // Welding: three students for O1, O2, O3; only FIRST and SECOND list any of them.
          { id: 'FIRST', score: 90, preferences: ['O1'] },
          { id: 'SECOND', score: 80, preferences: ['O1', 'O2'] },
          { id: 'OFF', score: 70, preferences: ['O-HIGH'] },
          // Cooking: one place for C1 and C2 (the higher score is placed); LOW is below the
          // minimum score; FAR lives in region R-B and may not leave it.
          { id: 'C1', score: 90, specialty: 'COOK', preferences: ['O-COOK'] },
          { id: 'C2', score: 50, specialty: 'COOK', preferences: ['O-COOK'] },
          { id: 'LOW', score: 10, specialty: 'COOK' },
          { id: 'FAR', score: 50, specialty: 'COOK', college: 'C-B' },
        ],
        offers: [
          { id: 'O1', places: 1 },
          { id: 'O2', places: 1 },
          { id: 'O3', places: 1 },
          { id: 'O-HIGH', places: 1, minScore: 95 },
          { id: 'O-COOK', specialty: 'COOK', places: 1, minScore: 40 },
        ],
      }),
    );
    const explained = (id: string) => JSON.parse(result.find((row) => row.student === id)!.explanation);
    expect(explained('FIRST')).toEqual([{ code: 'first-choice' }]);
    expect(explained('SECOND')).toEqual([{ code: 'choice-full', rank: 1, offer: 'O1' }]);
    expect(explained('OFF')).toEqual([{ code: 'choice-cutoff', rank: 1, offer: 'O-HIGH', cutoff: 95, score: 70 }, { code: 'off-list' }]);
    expect(explained('C1')).toEqual([{ code: 'first-choice' }]);
    expect(explained('C2')).toEqual([{ code: 'choice-full', rank: 1, offer: 'O-COOK' }, { code: 'capacity', offers: 1, places: 1 }]);
    expect(explained('LOW')).toEqual([{ code: 'score', specialty: 'COOK', minScore: 40, score: 10 }]);
    // C-B is in region R-B, about 100 km from the offer's region R-A.
    expect(explained('FAR')).toEqual([{ code: 'distance', specialty: 'COOK', km: expect.closeTo(100, -1) }]);
  });

  it('gives the cut-off of a missed choice under the stable mechanism', async () => {
    const round = tinyRound({ students: [{ id: 'HIGH', score: 90, preferences: ['O1'] }, { id: 'LOWER', score: 80, preferences: ['O1', 'O2'] }], offers: [{ id: 'O1' }, { id: 'O2' }] });
    const { rows: result } = await rows(round, 'stable');
    expect(JSON.parse(result.find((row) => row.student === 'LOWER')!.explanation)).toEqual([{ code: 'choice-cutoff', rank: 1, offer: 'O1', cutoff: 90, score: 80 }]);
  });

  it('makes one row per student in the round order, with the names of college and enterprise', async () => {
    const round = tinyRound({ students: [{ id: 'B', name: 'Bota' }, { id: 'A' }], offers: [{ id: 'O1' }], enterprises: [{ id: 'E-A', name: 'Alpha' }] });
    const { rows: result, solution } = await rows(round);
    expect(result.map((row) => row.student)).toEqual(['B', 'A']);
    expect(result.find((row) => row.status === 'placed')).toMatchObject({ offer: 'O1', enterprise: 'E-A', enterprise_name: 'Alpha', college_name: 'College A' });
    const summary = buildRunSummary(solution.result, describeOutcome(solution.model, solution.compatibility, solution.mechanism, solution.assignment));
    expect(summary.bySpecialty).toEqual([{ code: 'WELD', students: 2, places: 1, placed: 1, unplaced: 1, unusedPlaces: 0 }]);
    expect(summary.outcome).toMatchObject({ mechanism: 'optimal', students: 2, placed: 1, unplaced: 1 });
  });
});
