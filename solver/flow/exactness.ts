import type { FlowProblem } from './problem.ts';

/**
 * The solver computes in float64, which is exact for integers below 2^53. These checks refuse
 * (with a FlowRangeError) any problem where an intermediate value could exceed that, instead of
 * silently returning a slightly wrong optimum.
 *
 * Limits:
 * - flows: sum of |supply| + sum of |lower| + sum of finite |capacity| must stay below 2^53, which
 *   bounds every flow value the solver can produce;
 * - costs: a subproblem solved by network simplex with n nodes and largest |cost| C must satisfy
 *   (4n + 1)·C + 2n < 2^53 (see `checkPotentialRange`). With costs up to 6e9 that allows about
 *   370,000 nodes in one subproblem; the decomposition keeps subproblems far smaller.
 */
export const EXACT_INTEGER_LIMIT = 2 ** 53;

export class FlowRangeError extends RangeError {
  override name = 'FlowRangeError';
}

function isExactInteger(x: number): boolean {
  // The int32 test settles nearly every value at once; the rest take the general test.
  return (x | 0) === x || (Math.trunc(x) === x && Math.abs(x) < EXACT_INTEGER_LIMIT);
}

/** Throws a FlowRangeError naming the first node or arc the solver cannot handle exactly. */
export function validateFlowProblem(problem: FlowProblem): void {
  const { nodeCount, arcCount, supply, tail, head, lower, capacity, cost } = problem;
  if (!Number.isInteger(nodeCount) || nodeCount < 0) throw new FlowRangeError(`nodeCount ${nodeCount} is not a non-negative integer`);
  if (!Number.isInteger(arcCount) || arcCount < 0) throw new FlowRangeError(`arcCount ${arcCount} is not a non-negative integer`);
  checkLength('supply', supply, nodeCount);
  checkLength('tail', tail, arcCount);
  checkLength('head', head, arcCount);
  if (lower) checkLength('lower', lower, arcCount);
  checkLength('capacity', capacity, arcCount);
  checkLength('cost', cost, arcCount);

  let flowBound = 0;
  for (let v = 0; v < nodeCount; v++) {
    const s = supply[v];
    if (!isExactInteger(s)) throw new FlowRangeError(`node ${v}: supply ${s} is not an integer below 2^53 in magnitude`);
    flowBound += Math.abs(s);
  }
  for (let a = 0; a < arcCount; a++) {
    const t = tail[a];
    const h = head[a];
    // Unsigned comparison: a negative id wraps to a huge one.
    if (t >>> 0 >= nodeCount || h >>> 0 >= nodeCount) throw new FlowRangeError(`arc ${a}: node id out of range (${t} -> ${h}, ${nodeCount} nodes)`);
    const c = cost[a];
    if (!isExactInteger(c)) throw new FlowRangeError(`arc ${a}: cost ${c} is not an integer below 2^53 in magnitude`);
    const u = capacity[a];
    if (u !== Infinity) {
      if (!isExactInteger(u)) throw new FlowRangeError(`arc ${a}: capacity ${u} is neither Infinity nor an integer below 2^53 in magnitude`);
      flowBound += Math.abs(u);
    }
    if (lower) {
      const l = lower[a];
      if (!isExactInteger(l)) throw new FlowRangeError(`arc ${a}: lower bound ${l} is not an integer below 2^53 in magnitude`);
      flowBound += Math.abs(l);
    }
  }
  if (flowBound >= EXACT_INTEGER_LIMIT) {
    throw new FlowRangeError(`supplies and capacities add up to ${flowBound}, beyond 2^53: flows could not be represented exactly`);
  }
}

function checkLength(name: string, array: ArrayLike<number>, expected: number): void {
  if (array.length !== expected) throw new FlowRangeError(`${name} has ${array.length} entries, expected ${expected}`);
}

/**
 * Network simplex potentials are sums of costs along tree paths plus one big-M artificial cost
 * (n·(C+1)), so |potential| <= (2n-1)·C + n, and a reduced cost c + π(u) - π(v) is computed through
 * intermediates bounded by (4n-1)·C + 2n. Refuses a subproblem where that could reach 2^53.
 */
export function checkPotentialRange(nodeCount: number, maxAbsCost: number): void {
  const bound = (4 * nodeCount + 1) * maxAbsCost + 2 * nodeCount;
  // The bound itself is computed in float64; the margin covers its rounding.
  if (bound >= EXACT_INTEGER_LIMIT * 0.999) {
    throw new FlowRangeError(
      `a subproblem of ${nodeCount} nodes with costs up to ${maxAbsCost} needs potentials beyond 2^53 ` +
        `(limit: (4n+1)·C + 2n < 2^53); scale the costs down or split the problem`,
    );
  }
}
