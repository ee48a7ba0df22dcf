/** Exhaustive search over every feasible assignment of a tiny round: the last word on optimality. */
import type { CompatibilityLists } from '../../solver/compatibility.ts';
import type { RoundModel } from '../../solver/round-model.ts';
import { compareObjectives, objectiveOf, type Objective } from './allocation-objective.ts';
import { forEachFeasibleAssignment } from './feasible-assignments.ts';

export function bruteForceOptimum(model: RoundModel, compatibility: CompatibilityLists): Objective {
  let best: Objective | null = null;
  forEachFeasibleAssignment(model, compatibility, (assignment) => {
    const objective = objectiveOf(model, assignment);
    if (!best || compareObjectives(objective, best) > 0) best = objective;
  });
  return best!;
}
