import { lpSolver } from '../../helpers/lp-solver.ts';
import type { FlowProblem } from '../../../solver/flow/problem.ts';
import type { FlowStatus } from '../../../solver/flow/solution.ts';


/**
 * Independent oracles for tiny problems, deliberately simple and unlike network simplex:
 * - cycle cancelling (max-flow for feasibility, then Bellman-Ford negative cycles);
 * - the LP solved by javascript-lp-solver (min-cost-flow LPs have integral optima).
 */
export interface ReferenceResult {
  status: FlowStatus;
  cost: number;
}

interface ResidualArc {
  from: number;
  to: number;
  cost: number;
  /** Remaining capacity (Infinity allowed). */
  room: number;
  reverse: ResidualArc | null;
}

/**
 * Substitutes y = x - lower: the node balances and the constant cost that the lower bounds leave
 * behind, or null when some arc's lower bound exceeds its capacity.
 */
function shiftLowerBounds(problem: FlowProblem): { balance: number[]; constant: number } | null {
  const { arcCount, tail, head, capacity, cost, lower } = problem;
  const balance = Array.from(problem.supply);
  let constant = 0;
  for (let a = 0; a < arcCount; a++) {
    const lo = lower ? lower[a] : 0;
    if (capacity[a] < lo) return null;
    balance[tail[a]] -= lo;
    balance[head[a]] += lo;
    constant += lo * cost[a];
  }
  return { balance, constant };
}

/** Cycle cancelling; exact for the small integer problems of the tests. */
export function cycleCancelling(problem: FlowProblem): ReferenceResult {
  const { nodeCount: n, arcCount: m, tail, head, capacity, cost, lower } = problem;
  if (problem.supply.reduce((x, y) => x + y, 0) !== 0) return { status: 'infeasible', cost: 0 };
  const shifted = shiftLowerBounds(problem);
  if (!shifted) return { status: 'infeasible', cost: 0 };
  const { balance, constant } = shifted;

  // Residual graph of y = x - lower, plus a super source (n) and super sink (n+1).
  const arcs: ResidualArc[] = [];
  const original: ResidualArc[] = [];
  const addArc = (from: number, to: number, c: number, room: number): ResidualArc => {
    const forward: ResidualArc = { from, to, cost: c, room, reverse: null };
    const backward: ResidualArc = { from: to, to: from, cost: -c, room: 0, reverse: forward };
    forward.reverse = backward;
    arcs.push(forward, backward);
    return forward;
  };
  for (let a = 0; a < m; a++) original.push(addArc(tail[a], head[a], cost[a], capacity[a] - (lower ? lower[a] : 0)));
  let required = 0;
  const superArcs: ResidualArc[] = [];
  for (let v = 0; v < n; v++) {
    if (balance[v] > 0) {
      superArcs.push(addArc(n, v, 0, balance[v]));
      required += balance[v];
    } else if (balance[v] < 0) {
      superArcs.push(addArc(v, n + 1, 0, -balance[v]));
    }
  }
  if (maxFlow(arcs, n + 2, n, n + 1) < required) return { status: 'infeasible', cost: 0 };
  for (const a of superArcs) a.room = 0;
  for (const a of superArcs) a.reverse!.room = 0;

  if (hasNegativeCycle(n, arcs.filter((a) => a.room === Infinity))) {
    return { status: 'unbounded', cost: 0 };
  }
  for (;;) {
    const cycle = findNegativeCycle(n, arcs.filter((a) => a.room > 0));
    if (!cycle) break;
    const push = Math.min(...cycle.map((a) => a.room));
    for (const a of cycle) {
      a.room -= push;
      a.reverse!.room += push;
    }
  }
  let total = constant;
  for (const a of original) total += a.reverse!.room * a.cost;
  return { status: 'optimal', cost: total };
}

function maxFlow(arcs: ResidualArc[], nodeCount: number, s: number, t: number): number {
  let total = 0;
  for (;;) {
    const via: (ResidualArc | null)[] = new Array(nodeCount).fill(null);
    const seen = new Array(nodeCount).fill(false);
    seen[s] = true;
    const queue = [s];
    while (queue.length > 0 && !seen[t]) {
      const u = queue.shift()!;
      for (const a of arcs) {
        if (a.from === u && a.room > 0 && !seen[a.to]) {
          seen[a.to] = true;
          via[a.to] = a;
          queue.push(a.to);
        }
      }
    }
    if (!seen[t]) return total;
    let push = Infinity;
    for (let v = t; v !== s; v = via[v]!.from) push = Math.min(push, via[v]!.room);
    for (let v = t; v !== s; v = via[v]!.from) {
      via[v]!.room -= push;
      via[v]!.reverse!.room += push;
    }
    total += push;
  }
}

function hasNegativeCycle(nodeCount: number, arcs: ResidualArc[]): boolean {
  return findNegativeCycle(nodeCount, arcs) !== null;
}

/** A negative-cost cycle among the given arcs (Bellman-Ford from a virtual source), or null. */
function findNegativeCycle(nodeCount: number, arcs: ResidualArc[]): ResidualArc[] | null {
  const distance = new Array(nodeCount).fill(0);
  const via: (ResidualArc | null)[] = new Array(nodeCount).fill(null);
  let changed = -1;
  for (let round = 0; round < nodeCount; round++) {
    changed = -1;
    for (const a of arcs) {
      if (a.from >= nodeCount || a.to >= nodeCount) continue;
      if (distance[a.from] + a.cost < distance[a.to]) {
        distance[a.to] = distance[a.from] + a.cost;
        via[a.to] = a;
        changed = a.to;
      }
    }
    if (changed < 0) return null;
  }
  let v = changed;
  for (let i = 0; i < nodeCount; i++) v = via[v]!.from;
  const cycle: ResidualArc[] = [];
  let u = v;
  do {
    const a = via[u]!;
    cycle.push(a);
    u = a.from;
  } while (u !== v);
  return cycle;
}

/** The LP optimum from javascript-lp-solver, rounded (exact for these small integral problems). */
export function linearProgram(problem: FlowProblem): ReferenceResult {
  const { nodeCount: n, arcCount: m, tail, head, capacity, cost, lower } = problem;
  const constraints: Record<string, { equal?: number; max?: number }> = {};
  const variables: Record<string, Record<string, number>> = {};
  const shifted = shiftLowerBounds(problem);
  if (!shifted) return { status: 'infeasible', cost: 0 };
  const { balance, constant } = shifted;
  for (let v = 0; v < n; v++) constraints[`n${v}`] = { equal: balance[v] };
  for (let a = 0; a < m; a++) {
    const variable: Record<string, number> = { cost: cost[a] };
    if (tail[a] !== head[a]) {
      variable[`n${tail[a]}`] = 1;
      variable[`n${head[a]}`] = -1;
    }
    if (capacity[a] !== Infinity) {
      constraints[`u${a}`] = { max: capacity[a] - (lower ? lower[a] : 0) };
      variable[`u${a}`] = 1;
    }
    variables[`x${a}`] = variable;
  }
  // The library's presolve drops the objective of a variable fixed by the constraints (it reports
  // 0 for `x = 4, cost 5x`), so it is turned off.
  const model = { optimize: 'cost', opType: 'min' as const, options: { presolve: false }, constraints, variables };
  const result = lpSolver.Solve(model) as {
    feasible: boolean;
    bounded: boolean;
    result: number;
  };
  if (!result.feasible) return { status: 'infeasible', cost: 0 };
  if (!result.bounded) return { status: 'unbounded', cost: 0 };
  return { status: 'optimal', cost: Math.round(result.result) + constant };
}
