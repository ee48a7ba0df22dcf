import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Round } from '../../solver/schema.ts';
import { arbitraryRound } from '../helpers/arbitrary-round.ts';
import { solve } from '../helpers/solve.ts';
import { tinyRound } from '../helpers/tiny-round.ts';

/**
 * The spec's definition, by brute force: give the cell an unrestricted offer with places for
 * everyone (a new enterprise at the region's coordinates, no minScore, no languages), solve
 * again, and count how many more students are placed.
 */
async function gapByResolving(round: Round, specialty: string, region: string, placed: number): Promise<number> {
  const widened = structuredClone(round);
  widened.enterprises.push({ id: 'E-NEW', name: 'New places', region });
  widened.offers.push({ id: 'O-NEW', enterprise: 'E-NEW', specialty, places: round.students.length });
  const { result } = await solve(widened, 'optimal');
  return result.summary.placed - placed;
}

const policies = fc.record({ preferredOnly: fc.boolean(), rankWeight: fc.integer({ min: 0, max: 300 }), kmWeight: fc.constantFrom(0, 0.1, 1) }, { requiredKeys: [] });

describe('shortage gap', () => {
  it('counts a move of a placed student that frees a place for an unplaced one', async () => {
    // S1 (mobile) holds the only place in R-A, which S2 (home region only) could also take.
    // A new place in R-B moves S1 there and frees R-A's place for S2: gap 1 in (WELD, R-B),
    // although no student of R-B is unplaced (R-B's one place asks for a score of 100).
    const round = tinyRound({
      students: [{ id: 'S1', score: 90, mobility: 'country', preferences: ['O1'] }, { id: 'S2', score: 50 }],
      offers: [{ id: 'O1' }, { id: 'O2', enterprise: 'E-B', minScore: 100 }],
    });
    const { result } = await solve(round, 'optimal');
    expect(result.summary.placed).toBe(1);
    expect(result.shortage.map((c) => [c.region, c.gap])).toEqual([['R-A', 1], ['R-B', 1]]);
  });

  it('is 0 everywhere with preferredOnly: a new place is in nobody\'s preferences', async () => {
    const round = tinyRound({ students: [{ id: 'S1', preferences: [] }, { id: 'S2' }], offers: [{ id: 'O1' }], policy: { preferredOnly: true } });
    const { result } = await solve(round, 'optimal');
    expect(result.shortage.map((c) => c.gap)).toEqual([0]);
  });

  it('equals re-solving with new unrestricted places, cell by cell, on hundreds of random rounds', async () => {
    await fc.assert(
      fc.asyncProperty(arbitraryRound({ regions: 4, colleges: 6, enterprises: 6, offers: 10, students: 30 }, policies), async (round) => {
        const { result } = await solve(round, 'optimal');
        for (const cell of result.shortage) {
          expect({ cell: `${cell.specialty}/${cell.region}`, gap: cell.gap }).toEqual({
            cell: `${cell.specialty}/${cell.region}`,
            gap: await gapByResolving(round, cell.specialty, cell.region, result.summary.placed),
          });
        }
      }),
      { numRuns: 200 },
    );
  });
});
