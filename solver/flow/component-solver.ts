import { COMPONENT_INFEASIBLE, componentStatusCode, type ComponentJob } from './flow-job.ts';
import { NetworkSimplex } from './network-simplex.ts';
import type { FlowStatus } from './solution.ts';

/**
 * Solves one component of a ComponentJob: copies its nodes (plus its copy of the hub) and arcs into a
 * compact local numbering, runs network simplex, and writes flows and potentials back into the
 * job's global arrays. Only touches its own component's entries, so several solvers (one per
 * worker thread) can fill the same shared job concurrently. Keeps its buffers between components.
 */
export class ComponentSolver {
  private simplex = new NetworkSimplex();
  /** Global arc id of each local arc. */
  private globalArc = new Int32Array(0);

  solve(job: ComponentJob, component: number): FlowStatus {
    const { nodeStart, hub } = job.decomposition;
    const nodeCount = nodeStart[component + 1] - nodeStart[component];
    if (hub >= 0 && nodeCount === 1) return this.solveStar(job, component);
    return this.solveBySimplex(job, component);
  }

  /** Frees the buffers (they regrow on the next solve). */
  releaseMemory(): void {
    this.simplex = new NetworkSimplex();
    this.globalArc = new Int32Array(0);
  }

  private solveBySimplex(job: ComponentJob, component: number): FlowStatus {
    const { problem, decomposition, balance } = job;
    const { nodeStart, nodeOrder, localIndex, arcStart, arcOrder, hub } = decomposition;
    const firstNode = nodeStart[component];
    const ownNodes = nodeStart[component + 1] - firstNode;
    const firstArc = arcStart[component];
    const arcCount = arcStart[component + 1] - firstArc;
    // The hub copy, if any, is the last local node.
    const hubCopy = hub >= 0 ? ownNodes : -1;
    const nodeCount = ownNodes + (hub >= 0 ? 1 : 0);

    const simplex = this.simplex;
    simplex.reserve(nodeCount, arcCount);
    if (this.globalArc.length < arcCount) this.globalArc = new Int32Array(Math.max(arcCount, Math.floor(this.globalArc.length * 1.5)));
    const { source, target, capacity, cost, supply } = simplex;
    const globalArc = this.globalArc;

    let componentSupply = 0;
    for (let i = 0; i < ownNodes; i++) {
      const b = balance[nodeOrder[firstNode + i]];
      supply[i] = b;
      componentSupply += b;
    }
    if (hubCopy >= 0) supply[hubCopy] = -componentSupply;

    // LEMON's arc mixing: consecutive local arcs come from far-apart stretches of the input, so
    // that each search block sees a spread of nodes rather than one node's arcs.
    const { tail, head, lower, capacity: globalCapacity, cost: globalCost } = problem;
    const skip = nodeCount > 1 ? Math.max(Math.floor(arcCount / nodeCount), 3) : 1;
    for (let k = 0, position = 0, lap = 0; k < arcCount; k++) {
      const a = arcOrder[firstArc + k];
      const t = tail[a];
      const h = head[a];
      globalArc[position] = a;
      source[position] = t === hub ? hubCopy : localIndex[t];
      target[position] = h === hub ? hubCopy : localIndex[h];
      capacity[position] = lower ? globalCapacity[a] - lower[a] : globalCapacity[a];
      cost[position] = globalCost[a];
      position += skip;
      if (position >= arcCount) position = ++lap;
    }

    let status = simplex.solve(nodeCount, arcCount);
    if (status === 'unbounded') status = this.feasibilityOf(nodeCount, arcCount);
    if (status !== 'optimal') return status;

    const { flow, potential } = simplex;
    const outFlow = job.flow;
    // The job's flow array starts zeroed: only the few arcs with flow need writing.
    for (let e = 0; e < arcCount; e++) {
      const x = flow[e];
      if (lower) {
        const a = globalArc[e];
        outFlow[a] = x + lower[a];
      } else if (x !== 0) {
        outFlow[globalArc[e]] = x;
      }
    }
    const hubPotential = hubCopy >= 0 ? potential[hubCopy] : 0;
    const outPotential = job.potential;
    for (let i = 0; i < ownNodes; i++) outPotential[nodeOrder[firstNode + i]] = potential[i] - hubPotential;
    return 'optimal';
  }

  /**
   * After an unbounded cycle is found: whether the component is feasible at all, by solving it
   * again with zero costs (which has no negative cycle). Infeasibility takes precedence.
   */
  private feasibilityOf(nodeCount: number, arcCount: number): FlowStatus {
    this.simplex.cost.fill(0, 0, arcCount);
    return this.simplex.solve(nodeCount, arcCount) === 'optimal' ? 'unbounded' : 'infeasible';
  }

  /**
   * A single node whose arcs all join it to the hub (self-loops were presolved), so they all point
   * the same way: its supply goes through the cheapest arcs first, which is optimal, no simplex needed.
   */
  private solveStar(job: ComponentJob, component: number): FlowStatus {
    const { problem, decomposition, balance } = job;
    const node = decomposition.nodeOrder[decomposition.nodeStart[component]];
    const firstArc = decomposition.arcStart[component];
    const arcCount = decomposition.arcStart[component + 1] - firstArc;
    const { tail, lower, capacity, cost } = problem;
    const nodeBalance = balance[node];
    job.potential[node] = 0;
    if (arcCount === 0) return nodeBalance === 0 ? 'optimal' : 'infeasible';

    const outgoing = tail[decomposition.arcOrder[firstArc]] === node;
    let remaining = outgoing ? nodeBalance : -nodeBalance;
    if (remaining < 0) return 'infeasible';
    const arcs = decomposition.arcOrder.slice(firstArc, firstArc + arcCount);
    arcs.sort((x, y) => cost[x] - cost[y]);
    let marginalCost = cost[arcs[0]];
    for (const a of arcs) {
      const lo = lower ? lower[a] : 0;
      const sent = Math.min(remaining, capacity[a] - lo);
      job.flow[a] = lo + sent;
      if (sent > 0) marginalCost = cost[a];
      remaining -= sent;
    }
    if (remaining > 0) return 'infeasible';
    // Reduced cost cost ± potential is zero on the marginal arc, <= 0 on the cheaper saturated
    // ones and >= 0 on the dearer unused ones.
    job.potential[node] = outgoing ? -marginalCost : marginalCost;
    return 'optimal';
  }
}

/**
 * Solves components handed out by `claim` (a component index, or >= componentCount when none is
 * left) until they run out, recording each status. An infeasible component settles the whole
 * problem, so `onInfeasible` lets the caller stop handing out more.
 */
export function solveClaimedComponents(
  job: ComponentJob,
  solver: ComponentSolver,
  claim: () => number,
  hooks: { onSolved(component: number): void; onInfeasible(): void },
): void {
  const count = job.decomposition.componentCount;
  for (let k = claim(); k < count; k = claim()) {
    const status = componentStatusCode(solver.solve(job, k));
    job.componentStatus[k] = status;
    hooks.onSolved(k);
    if (status === COMPONENT_INFEASIBLE) hooks.onInfeasible();
  }
}
