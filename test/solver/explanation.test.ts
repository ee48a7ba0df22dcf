import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildEnterpriseOrder } from '../../solver/enterprise-preference.ts';
import { Explainer, type StudentExplanation, type WhyNot } from '../../solver/explanation.ts';
import { renderExplanation } from '../../solver/explanation-text.ts';
import type { Mechanism, Round } from '../../solver/schema.ts';
import { arbitraryRound } from '../helpers/arbitrary-round.ts';
import { solve } from '../helpers/solve.ts';
import { tinyRound } from '../helpers/tiny-round.ts';

const policies = fc.record({ preferredOnly: fc.boolean(), kmWeight: fc.constantFrom(0.1, 5) }, { requiredKeys: [] });

async function explain(round: Round, mechanism: Mechanism, student: string): Promise<StudentExplanation> {
  const { model, assignment, index, compatibility } = await solve(round, mechanism);
  return new Explainer(model, mechanism, assignment, { index, compatibility }).explain(model.studentIndex.get(student)!);
}

const whyOf = (explanation: StudentExplanation) => explanation.betterOffers.map((b) => [b.offer, b.why.kind]);

describe('explanations, stable mechanism', () => {
  it('a full offer: the cut-off and what decided it (score, priority, ranking, lottery)', async () => {
    const students = [{ id: 'S1', score: 80, preferences: ['O1', 'O2'] }, { id: 'S2', score: 70, preferences: ['O1', 'O2'] }];
    const round = tinyRound({ students, offers: [{ id: 'O1' }, { id: 'O2' }] });
    const explanation = await explain(round, 'stable', 'S2');
    expect(explanation.outcome).toEqual({ kind: 'placed', offer: 'O2', rank: 2, km: 0 });
    expect(explanation.betterOffers).toEqual([
      {
        offer: 'O1',
        rank: 1,
        km: 0,
        why: {
          kind: 'full-cutoff',
          places: 1,
          admitted: 1,
          cutoff: expect.objectContaining({ ranking: null, priority: false, score: 80 }),
          you: expect.objectContaining({ ranking: null, priority: false, score: 70 }),
          decidedBy: 'score',
        },
      },
    ]);
    expect(renderExplanation(explanation)).toContain('O1 (your 1st choice, 0 km): full (1 of 1 place); the last student it admitted ranks above you: a higher score (80 against your 70).');

    const prioritised = await explain(tinyRound({ students: [students[0], { ...students[1], priority: true }], offers: [{ id: 'O1' }, { id: 'O2' }] }), 'stable', 'S1');
    expect((prioritised.betterOffers[0].why as Extract<WhyNot, { kind: 'full-cutoff' }>).decidedBy).toBe('priority');
    const ranked = await explain(tinyRound({ students, offers: [{ id: 'O1' }, { id: 'O2' }], enterprises: [{ id: 'E-A', ranking: ['S2'] }] }), 'stable', 'S1');
    expect(ranked.betterOffers[0].why).toMatchObject({ kind: 'full-cutoff', decidedBy: 'ranking', cutoff: { ranking: 1 }, you: { ranking: null } });
    // Equal scores: whoever the lottery put second is on O2.
    const tied = tinyRound({ students: [students[0], { ...students[1], score: 80 }], offers: [{ id: 'O1' }, { id: 'O2' }] });
    const second = (await solve(tied, 'stable')).result.assignments.find((a) => a.offer === 'O2')!.student;
    expect((await explain(tied, 'stable', second)).betterOffers[0].why).toMatchObject({ kind: 'full-cutoff', decidedBy: 'lottery' });
  });

  it('a free place at a full enterprise: the enterprise\'s cut-off', async () => {
    const round = tinyRound({
      students: [{ id: 'S1', score: 80, preferences: ['O1'] }, { id: 'S2', score: 70, mobility: 'country', preferences: ['O2', 'O3'] }],
      offers: [{ id: 'O1' }, { id: 'O2' }, { id: 'O3', enterprise: 'E-B' }],
      enterprises: [{ id: 'E-A', capacity: 1 }, { id: 'E-B' }],
      policy: { preferredOnly: true },
    });
    const explanation = await explain(round, 'stable', 'S2');
    expect(explanation.betterOffers).toEqual([
      { offer: 'O2', rank: 1, km: 0, why: expect.objectContaining({ kind: 'enterprise-full-cutoff', enterprise: 'E-A', capacity: 1, admitted: 1, decidedBy: 'score' }) },
    ]);
  });

  it('listed offers that are not compatible or have no places say why', async () => {
    const round = tinyRound({
      students: [{ id: 'S1', score: 55, language: 'kk', preferences: ['O1', 'O2', 'O3', 'O4', 'O5'] }],
      offers: [{ id: 'O1', minScore: 60 }, { id: 'O2', languages: ['ru'] }, { id: 'O3', enterprise: 'E-B' }, { id: 'O4', places: 0 }, { id: 'O5' }],
    });
    const explanation = await explain(round, 'stable', 'S1');
    expect(explanation.betterOffers.map((b) => b.why)).toEqual([
      { kind: 'not-compatible', rule: 'score', minScore: 60, score: 55 },
      { kind: 'not-compatible', rule: 'language', languages: ['ru'], language: 'kk' },
      { kind: 'not-compatible', rule: 'distance', km: 100.1, mobility: 'own region R-A only' },
      { kind: 'no-places' },
    ]);
    expect(renderExplanation(explanation).split('\n').slice(1)).toEqual([
      'Offers you ranked higher, and why you are not there:',
      '  - O1 (your 1st choice, 0 km): it requires a score of 60; you have 55.',
      '  - O2 (your 2nd choice, 0 km): it accepts ru; your language is kk.',
      '  - O3 (your 3rd choice, 100.1 km): it is 100.1 km away, beyond your mobility (own region R-A only).',
      '  - O4 (your 4th choice, 0 km): it has no places in this round.',
    ]);
  });

  it('an unplaced student: the facts, and the nearest offer wider mobility would open', async () => {
    const round = tinyRound({
      students: [{ id: 'S1', score: 90 }, { id: 'S2', score: 60 }],
      offers: [{ id: 'O1' }, { id: 'O2', enterprise: 'E-B' }],
    });
    const explanation = await explain(round, 'stable', 'S2');
    expect(explanation.outcome).toMatchObject({ kind: 'unplaced', reason: 'capacity' });
    expect(whyOf(explanation)).toEqual([['O1', 'full-cutoff']]);
    expect(explanation.unplacedFacts).toEqual({
      specialtyOffers: 2,
      compatibleOffers: 1,
      compatiblePlaces: 1,
      mobility: 'own region R-A only',
      nearestWider: { offer: 'O2', region: 'R-B', km: 100.1, because: 'free-place' },
    });
    expect(renderExplanation(explanation)).toContain('With wider mobility: O2 in R-B, 100.1 km away, would have accepted you (it had a free place).');
  });

  it('itemises the nearest unlisted offers and counts the rest', async () => {
    const offers = Array.from({ length: 8 }, (_, i) => ({ id: `O${i}` }));
    const students = [...offers.map((_, i) => ({ id: `T${i}`, score: 90 })), { id: 'S', score: 10 }];
    const explanation = await explain(tinyRound({ students, offers }), 'stable', 'S');
    expect(explanation.betterOffers).toHaveLength(5);
    expect(explanation.moreBetterOffers).toBe(3);
  });
});

describe('explanations, optimal mechanism', () => {
  it('no alternative: making room would leave someone unplaced', async () => {
    const round = tinyRound({
      students: [{ id: 'S1', score: 50, preferences: ['O1'] }, { id: 'S2', score: 90, preferences: ['O1', 'O2'] }],
      offers: [{ id: 'O1' }, { id: 'O2' }],
      policy: { preferredOnly: true },
    });
    const explanation = await explain(round, 'optimal', 'S2');
    expect(explanation.outcome).toMatchObject({ kind: 'placed', offer: 'O2' });
    expect(explanation.betterOffers[0].why).toEqual({ kind: 'full-no-alternative', scope: 'offer', enterprise: 'E-A', limit: 1, admitted: 1 });
  });

  it('a stronger claim: room could be made, at a cost to the allocation', async () => {
    // Both list O1 then O2; S1's college is nearer O1, so the optimum gives it O1.
    const round = tinyRound({
      students: [{ id: 'S1', mobility: 'country', preferences: ['O1', 'O2'] }, { id: 'S2', college: 'C-B', mobility: 'country', preferences: ['O1', 'O2'] }],
      offers: [{ id: 'O1' }, { id: 'O2', enterprise: 'E-B' }],
    });
    const explanation = await explain(round, 'optimal', 'S2');
    expect(explanation.outcome).toMatchObject({ kind: 'placed', offer: 'O2' });
    expect(explanation.betterOffers[0].why).toMatchObject({ kind: 'full-stronger-claim', scope: 'offer' });
  });

  it('costlier: a free place too far away for the step down the list', async () => {
    const round = tinyRound({
      students: [{ id: 'S1', mobility: 'country', preferences: ['O1', 'O2'] }],
      offers: [{ id: 'O1', enterprise: 'E-B' }, { id: 'O2' }],
      policy: { kmWeight: 5 },
    });
    const explanation = await explain(round, 'optimal', 'S1');
    expect(explanation.betterOffers[0].why).toEqual({ kind: 'costlier', km: 100.1, currentKm: 0, cost: 501, currentCost: 100 });
  });
});

describe('explanations of every student on random rounds', () => {
  it('never find an offer that would have taken the student, and cut-offs really rank above', async () => {
    await fc.assert(
      fc.asyncProperty(arbitraryRound({ regions: 3, colleges: 4, enterprises: 6, offers: 10, students: 25 }, policies), fc.constantFrom<Mechanism>('optimal', 'stable'), async (round, mechanism) => {
        const { model, assignment, index, compatibility } = await solve(round, mechanism);
        const explainer = new Explainer(model, mechanism, assignment, { index, compatibility });
        const order = buildEnterpriseOrder(model);
        for (let s = 0; s < model.studentCount; s++) {
          const explanation = explainer.explain(s);
          expect(renderExplanation(explanation)).toContain(model.round.students[s].id);
          for (const better of explanation.betterOffers) {
            const why = better.why;
            expect(why.kind).not.toBe('open');
            if (mechanism === 'stable') expect(['not-compatible', 'no-places', 'full-cutoff', 'enterprise-full-cutoff']).toContain(why.kind);
            else expect(['not-compatible', 'no-places', 'full-no-alternative', 'full-stronger-claim', 'costlier']).toContain(why.kind);
            // An unplaced student could never be placed without unplacing someone in an optimum.
            if (mechanism === 'optimal' && assignment[s] < 0) expect(why.kind).not.toBe('full-stronger-claim');
            if (why.kind === 'costlier') expect(why.cost).toBeGreaterThanOrEqual(why.currentCost);
            if (why.kind === 'full-cutoff') {
              const o = model.offerIndex.get(better.offer)!;
              const e = model.offerEnterprise[o];
              const last = [...assignment.keys()].filter((t) => assignment[t] === o).reduce((worst, t) => (order.prefers(e, worst, t) ? t : worst));
              expect(why.cutoff).toEqual(order.admissionRank(e, last));
              expect(order.prefers(e, last, s)).toBe(true);
            }
          }
        }
      }),
      { numRuns: 150 },
    );
  });
});
