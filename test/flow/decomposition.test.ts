import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decompose } from '../../solver/flow/decomposition.ts';
import { presolve } from '../../solver/flow/presolve.ts';
import { solveMinCostFlow } from '../../solver/flow/solve-min-cost-flow.ts';
import { solveMinCostFlowSync } from '../../solver/flow/solve-min-cost-flow-sync.ts';
import { FlowWorkerPool } from '../../solver/flow/worker-pool.ts';
import { hubShapedProblem, smallProblem, toFlowProblem, type ProblemData } from './support/random-problems.ts';
import { expectCertifiedOptimal } from './support/solution-checks.ts';

let pool: FlowWorkerPool;
beforeAll(() => {
  pool = new FlowWorkerPool(2);
});
afterAll(async () => {
  await pool.close();
});

/** The whole-problem simplex, the decomposed solve and the parallel solve must agree exactly. */
async function expectSameOptimum(data: ProblemData): Promise<string> {
  const whole = solveMinCostFlowSync(toFlowProblem(data), { decompose: false });
  const problem = toFlowProblem(data);
  const decomposed = solveMinCostFlowSync(problem);
  const sharedProblem = toFlowProblem(data, { shared: true });
  const parallel = await solveMinCostFlow(sharedProblem, { pool });
  expect(decomposed.status).toBe(whole.status);
  expect(parallel.status).toBe(whole.status);
  if (whole.status === 'optimal') {
    expect(decomposed.totalCost).toBe(whole.totalCost);
    expect(parallel.totalCost).toBe(whole.totalCost);
    expectCertifiedOptimal(problem, decomposed);
    expectCertifiedOptimal(sharedProblem, parallel);
  }
  return whole.status;
}

describe('decomposition around a hub', () => {
  it('splits a round-shaped problem at the sink, one component per connected group', () => {
    // Students 0,1 -> offer 4; student 2 -> offer 5; student 3 has only its bypass (forced by
    // the presolve, so it is left isolated); everything drains into sink 6.
    const data: ProblemData = {
      supply: [1, 1, 1, 1, 0, 0, -4],
      arcs: [
        { tail: 0, head: 4, lower: 0, capacity: 1, cost: 5 },
        { tail: 1, head: 4, lower: 0, capacity: 1, cost: 3 },
        { tail: 2, head: 5, lower: 0, capacity: 1, cost: 1 },
        { tail: 0, head: 6, lower: 0, capacity: 1, cost: 3e9 },
        { tail: 1, head: 6, lower: 0, capacity: 1, cost: 3e9 },
        { tail: 2, head: 6, lower: 0, capacity: 1, cost: 3e9 },
        { tail: 3, head: 6, lower: 0, capacity: 1, cost: 3e9 },
        { tail: 4, head: 6, lower: 0, capacity: 1, cost: 0 },
        { tail: 5, head: 6, lower: 0, capacity: 1, cost: 0 },
      ],
    };
    const problem = toFlowProblem(data);
    const presolved = presolve(problem, new Float64Array(problem.arcCount), false);
    expect([...presolved.fixedArc]).toEqual([0, 0, 0, 0, 0, 0, 1, 0, 0]);
    const d = decompose(problem, presolved, false, true);
    expect(d.hub).toBe(6);
    const components = Array.from({ length: d.componentCount }, (_, k) => [...d.nodeOrder.subarray(d.nodeStart[k], d.nodeStart[k + 1])].sort());
    // Largest first: {0,1,4} (5 arcs), {2,5} (3 arcs), then the isolated student 3.
    expect(components).toEqual([[0, 1, 4], [2, 5], [3]]);
    const solution = solveMinCostFlowSync(problem);
    expectCertifiedOptimal(problem, solution);
    expect(solution.totalCost).toBe(BigInt(3 + 1 + 3e9 + 3e9));
  });

  it('gives exactly the whole-problem optimum on random round-shaped problems, serially and in parallel', async () => {
    const seen: Record<string, number> = {};
    await fc.assert(
      fc.asyncProperty(hubShapedProblem(), async (data) => {
        const status = await expectSameOptimum(data);
        seen[status] = (seen[status] ?? 0) + 1;
      }),
      { numRuns: 150, seed: 777 },
    );
    expect(seen.optimal).toBeGreaterThan(60);
    expect(seen.infeasible).toBeGreaterThan(5);
  });

  it('also splits at a pure source hub', async () => {
    await fc.assert(
      fc.asyncProperty(hubShapedProblem({ reversed: true }), async (data) => {
        await expectSameOptimum(data);
      }),
      { numRuns: 60, seed: 31 },
    );
  });

  it('agrees with the whole solve on general problems (with or without a hub)', async () => {
    await fc.assert(
      fc.asyncProperty(smallProblem(12, 30), async (data) => {
        await expectSameOptimum(data);
      }),
      { numRuns: 150, seed: 99 },
    );
  });
});

describe('presolve', () => {
  it('fixes the arcs of pure sources and sinks that must be saturated, with certifying potentials', () => {
    // Node 0 supplies exactly what its three arcs carry; node 5 demands exactly what arrives
    // through its two arcs; 1..4 form the rest of the network.
    const arc = (tail: number, head: number, capacity: number, cost: number, lower = 0) => ({ tail, head, lower, capacity, cost });
    const data: ProblemData = {
      supply: [4, 1, 0, 0, -1, -4],
      arcs: [arc(0, 1, 1, 5), arc(0, 2, 2, 1, 1), arc(0, 3, 1, 9), arc(1, 2, 9, 1), arc(2, 3, 9, 1), arc(3, 4, 9, 1), arc(2, 5, 3, 2), arc(3, 5, 1, 4), arc(1, 4, 9, 7)],
    };
    const problem = toFlowProblem(data);
    const presolved = presolve(problem, new Float64Array(problem.arcCount), false);
    expect([...presolved.forcedNode]).toEqual([1, 0, 0, 0, 0, 1]);
    expect([...presolved.fixedArc]).toEqual([1, 1, 1, 0, 0, 0, 1, 1, 0]);
    const solution = solveMinCostFlowSync(problem);
    expectCertifiedOptimal(problem, solution);
    expect(solution.totalCost).toBe(solveMinCostFlowSync(problem, { decompose: false }).totalCost);
  });
});

describe('worker pool', () => {
  it('reports progress and reuses its workers for successive solves', async () => {
    const fractions: number[] = [];
    const data = fc.sample(hubShapedProblem(), { numRuns: 1, seed: 5 })[0];
    const first = await solveMinCostFlow(toFlowProblem(data, { shared: true }), { pool, onProgress: (f) => fractions.push(f) });
    const second = await solveMinCostFlow(toFlowProblem(data, { shared: true }), { pool });
    expect(second.totalCost).toBe(first.totalCost);
    expect(fractions.at(-1)).toBe(1);
  });

  it('passes a worker-side refusal on as a FlowRangeError and stays usable', async () => {
    // Costs so large that a component's potentials would not be exact: detected in a worker.
    const n = 400;
    const arcs = Array.from({ length: n - 1 }, (_, i) => ({ tail: i, head: i + 1, lower: 0, capacity: 1, cost: 2 ** 44 }));
    const data: ProblemData = { supply: [1, ...new Array(n - 2).fill(0), -1], arcs };
    await expect(solveMinCostFlow(toFlowProblem(data, { shared: true }), { pool })).rejects.toThrow(/beyond 2\^53/);
    const ok = await solveMinCostFlow(toFlowProblem({ supply: [1, -1], arcs: [{ tail: 0, head: 1, lower: 0, capacity: 1, cost: 7 }] }, { shared: true }), { pool });
    expect(ok.totalCost).toBe(7n);
  });
});
