import { expect } from 'vitest';
import type { FlowProblem } from '../../../solver/flow/problem.ts';
import type { FlowSolution } from '../../../solver/flow/solution.ts';

/**
 * Asserts that an 'optimal' solution is a feasible flow (bounds, conservation), that its total
 * cost is the exact sum, and that its potentials certify optimality (complementary slackness):
 * a wrong optimum cannot pass.
 */
export function expectCertifiedOptimal(problem: FlowProblem, solution: FlowSolution): void {
  expect(solution.status).toBe('optimal');
  const { nodeCount, arcCount, supply, tail, head, lower, capacity, cost } = problem;
  const { flow, potential } = solution;
  const net = new Float64Array(nodeCount);
  let total = 0n;
  for (let a = 0; a < arcCount; a++) {
    const x = flow[a];
    const lo = lower ? lower[a] : 0;
    expect(Number.isInteger(x), `arc ${a}: flow ${x} is not an integer`).toBe(true);
    expect(x >= lo && x <= capacity[a], `arc ${a}: flow ${x} outside [${lo}, ${capacity[a]}]`).toBe(true);
    net[tail[a]] += x;
    net[head[a]] -= x;
    total += BigInt(x) * BigInt(cost[a]);
  }
  for (let v = 0; v < nodeCount; v++) expect(net[v] === supply[v], `node ${v}: outflow - inflow is ${net[v]}, supply ${supply[v]}`).toBe(true);
  expect(solution.totalCost).toBe(total);

  expect(potential).not.toBeNull();
  for (let a = 0; a < arcCount; a++) {
    const reduced = cost[a] + potential![tail[a]] - potential![head[a]];
    const lo = lower ? lower[a] : 0;
    if (flow[a] > lo) expect(reduced, `arc ${a}: flow above its lower bound with reduced cost ${reduced}`).toBeLessThanOrEqual(0);
    if (flow[a] < capacity[a]) expect(reduced, `arc ${a}: flow below capacity with reduced cost ${reduced}`).toBeGreaterThanOrEqual(0);
  }
}
