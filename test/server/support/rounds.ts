/** Rounds for the server tests: small hand-made ones (ids known by heart) and generated ones. */
import type { Round } from '../../../solver/schema.ts';
import { tinyRound } from '../../helpers/tiny-round.ts';

/**
 * A small regional round of region R-A: two enterprises (E-A, E-B), four offers, eight
 * students (S1..S8), some of whom cannot all be placed.
 */
export function smallRound(id: string, region: string | null = 'R-A'): Round {
  const round = tinyRound({
    students: [
      { id: 'S1', name: 'Aigerim A', score: 91, preferences: ['O-A1', 'O-A2'] },
      { id: 'S2', name: 'Bolat B', score: 84, preferences: ['O-A1'] },
      { id: 'S3', name: 'Dana D', score: 77, preferences: ['O-B1'], priority: true },
      { id: 'S4', name: 'Erlan E', score: 69, specialty: 'COOK', preferences: ['O-C1'] },
      { id: 'S5', name: 'Gulnar G', score: 65, specialty: 'COOK' },
      { id: 'S6', name: 'Kairat K', score: 58, preferences: ['O-A2', 'O-B1'] },
      { id: 'S7', name: 'Laura L', score: 52, college: 'C-B', mobility: 'country' },
      { id: 'S8', name: 'Marat M', score: 40 },
    ],
    offers: [
      { id: 'O-A1', enterprise: 'E-A', places: 1 },
      { id: 'O-A2', enterprise: 'E-A', places: 1, minScore: 60 },
      { id: 'O-B1', enterprise: 'E-B', places: 2 },
      { id: 'O-C1', enterprise: 'E-A', specialty: 'COOK', places: 1 },
    ],
    enterprises: [{ id: 'E-A', name: 'Alpha LLP' }, { id: 'E-B', name: 'Beta JSC' }],
  });
  return { ...round, round: { ...round.round, id, scope: region === null ? null : { region } } };
}
