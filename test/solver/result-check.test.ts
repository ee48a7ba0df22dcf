import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { inputHash } from '../../solver/input-hash.ts';
import { buildResult } from '../../solver/result-builder.ts';
import { checkResult } from '../../solver/result-check.ts';
import type { Mechanism, Result, Round } from '../../solver/schema.ts';
import { arbitraryRound } from '../helpers/arbitrary-round.ts';
import { modelOf, solve } from '../helpers/solve.ts';
import { tinyRound } from '../helpers/tiny-round.ts';

const policies = fc.record({ preferredOnly: fc.boolean() }, { requiredKeys: [] });

async function codesOf(round: Round, result: unknown, resolve = true): Promise<string[]> {
  const report = await checkResult(modelOf(round), round, result, { resolve, threads: 1 });
  return [...new Set(report.problems.map((p) => p.code))].sort();
}

/** A round with a shortage, priority, capacities and a language rule, and its solved results. */
const round = tinyRound({
  students: [
    { id: 'S1', score: 90, preferences: ['O1', 'O2'], mobility: 'country' },
    { id: 'S2', score: 80, preferences: ['O1'], language: 'kk' },
    { id: 'S3', score: 70, priority: true, preferences: ['O2'] },
    { id: 'S4', score: 40, preferences: ['O3'] },
    { id: 'S5', score: 60, language: 'en' },
  ],
  offers: [{ id: 'O1' }, { id: 'O2', enterprise: 'E-B', places: 2 }, { id: 'O3', minScore: 50 }, { id: 'O4', languages: ['ru'] }],
  enterprises: [{ id: 'E-A', capacity: 2 }, { id: 'E-B' }],
});

async function solved(mechanism: Mechanism): Promise<Result> {
  return structuredClone((await solve(round, mechanism)).result);
}

describe('result checker', () => {
  it('accepts every result the solver writes (both mechanisms, random rounds, solved again to compare)', async () => {
    await fc.assert(
      fc.asyncProperty(arbitraryRound({ regions: 3, colleges: 4, enterprises: 5, offers: 8, students: 16 }, policies), fc.constantFrom<Mechanism>('optimal', 'stable'), async (r, mechanism) => {
        const { result } = await solve(r, mechanism);
        const report = await checkResult(modelOf(r), r, JSON.parse(JSON.stringify(result)), { threads: 1 });
        expect(report.problems).toEqual([]);
        expect(report).toMatchObject({ ok: true, resolved: true, blockingPairs: mechanism === 'stable' ? 0 : null });
      }),
      { numRuns: 150 },
    );
  });

  it('reports a result that is not a result, or of another round file', async () => {
    expect(await codesOf(round, { format: 'dual-match/result@1' })).toEqual(['schema']);
    const result = await solved('optimal');
    const other = structuredClone(round);
    other.students[0].score = 91;
    expect(await codesOf(other, result, false)).toContain('input-hash');
    expect(await codesOf(round, { ...result, round: 'another' }, false)).toEqual(['round-id']);
  });

  it('reports students missing, listed twice or unknown, and offers unknown', async () => {
    const result = await solved('optimal');
    const first = result.assignments[0];
    expect(await codesOf(round, { ...result, assignments: result.assignments.slice(1) })).toEqual(expect.arrayContaining(['missing-student']));
    expect(await codesOf(round, { ...result, unplaced: [...result.unplaced, { student: first.student, reason: 'capacity', detail: '' }] })).toContain('duplicate-student');
    expect(await codesOf(round, { ...result, unplaced: [...result.unplaced, { student: 'S-NOBODY', reason: 'capacity', detail: '' }] })).toContain('unknown-student');
    expect(await codesOf(round, { ...result, assignments: [{ ...first, offer: 'O-NOPE' }, ...result.assignments.slice(1)] })).toContain('unknown-offer');
  });

  it('reports an incompatible placement, a wrong rank or km, and an offer or enterprise over capacity', async () => {
    const result = await solved('optimal');
    const at = (student: string) => result.assignments.findIndex((a) => a.student === student);
    const tampered = (change: (r: Result) => void) => {
      const copy = structuredClone(result);
      change(copy);
      return copy;
    };
    expect(await codesOf(round, tampered((r) => (r.assignments[at('S1')].rank = 5)), false)).toEqual(['rank']);
    expect(await codesOf(round, tampered((r) => (r.assignments[at('S1')].km += 0.1)), false)).toEqual(['km']);
    // S5 speaks "en": O4 takes only "ru".
    const s5 = result.unplaced.findIndex((u) => u.student === 'S5');
    const incompatible = tampered((r) => {
      r.unplaced.splice(s5, 1);
      r.assignments.push({ student: 'S5', offer: 'O4', rank: null, km: 0 });
    });
    expect(await codesOf(round, incompatible, false)).toEqual(expect.arrayContaining(['incompatible']));
    // Everyone on O1 (1 place) at E-A (capacity 2).
    const crowded = tampered((r) => {
      r.assignments = round.students.map((s) => ({ student: s.id, offer: 'O1', rank: null, km: 0 }));
      r.unplaced = [];
    });
    expect(await codesOf(round, crowded, false)).toEqual(expect.arrayContaining(['offer-over-places', 'enterprise-over-capacity']));
  });

  it('reports totals, shortage cells, reasons and cut-offs that do not follow from the assignment', async () => {
    const result = await solved('stable');
    expect(await codesOf(round, { ...result, summary: { ...result.summary, placed: result.summary.placed + 1 } }, false)).toEqual(['summary']);
    expect(await codesOf(round, { ...result, shortage: result.shortage.map((c, i) => (i === 0 ? { ...c, students: c.students + 1 } : c)) }, false)).toEqual(['shortage']);
    expect(await codesOf(round, { ...result, unplaced: result.unplaced.map((u) => ({ ...u, reason: u.reason === 'capacity' ? 'distance' : 'capacity' })) }, false)).toEqual(['reason']);
    expect(await codesOf(round, { ...result, cutoffs: result.cutoffs!.slice(1) }, false)).toEqual(['cutoffs']);
    expect(await codesOf(round, { ...result, recommendations: [] }, false)).toEqual(result.recommendations!.length > 0 ? ['recommendations'] : []);
  });

  it('reports the blocking pairs of a stable result, each with its case', async () => {
    const { model, index, compatibility, assignment } = await solve(round, 'stable');
    // Unplace S1, who holds O2 (two places, no capacity limit): (S1, O2) blocks by case (a).
    const broken = assignment.slice();
    broken[model.studentIndex.get('S1')!] = -1;
    const result = JSON.parse(JSON.stringify(buildResult(model, 'stable', inputHash(round), broken, index, compatibility)));
    const report = await checkResult(model, round, result, { threads: 1 });
    expect(report.blockingPairs).toBeGreaterThan(0);
    expect(report.problems.map((p) => p.message)).toContain('student "S1" and offer "O2" block (case a of the spec\'s definition)');
    expect([...new Set(report.problems.map((p) => p.code))].sort()).toEqual(['blocking-pair', 'not-student-optimal']);
  });

  it('solving again: a stable allocation that is not the student-optimal one', async () => {
    // The hospitals/residents example has two stable matchings; the hospital-optimal one is
    // stable but is not what deferred acceptance gives.
    const hr = JSON.parse(readFileSync(new URL('../../fixtures/literature/hospitals-residents-manlove.json', import.meta.url), 'utf8')) as Round;
    const { model, index, compatibility } = await solve(hr, 'stable');
    const hospitalOptimal = { r1: 'h1', r2: 'h2', r3: 'h1', r4: 'h3', r5: null, r6: 'h2' } as Record<string, string | null>;
    const assignment = Int32Array.from(hr.students, (s) => (hospitalOptimal[s.id] ? model.offerIndex.get(hospitalOptimal[s.id]!)! : -1));
    const stableButNot = JSON.parse(JSON.stringify(buildResult(model, 'stable', inputHash(hr), assignment, index, compatibility)));
    expect(await codesOf(hr, stableButNot)).toEqual(['not-student-optimal']);
    expect(await codesOf(hr, stableButNot, false)).toEqual([]);
  });

  it('solving again: an optimal result that is not optimal', async () => {
    // S1 outranks S2 at O1, the only offer S2 may take: the stable allocation places one,
    // the optimal two (S1 moves on to O2).
    const twoForOne = tinyRound({
      students: [{ id: 'S1', score: 90, preferences: ['O1', 'O2'] }, { id: 'S2', score: 50, preferences: ['O1'] }],
      offers: [{ id: 'O1' }, { id: 'O2' }],
      policy: { preferredOnly: true },
    });
    const stable = await solve(twoForOne, 'stable');
    const optimal = await solve(twoForOne, 'optimal');
    expect([stable.result.summary.placed, optimal.result.summary.placed]).toEqual([1, 2]);
    const mislabelled = buildResult(stable.model, 'optimal', inputHash(twoForOne), stable.assignment, stable.index, stable.compatibility, optimal.optimal);
    const report = await checkResult(stable.model, twoForOne, JSON.parse(JSON.stringify(mislabelled)), { threads: 1 });
    expect(report.problems.map((p) => p.code)).toEqual(['not-optimal']);
    expect(report.problems[0].message).toBe('the allocation is not optimal: it places 0 priority students and 1 in all at quality cost 500; the optimum places 0 and 2 at cost 100');
  });

  it('solving again: a wrong gap', async () => {
    const result = await solved('optimal');
    const cell = result.shortage.findIndex((c) => c.gap !== undefined);
    result.shortage[cell].gap! += 1;
    expect(await codesOf(round, result)).toEqual(expect.arrayContaining(['gap']));
    expect(await codesOf(round, result, false)).toEqual([]);
  });
});
