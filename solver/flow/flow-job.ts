import { decompose, type Decomposition } from './decomposition.ts';
import { presolve, type Presolved } from './presolve.ts';
import { allocateFloat64, allocateInt8, type FlowProblem } from './problem.ts';
import { exactTotalCost, type FlowSolution, type FlowStatus } from './solution.ts';

/**
 * What a component solver reads and writes. Every array is a typed array, on SharedArrayBuffers
 * when the components are solved by worker threads, so it can be posted to workers without
 * copying and their results land directly in `flow`, `potential` and `componentStatus`.
 */
export interface ComponentJob {
  problem: FlowProblem;
  /** Supply per node after the presolve. */
  balance: Float64Array;
  decomposition: Decomposition;
  /** Output: flow per original arc. */
  flow: Float64Array;
  /** Output: potential per node, relative to the hub (whose potential is 0). */
  potential: Float64Array;
  /** Output: one of the COMPONENT_* codes per component. */
  componentStatus: Int8Array;
}

/** A problem prepared for solving component by component. */
export interface FlowJob extends ComponentJob {
  presolved: Presolved;
}

export const COMPONENT_PENDING = 0;
export const COMPONENT_OPTIMAL = 1;
export const COMPONENT_INFEASIBLE = 2;
export const COMPONENT_UNBOUNDED = 3;

export function componentStatusCode(status: FlowStatus): number {
  return status === 'optimal' ? COMPONENT_OPTIMAL : status === 'infeasible' ? COMPONENT_INFEASIBLE : COMPONENT_UNBOUNDED;
}

export interface PrepareOptions {
  /** Allocate the job's arrays on SharedArrayBuffers (the problem's arrays must already be). */
  shared: boolean;
  /** Split around a hub; false solves the problem whole (used to cross-check the decomposition). */
  decompose: boolean;
}

/** Presolves and decomposes; returns the solution directly when that already settles it. */
export function prepareFlowJob(problem: FlowProblem, options: PrepareOptions): { job: FlowJob } | { solution: FlowSolution } {
  const flow = allocateFloat64(problem.arcCount, options.shared);
  let totalSupply = 0;
  for (let v = 0; v < problem.nodeCount; v++) totalSupply += problem.supply[v];
  if (totalSupply !== 0) return { solution: notOptimal('infeasible', flow) };
  const presolved = presolve(problem, flow, options.shared);
  if (presolved.infeasible) return { solution: notOptimal('infeasible', flow) };
  const decomposition = decompose(problem, presolved, options.shared, options.decompose);
  const potential = allocateFloat64(problem.nodeCount, options.shared);
  const componentStatus = allocateInt8(decomposition.componentCount, options.shared);
  return { job: { problem, balance: presolved.balance, presolved, decomposition, flow, potential, componentStatus } };
}

/** Combines the component results into the solution of the whole problem. */
export function completeFlowJob(job: FlowJob): FlowSolution {
  let infeasible = false;
  let unbounded = job.presolved.unboundedLoop;
  let pending = false;
  for (const code of job.componentStatus) {
    if (code === COMPONENT_INFEASIBLE) infeasible = true;
    else if (code === COMPONENT_UNBOUNDED) unbounded = true;
    else if (code === COMPONENT_PENDING) pending = true;
  }
  // Infeasibility wins: an unbounded cycle only matters if a feasible flow exists at all. It
  // also stops the solve early, which is the only way a component may be left unsolved.
  if (infeasible) return notOptimal('infeasible', job.flow);
  if (pending) throw new Error('internal error: a component of the flow problem was left unsolved');
  if (unbounded) return notOptimal('unbounded', job.flow);
  const { problem, presolved, decomposition } = job;
  if (decomposition.hub >= 0) job.potential[decomposition.hub] = 0;
  setForcedNodePotentials(problem, presolved, job.potential);
  return { status: 'optimal', flow: job.flow, totalCost: exactTotalCost(job.flow, problem.cost), potential: job.potential };
}

function notOptimal(status: FlowStatus, flow: Float64Array): FlowSolution {
  flow.fill(0);
  return { status, flow, totalCost: 0n, potential: null };
}

/**
 * Potentials for the nodes the presolve forced: their arcs are all saturated, which is optimal as
 * long as each has a non-positive reduced cost. A forced sink takes the largest potential its
 * incoming arcs require, then a forced source the smallest its outgoing arcs allow.
 */
function setForcedNodePotentials(problem: FlowProblem, presolved: Presolved, potential: Float64Array): void {
  const { forcedNode } = presolved;
  if (!forcedNode.includes(1)) return;
  const { nodeCount, arcCount, tail, head, cost } = problem;
  for (let v = 0; v < nodeCount; v++) if (forcedNode[v]) potential[v] = NaN;
  // A forced node that is an arc's head is a sink (a forced source has no incoming arcs).
  for (let a = 0; a < arcCount; a++) {
    const t = tail[a];
    const h = head[a];
    if (t === h || !forcedNode[h] || forcedNode[t]) continue;
    const needed = cost[a] + potential[t];
    if (Number.isNaN(potential[h]) || needed > potential[h]) potential[h] = needed;
  }
  for (let a = 0; a < arcCount; a++) {
    const h = head[a];
    if (tail[a] !== h && forcedNode[h] && Number.isNaN(potential[h])) potential[h] = 0;
  }
  for (let a = 0; a < arcCount; a++) {
    const t = tail[a];
    if (t === head[a] || !forcedNode[t]) continue;
    const allowed = potential[head[a]] - cost[a];
    if (Number.isNaN(potential[t]) || allowed < potential[t]) potential[t] = allowed;
  }
}
