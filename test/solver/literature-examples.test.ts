/**
 * Published worked examples from the matching literature, as round files in
 * fixtures/literature/ (the offer side's preferences are enterprise rankings, one enterprise
 * per woman / hospital / lecturer). Each asserts the known student-optimal outcome and, by
 * exhaustive search, the known set of stable allocations.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildCompatibility, buildOfferIndex } from '../../solver/compatibility.ts';
import type { Round } from '../../solver/schema.ts';
import { findBlockingPairs } from '../../solver/stability-check.ts';
import { modelOf, solve } from '../helpers/solve.ts';
import { allStableAssignments } from '../oracles/stable-brute-force.ts';

type Outcome = Record<string, string | null>;

function load(name: string): Round {
  return JSON.parse(readFileSync(new URL(`../../fixtures/literature/${name}.json`, import.meta.url), 'utf8')) as Round;
}

async function stableOutcome(round: Round): Promise<Outcome> {
  const { model, compatibility, assignment } = await solve(round, 'stable');
  expect(findBlockingPairs(model, compatibility, assignment).count).toBe(0);
  return byId(round, assignment);
}

function byId(round: Round, assignment: Int32Array): Outcome {
  return Object.fromEntries(round.students.map((s, i) => [s.id, assignment[i] < 0 ? null : round.offers[assignment[i]].id]));
}

function allStable(round: Round): Outcome[] {
  const model = modelOf(round);
  return allStableAssignments(model, buildCompatibility(buildOfferIndex(model))).map((a) => byId(round, a));
}

describe('published examples', () => {
  it('Gale and Shapley (1962), example 1: three stable matchings; the men get their first choices', async () => {
    const round = load('gale-shapley-1962-example-1');
    const menFirst = { alpha: 'A', beta: 'B', gamma: 'C' };
    expect(await stableOutcome(round)).toEqual(menFirst);
    expect(allStable(round)).toEqual(
      expect.arrayContaining([menFirst, { alpha: 'C', beta: 'A', gamma: 'B' }, { alpha: 'B', beta: 'C', gamma: 'A' }]),
    );
    expect(allStable(round)).toHaveLength(3);
  });

  it('Gale and Shapley (1962), example 2: the only stable matching', async () => {
    const round = load('gale-shapley-1962-example-2');
    const only = { alpha: 'C', beta: 'D', gamma: 'A', delta: 'B' };
    expect(await stableOutcome(round)).toEqual(only);
    expect(allStable(round)).toEqual([only]);
  });

  it('hospitals/residents with two posts per hospital: the resident-optimal matching', async () => {
    const round = load('hospitals-residents-manlove');
    const residentOptimal = { r1: 'h2', r2: 'h1', r3: 'h1', r4: 'h3', r5: null, r6: 'h2' };
    const hospitalOptimal = { r1: 'h1', r2: 'h2', r3: 'h1', r4: 'h3', r5: null, r6: 'h2' };
    expect(await stableOutcome(round)).toEqual(residentOptimal);
    const stable = allStable(round);
    expect(stable).toHaveLength(2);
    expect(stable).toEqual(expect.arrayContaining([residentOptimal, hospitalOptimal]));
  });

  it('student-project allocation with lecturer capacities (Abraham, Irving and Manlove 2007)', async () => {
    const round = load('spa-abraham-irving-manlove-2007');
    const studentOptimal = { s1: 'p1', s2: 'p5', s3: 'p4', s4: 'p2', s5: null, s6: null, s7: 'p3' };
    expect(await stableOutcome(round)).toEqual(studentOptimal);
    // The same students are assigned in every stable matching (the paper's Theorem), and
    // each student weakly prefers the student-optimal one.
    for (const other of allStable(round)) {
      expect(Object.keys(other).filter((s) => other[s] !== null)).toEqual(['s1', 's2', 's3', 's4', 's7']);
    }
  });
});
