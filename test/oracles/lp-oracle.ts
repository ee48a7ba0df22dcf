/**
 * The optimal mechanism's three levels solved as linear programs by javascript-lp-solver,
 * an implementation independent of ours. Each LP here has an integral optimum (network
 * matrices, and for the third level a face of the flow polytope), so its value is the
 * integer optimum.
 */
import { lpSolver } from '../helpers/lp-solver.ts';
import { meritCost } from '../../solver/allocation-network.ts';
import type { CompatibilityLists } from '../../solver/compatibility.ts';
import type { RoundModel } from '../../solver/round-model.ts';
import { pairCost, type Objective } from './allocation-objective.ts';

type Coefficients = Record<string, number>;

function baseModel(model: RoundModel, compatibility: CompatibilityLists, objective: (s: number, o: number) => number) {
  const constraints: Record<string, { max?: number; min?: number; equal?: number }> = {};
  const variables: Record<string, Coefficients> = {};
  for (let s = 0; s < model.studentCount; s++) {
    if (compatibility.start[s + 1] > compatibility.start[s]) constraints[`s${s}`] = { max: 1 };
    for (let k = compatibility.start[s]; k < compatibility.start[s + 1]; k++) {
      const o = compatibility.offer[k];
      const e = model.offerEnterprise[o];
      constraints[`o${o}`] = { max: model.offerPlaces[o] };
      constraints[`e${e}`] = { max: model.enterpriseCapacity[e] };
      variables[`x${s}_${o}`] = { obj: objective(s, o), [`s${s}`]: 1, [`o${o}`]: 1, [`e${e}`]: 1, placed: 1, priority: model.studentPriority[s] };
    }
  }
  return { constraints, variables };
}

/** Rounds away the LP's float noise (and its -0). */
const integral = (value: number) => Math.round(value) + 0;

function solve(lp: { constraints: Record<string, object>; variables: Record<string, Coefficients> }, opType: 'max' | 'min'): number {
  if (Object.keys(lp.variables).length === 0) return 0;
  const solution = lpSolver.Solve({ optimize: 'obj', opType, ...lp } as never) as { feasible: boolean; result: number };
  if (!solution.feasible) throw new Error('LP oracle: infeasible');
  return solution.result;
}

export function lpOptimum(model: RoundModel, compatibility: CompatibilityLists): Objective {
  const priorityPlaced = integral(solve(baseModel(model, compatibility, (s) => model.studentPriority[s]), 'max'));
  const placed = integral(solve(baseModel(model, compatibility, () => 1), 'max'));
  const third = baseModel(model, compatibility, (s, o) => pairCost(model, s, o) - meritCost(model, s));
  third.constraints.placed = { equal: placed };
  third.constraints.priority = { equal: priorityPlaced };
  let meritTotal = 0;
  for (let s = 0; s < model.studentCount; s++) meritTotal += meritCost(model, s);
  const quality = integral(solve(third, 'min') + meritTotal);
  return { priorityPlaced, placed, quality };
}
