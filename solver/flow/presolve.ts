import { allocateFloat64, type FlowProblem } from './problem.ts';

/**
 * Exact reductions done once before decomposition:
 * - lower bounds are shifted into the node balances (flow = lower + x, 0 <= x <= capacity - lower);
 * - a self-loop never affects conservation, so its flow is fixed alone: at capacity if its cost is
 *   negative, at its lower bound otherwise;
 * - a pure source (only outgoing arcs) whose supply equals the total capacity of its arcs must
 *   saturate them all, and likewise a pure sink whose demand equals its incoming capacity: their
 *   arcs are fixed and the flow is moved into the neighbours' balances. One pass, not repeated
 *   until nothing changes: that already catches the round's students whose only arc is the bypass.
 */
export interface Presolved {
  /** Supply per node of the reduced problem (lower bounds shifted out, fixed arcs removed). */
  balance: Float64Array;
  /** 1 for arcs whose flow is fixed here; they take no further part in the solve. */
  fixedArc: Uint8Array;
  /** 1 for the pure sources and sinks whose arcs were all forced to capacity. */
  forcedNode: Uint8Array;
  /** Outgoing and incoming arcs per node, not counting fixed arcs (the decomposition's hub search uses them). */
  outDegree: Int32Array;
  inDegree: Int32Array;
  /** Some arc's capacity is below its lower bound. */
  infeasible: boolean;
  /** A self-loop of negative cost and infinite capacity: the problem is unbounded if feasible. */
  unboundedLoop: boolean;
}

/** Writes the fixed arcs' flows into `flow` and returns the reduced problem's data. */
export function presolve(problem: FlowProblem, flow: Float64Array, shared: boolean): Presolved {
  const { nodeCount, arcCount, tail, head, lower, capacity, cost } = problem;
  const balance = allocateFloat64(nodeCount, shared);
  balance.set(problem.supply);
  const fixedArc = new Uint8Array(arcCount);
  const forcedNode = new Uint8Array(nodeCount);
  let infeasible = false;
  let unboundedLoop = false;

  const outDegree = new Int32Array(nodeCount);
  const inDegree = new Int32Array(nodeCount);
  const outCapacity = new Float64Array(nodeCount);
  const inCapacity = new Float64Array(nodeCount);
  for (let a = 0; a < arcCount; a++) {
    const t = tail[a];
    const h = head[a];
    const lo = lower ? lower[a] : 0;
    const room = capacity[a] - lo;
    if (room < 0) infeasible = true;
    if (t === h) {
      fixedArc[a] = 1;
      if (cost[a] < 0 && capacity[a] === Infinity) unboundedLoop = true;
      flow[a] = cost[a] < 0 && capacity[a] !== Infinity ? capacity[a] : lo;
      continue;
    }
    if (lo !== 0) {
      balance[t] -= lo;
      balance[h] += lo;
    }
    outDegree[t]++;
    inDegree[h]++;
    outCapacity[t] += room;
    inCapacity[h] += room;
  }
  if (infeasible) return { balance, fixedArc, forcedNode, outDegree, inDegree, infeasible, unboundedLoop };

  let anyForced = false;
  for (let v = 0; v < nodeCount; v++) {
    const b = balance[v];
    const pureSource = inDegree[v] === 0 && outDegree[v] > 0 && b === outCapacity[v];
    const pureSink = outDegree[v] === 0 && inDegree[v] > 0 && -b === inCapacity[v];
    if (pureSource || pureSink) {
      forcedNode[v] = 1;
      anyForced = true;
    }
  }
  if (anyForced) {
    for (let a = 0; a < arcCount; a++) {
      if (fixedArc[a]) continue;
      const t = tail[a];
      const h = head[a];
      if (!forcedNode[t] && !forcedNode[h]) continue;
      const lo = lower ? lower[a] : 0;
      fixedArc[a] = 1;
      flow[a] = capacity[a];
      if (!forcedNode[t]) balance[t] -= capacity[a] - lo;
      if (!forcedNode[h]) balance[h] += capacity[a] - lo;
      outDegree[t]--;
      inDegree[h]--;
    }
    for (let v = 0; v < nodeCount; v++) if (forcedNode[v]) balance[v] = 0;
  }
  return { balance, fixedArc, forcedNode, outDegree, inDegree, infeasible, unboundedLoop };
}
