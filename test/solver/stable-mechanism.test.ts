import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildCompatibility, buildOfferIndex, firstFailedRule, isLiveOffer } from '../../solver/compatibility.ts';
import { documentJson } from '../../solver/document-json.ts';
import { lotteryNumbers } from '../../solver/lottery.ts';
import { generateRound } from '../../fixtures/generate-round.ts';
import type { RoundModel } from '../../solver/round-model.ts';
import type { Round } from '../../solver/schema.ts';
import { findBlockingPairs } from '../../solver/stability-check.ts';
import { solveStable } from '../../solver/stable-mechanism.ts';
import { studentPrefers } from '../../solver/student-preference.ts';
import { arbitraryRound } from '../helpers/arbitrary-round.ts';
import { modelOf, solve } from '../helpers/solve.ts';
import { tinyRound, type StudentInput } from '../helpers/tiny-round.ts';
import { assertFeasible } from '../oracles/allocation-objective.ts';
import { allStableAssignments } from '../oracles/stable-brute-force.ts';

const policies = fc.record({ preferredOnly: fc.boolean() }, { requiredKeys: [] });

function stableAssignment(model: RoundModel): Int32Array {
  const index = buildOfferIndex(model);
  return solveStable(index, buildCompatibility(index)).assignment;
}

/** The stable assignment of a round, by student id. */
function stableOutcome(round: Round): Record<string, string | null> {
  const assignment = stableAssignment(modelOf(round));
  return Object.fromEntries(round.students.map((s, i) => [s.id, assignment[i] < 0 ? null : round.offers[assignment[i]].id]));
}

describe('stable mechanism: the spec\'s orders', () => {
  it('a full offer keeps the student its enterprise ranks higher: ranking, then priority, then score', () => {
    const students = [{ id: 'S1', score: 60, preferences: ['O1'] }, { id: 'S2', score: 80, preferences: ['O1'] }];
    expect(stableOutcome(tinyRound({ students, offers: [{ id: 'O1' }] }))).toEqual({ S1: null, S2: 'O1' });
    expect(stableOutcome(tinyRound({ students: [{ ...students[0], priority: true }, students[1]], offers: [{ id: 'O1' }] }))).toEqual({ S1: 'O1', S2: null });
    // A ranked student beats an unranked priority student.
    expect(
      stableOutcome(tinyRound({ students: [students[0], { ...students[1], priority: true }], offers: [{ id: 'O1' }], enterprises: [{ id: 'E-A', ranking: ['S1'] }] })),
    ).toEqual({ S1: 'O1', S2: null });
  });

  it('the lottery from policy.seed breaks exact ties, one number per student', () => {
    for (const seed of [1, 2, 3, 4, 5, 6]) {
      const round = tinyRound({ students: [{ id: 'S1', preferences: ['O1'] }, { id: 'S2', preferences: ['O1'] }, { id: 'S3', preferences: ['O1'] }], offers: [{ id: 'O1' }], policy: { seed } });
      const lottery = lotteryNumbers(3, seed);
      const luckiest = [0, 1, 2].reduce((best, s) => (lottery[s] < lottery[best] ? s : best));
      expect(Object.entries(stableOutcome(round)).filter(([, o]) => o !== null)).toEqual([[`S${luckiest + 1}`, 'O1']]);
    }
  });

  it('after the preferences, the nearest compatible offers, ties by offer id compared as strings', () => {
    // O-9 and O-10 are at the same enterprise (same distance); O-5 is ~100 km away in R-B.
    const round = tinyRound({
      students: [
        { id: 'S1', score: 90, mobility: 'country' },
        { id: 'S2', score: 80, mobility: 'country' },
        { id: 'S3', score: 70, mobility: 'country' },
      ],
      offers: [{ id: 'O-9' }, { id: 'O-5', enterprise: 'E-B' }, { id: 'O-10' }],
    });
    expect(stableOutcome(round)).toEqual({ S1: 'O-10', S2: 'O-9', S3: 'O-5' });
  });

  it('preferredOnly: only listed offers', () => {
    const round = tinyRound({ students: [{ id: 'S1', preferences: [] }, { id: 'S2', preferences: ['O2'] }], offers: [{ id: 'O1' }, { id: 'O2' }], policy: { preferredOnly: true } });
    expect(stableOutcome(round)).toEqual({ S1: null, S2: 'O2' });
  });

  it('an enterprise at capacity rejects its worst student, whichever offer they hold', () => {
    // E-A takes 2 across O1 and O2; S3 (best) arrives last and pushes out S1 (worst) from O1.
    const round = tinyRound({
      students: [
        { id: 'S1', score: 50, preferences: ['O1'] },
        { id: 'S2', score: 60, preferences: ['O2'] },
        { id: 'S3', score: 70, preferences: ['O2', 'O1'] },
      ],
      offers: [{ id: 'O1', places: 2 }, { id: 'O2', places: 2 }],
      enterprises: [{ id: 'E-A', capacity: 2 }],
      policy: { preferredOnly: true },
    });
    expect(stableOutcome(round)).toEqual({ S1: null, S2: 'O2', S3: 'O2' });
  });
});

describe('stable mechanism: stability and student-optimality', () => {
  it('has no blocking pair on hundreds of random rounds', async () => {
    await fc.assert(
      fc.asyncProperty(arbitraryRound({ regions: 4, colleges: 5, enterprises: 8, offers: 14, students: 40 }, policies), async (round) => {
        const { model, compatibility, assignment, result } = await solve(round, 'stable');
        assertFeasible(model, (s, o) => isLiveOffer(model, o) && firstFailedRule(model, s, o) === null, assignment);
        expect(findBlockingPairs(model, compatibility, assignment).pairs).toEqual([]);
        expect(result.mechanism).toBe('stable');
        expect(result.shortage.every((cell) => cell.gap === undefined)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('has no blocking pair on generated national rounds, where long lists are walked in distance order', async () => {
    for (const seed of [1, 2]) {
      const round = generateRound({ students: 4000, seed, specialties: ['07150500', '07161300'] });
      const { model, compatibility, assignment } = await solve(round, 'stable');
      let longest = 0;
      for (let s = 0; s < model.studentCount; s++) longest = Math.max(longest, compatibility.start[s + 1] - compatibility.start[s]);
      expect(longest).toBeGreaterThan(64); // beyond the lists sorted per student
      assertFeasible(model, (s, o) => isLiveOffer(model, o) && firstFailedRule(model, s, o) === null, assignment);
      expect(findBlockingPairs(model, compatibility, assignment).count).toBe(0);
    }
  });

  it('gives the same result, byte for byte, for the same round', async () => {
    const round = generateRound({ students: 1500, seed: 3, mechanism: 'stable' });
    const [a, b] = [await solve(round, 'stable'), await solve(structuredClone(round), 'stable')];
    expect(documentJson(b.result)).toBe(documentJson(a.result));
  });

  it('is the stable allocation every student likes best (exhaustive search on tiny rounds)', () => {
    fc.assert(
      fc.property(arbitraryRound({ regions: 2, colleges: 2, enterprises: 3, offers: 4, students: 6 }, policies), (round) => {
        const model = modelOf(round);
        const compatibility = buildCompatibility(buildOfferIndex(model));
        const ours = stableAssignment(model);
        const stable = allStableAssignments(model, compatibility);
        expect(stable.some((other) => other.every((o, s) => o === ours[s]))).toBe(true);
        for (const other of stable) {
          for (let s = 0; s < model.studentCount; s++) expect(studentPrefers(model, s, other[s], ours[s])).toBe(false);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('gives no student a better outcome for a different preference list (tiny rounds)', () => {
    const manipulation = fc.record({ student: fc.nat(), report: fc.array(fc.nat(), { maxLength: 4 }) });
    fc.assert(
      fc.property(arbitraryRound({ regions: 2, colleges: 2, enterprises: 3, offers: 4, students: 6 }, policies), manipulation, (round, { student, report }) => {
        if (round.students.length === 0 || round.offers.length === 0) return;
        const truthful = modelOf(round);
        const truth = stableAssignment(truthful);
        const s = student % round.students.length;
        const lie = structuredClone(round);
        lie.students[s].preferences = [...new Set(report.map((o) => round.offers[o % round.offers.length].id))];
        const outcome = stableAssignment(modelOf(lie))[s];
        // Judged by the student's true list; under preferredOnly a lie can win an offer the
        // student did not truly list, which is not on their true list at all: skip those.
        if (outcome >= 0 && firstFailedRule(truthful, s, outcome) !== null) return;
        expect(studentPrefers(truthful, s, outcome, truth[s])).toBe(false);
      }),
      { numRuns: 300 },
    );
  });
});

describe('stability checker', () => {
  const twoOffers = (students: StudentInput[], capacity: number) =>
    tinyRound({
      students,
      offers: [{ id: 'O1' }, { id: 'O2' }],
      enterprises: [{ id: 'E-A', capacity }],
      policy: { preferredOnly: true },
    });

  function blockingPairsOf(round: Round, assignmentById: Record<string, string | null>) {
    const model = modelOf(round);
    const compatibility = buildCompatibility(buildOfferIndex(model));
    const assignment = Int32Array.from(round.students, (s) => (assignmentById[s.id] ? model.offerIndex.get(assignmentById[s.id]!)! : -1));
    return findBlockingPairs(model, compatibility, assignment).pairs.map((p) => `${round.students[p.student].id}-${round.offers[p.offer].id}-${p.case}`);
  }

  it('(a) a free place at an enterprise with free capacity', () => {
    const round = twoOffers([{ id: 'S1', preferences: ['O1'] }], 2);
    expect(blockingPairsOf(round, { S1: null })).toEqual(['S1-O1-a']);
  });

  it('(b) a free place at a full enterprise: the student holds an offer of it, or beats its worst', () => {
    const round = twoOffers([{ id: 'S1', score: 50, preferences: ['O1', 'O2'] }, { id: 'S2', score: 90, preferences: ['O1'] }], 1);
    // E-A (capacity 1) is full with S1 on O2; O1 is free.
    expect(blockingPairsOf(round, { S1: 'O2', S2: null })).toEqual(['S1-O1-b', 'S2-O1-b']);
    // With the better student admitted instead there is nothing to block.
    expect(blockingPairsOf(round, { S1: null, S2: 'O1' })).toEqual([]);
  });

  it('(c) a full offer whose worst admitted student ranks below', () => {
    const round = twoOffers([{ id: 'S1', score: 50, preferences: ['O1'] }, { id: 'S2', score: 90, preferences: ['O1'] }], 2);
    expect(blockingPairsOf(round, { S1: 'O1', S2: null })).toEqual(['S2-O1-c']);
  });

  it('finds the pair planted by unplacing any student of a stable result', async () => {
    await fc.assert(
      fc.asyncProperty(arbitraryRound({ regions: 3, colleges: 4, enterprises: 6, offers: 10, students: 25 }, policies), fc.nat(), async (round, pick) => {
        const { model, compatibility, assignment } = await solve(round, 'stable');
        const placed = [...assignment.keys()].filter((s) => assignment[s] >= 0);
        if (placed.length === 0) return;
        const s = placed[pick % placed.length];
        const mutated = assignment.slice();
        mutated[s] = -1;
        const { pairs } = findBlockingPairs(model, compatibility, mutated);
        expect(pairs).toContainEqual({ student: s, offer: assignment[s], case: 'a' });
      }),
      { numRuns: 200 },
    );
  });
});
