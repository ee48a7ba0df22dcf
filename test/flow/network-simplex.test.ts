import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FlowRangeError } from '../../solver/flow/exactness.ts';
import { allocateFlowProblem } from '../../solver/flow/problem.ts';
import { solveMinCostFlowSync } from '../../solver/flow/solve-min-cost-flow-sync.ts';
import { smallProblem, toFlowProblem, type ProblemData } from './support/random-problems.ts';
import { cycleCancelling, linearProgram } from './support/reference-solvers.ts';
import { expectCertifiedOptimal } from './support/solution-checks.ts';

/** Solves whole (no decomposition): these tests are about the network simplex itself. */
function solveWhole(data: ProblemData) {
  const problem = toFlowProblem(data);
  return { problem, solution: solveMinCostFlowSync(problem, { decompose: false }) };
}

describe('network simplex against independent oracles', () => {
  it('agrees with cycle cancelling on small random problems', () => {
    const seen = { optimal: 0, infeasible: 0, unbounded: 0 };
    fc.assert(
      fc.property(smallProblem(7, 16), (data) => {
        const { problem, solution } = solveWhole(data);
        const reference = cycleCancelling(problem);
        seen[reference.status]++;
        expect(solution.status).toBe(reference.status);
        if (reference.status === 'optimal') {
          expect(solution.totalCost).toBe(BigInt(reference.cost));
          expectCertifiedOptimal(problem, solution);
        }
      }),
      { numRuns: 600, seed: 20251123 },
    );
    // The generator must exercise every outcome, or the comparison proves little.
    expect(seen.optimal).toBeGreaterThan(100);
    expect(seen.infeasible).toBeGreaterThan(50);
    expect(seen.unbounded).toBeGreaterThan(10);
  });

  it('agrees with the LP solved by javascript-lp-solver on medium random problems', () => {
    let optimal = 0;
    fc.assert(
      fc.property(smallProblem(25, 70), (data) => {
        const { problem, solution } = solveWhole(data);
        const lp = linearProgram(problem);
        expect(solution.status).toBe(lp.status);
        if (lp.status === 'optimal') {
          optimal++;
          expect(solution.totalCost).toBe(BigInt(lp.cost));
          expectCertifiedOptimal(problem, solution);
        }
      }),
      { numRuns: 200, seed: 4242 },
    );
    expect(optimal).toBeGreaterThan(40);
  });
});

describe('network simplex on hand-made cases', () => {
  const arc = (tail: number, head: number, capacity: number, cost: number, lower = 0) => ({ tail, head, lower, capacity, cost });

  it('routes supply along the cheapest paths within capacities', () => {
    const { problem, solution } = solveWhole({ supply: [2, 0, 0, -2], arcs: [arc(0, 1, 1, 1), arc(0, 2, 2, 2), arc(1, 3, 2, 1), arc(2, 3, 2, 1)] });
    expectCertifiedOptimal(problem, solution);
    expect(solution.totalCost).toBe(5n);
    expect([...solution.flow]).toEqual([1, 1, 1, 1]);
  });

  it('honours lower bounds, including negative ones', () => {
    const { problem, solution } = solveWhole({ supply: [0, 0], arcs: [arc(0, 1, 5, 3, 2), arc(1, 0, 5, 1, -1)] });
    expectCertifiedOptimal(problem, solution);
    // 2 units must go 0 -> 1 (cost 6) and come back (cost 2); the negative lower bound on the
    // return arc is never binding.
    expect(solution.totalCost).toBe(8n);
  });

  it('uses parallel arcs cheapest first', () => {
    const { problem, solution } = solveWhole({ supply: [3, -3], arcs: [arc(0, 1, 1, 9), arc(0, 1, 2, 4), arc(0, 1, 5, 7)] });
    expectCertifiedOptimal(problem, solution);
    expect([...solution.flow]).toEqual([0, 2, 1]);
  });

  it('saturates a negative finite cycle and ignores zero-cost cycles', () => {
    const negative = [arc(0, 1, 4, -3), arc(1, 0, 3, 1)];
    const zero = [arc(2, 3, Infinity, 0), arc(3, 2, Infinity, 0)];
    const { problem, solution } = solveWhole({ supply: [0, 0, 0, 0], arcs: [...negative, ...zero] });
    expectCertifiedOptimal(problem, solution);
    expect(solution.totalCost).toBe(-6n);
  });

  it('fixes self-loops alone: saturated when negative, otherwise at the lower bound', () => {
    const { problem, solution } = solveWhole({ supply: [1, -1], arcs: [arc(0, 0, 4, -2), arc(1, 1, 4, 5, 1), arc(0, 1, 1, 1)] });
    expectCertifiedOptimal(problem, solution);
    expect([...solution.flow]).toEqual([4, 1, 1]);
    expect(solution.totalCost).toBe(-8n + 5n + 1n);
  });

  it('reports infeasibility: unbalanced supplies, missing capacity, lower above capacity', () => {
    expect(solveWhole({ supply: [1, 0], arcs: [arc(0, 1, 5, 1)] }).solution.status).toBe('infeasible');
    expect(solveWhole({ supply: [3, -3], arcs: [arc(0, 1, 2, 1)] }).solution.status).toBe('infeasible');
    expect(solveWhole({ supply: [0, 0], arcs: [arc(0, 1, 1, 1, 2)] }).solution.status).toBe('infeasible');
    expect(solveWhole({ supply: [1, -1], arcs: [] }).solution.status).toBe('infeasible');
  });

  it('reports an unbounded negative cycle, but infeasibility first', () => {
    const cycle = [arc(0, 1, Infinity, -1), arc(1, 0, Infinity, 0)];
    expect(solveWhole({ supply: [0, 0], arcs: cycle }).solution.status).toBe('unbounded');
    expect(solveWhole({ supply: [0, 0, 1], arcs: cycle }).solution.status).toBe('infeasible');
    expect(solveWhole({ supply: [0, 1, -1], arcs: [...cycle, arc(1, 2, 0, 0)] }).solution.status).toBe('infeasible');
    expect(solveWhole({ supply: [0], arcs: [arc(0, 0, Infinity, -1)] }).solution.status).toBe('unbounded');
  });

  it('solves the empty problem', () => {
    const solution = solveMinCostFlowSync(allocateFlowProblem(0, 0));
    expect(solution.status).toBe('optimal');
    expect(solution.totalCost).toBe(0n);
  });

  it('returns the exact total cost when it exceeds 2^53', () => {
    const arcs = Array.from({ length: 9 }, (_, i) => arc(i, 9, 1, 2 ** 50 + i));
    const { problem, solution } = solveWhole({ supply: [...new Array(9).fill(1), -9], arcs });
    expectCertifiedOptimal(problem, solution);
    expect(solution.totalCost).toBe(9n * 2n ** 50n + 36n);
  });

  it('refuses data it cannot solve exactly in float64', () => {
    const refuse = (data: ProblemData) => expect(() => solveWhole(data)).toThrow(FlowRangeError);
    refuse({ supply: [1, -1], arcs: [arc(0, 1, 1, 0.5)] });
    refuse({ supply: [1.5, -1.5], arcs: [arc(0, 1, 2, 1)] });
    refuse({ supply: [1, -1], arcs: [arc(0, 1, NaN, 1)] });
    refuse({ supply: [2 ** 53, -(2 ** 53)], arcs: [arc(0, 1, Infinity, 1)] });
    // Fine on its own, but a big-M potential over 1000 nodes would pass 2^53.
    const chain = Array.from({ length: 999 }, (_, i) => arc(i, i + 1, 1, 2 ** 42));
    refuse({ supply: [1, ...new Array(998).fill(0), -1], arcs: chain });
    expect(() => solveMinCostFlowSync({ ...allocateFlowProblem(2, 1), tail: Int32Array.of(0), head: Int32Array.of(5) })).toThrow(FlowRangeError);
  });
});
