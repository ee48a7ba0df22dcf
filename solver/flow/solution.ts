import { EXACT_INTEGER_LIMIT } from './exactness.ts';

export type FlowStatus = 'optimal' | 'infeasible' | 'unbounded';

export interface FlowSolution {
  status: FlowStatus;
  /** Flow on each arc of the original problem; all zero unless the status is 'optimal'. */
  flow: Float64Array;
  /** Sum of flow × cost over all arcs, exact (it may exceed 2^53); 0n unless optimal. */
  totalCost: bigint;
  /**
   * Optimal node potentials (a dual solution), null unless optimal. With the reduced cost
   * rc = cost + potential[tail] - potential[head]: rc >= 0 where the flow is at its lower bound,
   * rc <= 0 where it is at capacity, rc = 0 in between.
   */
  potential: Float64Array | null;
}

/**
 * Sum of flow[a] · cost[a], exact. Products and partial sums are accumulated in float64 while
 * they are provably exact and flushed to a bigint before they could round, so the common case
 * (small flows, costs up to ~1e10) needs a BigInt operation only every few thousand arcs.
 */
export function exactTotalCost(flow: Float64Array, cost: Float64Array): bigint {
  let total = 0n;
  let partial = 0;
  for (let a = 0; a < flow.length; a++) {
    const f = flow[a];
    if (f === 0) continue;
    const product = f * cost[a];
    if (Math.abs(product) >= EXACT_INTEGER_LIMIT) {
      total += BigInt(f) * BigInt(cost[a]);
      continue;
    }
    if (Math.abs(partial) + Math.abs(product) >= EXACT_INTEGER_LIMIT) {
      total += BigInt(partial);
      partial = 0;
    }
    partial += product;
  }
  return total + BigInt(partial);
}
