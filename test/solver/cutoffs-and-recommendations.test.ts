import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RECOMMENDATIONS_PER_KIND } from '../../solver/recommendations.ts';
import type { Mechanism } from '../../solver/schema.ts';
import { arbitraryRound } from '../helpers/arbitrary-round.ts';
import { solve } from '../helpers/solve.ts';
import { tinyRound } from '../helpers/tiny-round.ts';

describe('cut-offs', () => {
  it('per offer that admitted someone: the lowest score and the last admitted in the enterprise\'s order', async () => {
    const round = tinyRound({
      students: [
        { id: 'S1', score: 60, preferences: ['O1'] },
        { id: 'S2', score: 90, preferences: ['O1'] },
        { id: 'S3', score: 75, priority: true, preferences: ['O1'] },
        { id: 'S4', score: 50, preferences: ['O1'] },
      ],
      offers: [{ id: 'O1', places: 3 }, { id: 'O2' }],
      enterprises: [{ id: 'E-A', ranking: ['S1'] }],
      policy: { preferredOnly: true },
    });
    const { result } = await solve(round, 'stable');
    // Order at E-A: S1 (ranked), then S3 (priority), then S2, then S4: S4 is out, S2 is last in.
    expect(result.cutoffs).toEqual([
      { offer: 'O1', places: 3, admitted: 3, lowestScore: 60, lastAdmitted: { ranking: null, priority: false, score: 90, lottery: expect.any(Number) } },
    ]);
  });
});

describe('recommendations', () => {
  it('ranks new places, rules to relax and unused places', async () => {
    const round = tinyRound({
      students: [
        { id: 'S1', score: 90 },
        { id: 'S2', score: 85 },
        { id: 'S3', score: 70 },
        { id: 'S4', score: 60 },
        { id: 'S5', score: 95, language: 'kk' },
        { id: 'S6', score: 50, specialty: 'COOK', college: 'C-B' },
      ],
      offers: [
        { id: 'O1', places: 1 },
        { id: 'O2', minScore: 80, places: 5 },
        { id: 'O3', languages: ['ru'], places: 1, minScore: 99 },
        { id: 'O4', specialty: 'COOK', enterprise: 'E-B', places: 4 },
      ],
    });
    const { result } = await solve(round, 'optimal');
    // S1, S2, S5 on O2, S3 (more merit than S4) on O1; S4 fails only O2's minScore; O3 also
    // wants 99 points, so its language rule alone keeps no one out.
    expect(result.unplaced.map((u) => u.student)).toEqual(['S4']);
    expect(result.recommendations).toEqual([
      { kind: 'add-places', specialty: 'WELD', region: 'R-A', students: 1 },
      { kind: 'lower-min-score', offer: 'O2', minScore: 80, blocked: 1, freePlaces: 2, students: 1 },
      { kind: 'unused-places', specialty: 'WELD', region: 'R-A', places: 3 },
      { kind: 'unused-places', specialty: 'COOK', region: 'R-B', places: 3 },
    ]);
  });

  it('accept-languages: only students the language rule alone keeps out', async () => {
    const round = tinyRound({
      students: [{ id: 'S1', language: 'kk' }, { id: 'S2', language: 'kk', score: 10 }, { id: 'S3' }],
      offers: [{ id: 'O1', languages: ['ru'], minScore: 50, places: 3 }],
    });
    const { result } = await solve(round, 'stable');
    expect(result.recommendations!.filter((r) => r.kind === 'accept-languages')).toEqual([
      { kind: 'accept-languages', offer: 'O1', languages: ['ru'], blocked: 2, freePlaces: 3, students: 2 },
    ]);
  });

  it('on random rounds: sorted as documented, each kind capped, stable results without add-places', async () => {
    await fc.assert(
      fc.asyncProperty(arbitraryRound({ regions: 3, colleges: 4, enterprises: 6, offers: 12, students: 30 }), fc.constantFrom<Mechanism>('optimal', 'stable'), async (round, mechanism) => {
        const { result } = await solve(round, mechanism);
        const list = result.recommendations!;
        const placing = list.filter((r) => r.kind !== 'unused-places') as { students: number; kind: string }[];
        const unused = list.filter((r) => r.kind === 'unused-places') as { places: number }[];
        expect(list.slice(0, placing.length)).toEqual(placing);
        for (let i = 1; i < placing.length; i++) expect(placing[i - 1].students).toBeGreaterThanOrEqual(placing[i].students);
        for (let i = 1; i < unused.length; i++) expect(unused[i - 1].places).toBeGreaterThanOrEqual(unused[i].places);
        for (const kind of ['add-places', 'lower-min-score', 'accept-languages', 'unused-places']) expect(list.filter((r) => r.kind === kind).length).toBeLessThanOrEqual(RECOMMENDATIONS_PER_KIND);
        if (mechanism === 'stable') expect(placing.some((r) => r.kind === 'add-places')).toBe(false);
        else expect(placing.filter((r) => r.kind === 'add-places').length).toBe(Math.min(RECOMMENDATIONS_PER_KIND, result.shortage.filter((c) => c.gap! > 0).length));
      }),
      { numRuns: 100 },
    );
  });
});
