/** Exhaustive search over every feasible assignment of a tiny round: the last word on optimality. */
import type { CompatibilityLists } from '../../solver/compatibility.ts';
import type { RoundModel } from '../../solver/round-model.ts';
import { compareObjectives, objectiveOf, type Objective } from './allocation-objective.ts';

export function bruteForceOptimum(model: RoundModel, compatibility: CompatibilityLists): Objective {
  const n = model.studentCount;
  const assignment = new Int32Array(n).fill(-1);
  const offerLoad = new Int32Array(model.offerCount);
  const enterpriseLoad = new Int32Array(model.enterpriseCount);
  let best: Objective | null = null;
  const visit = (s: number) => {
    if (s === n) {
      const objective = objectiveOf(model, assignment);
      if (!best || compareObjectives(objective, best) > 0) best = objective;
      return;
    }
    assignment[s] = -1;
    visit(s + 1);
    for (let k = compatibility.start[s]; k < compatibility.start[s + 1]; k++) {
      const o = compatibility.offer[k];
      const e = model.offerEnterprise[o];
      if (offerLoad[o] >= model.offerPlaces[o] || enterpriseLoad[e] >= model.enterpriseCapacity[e]) continue;
      offerLoad[o]++;
      enterpriseLoad[e]++;
      assignment[s] = o;
      visit(s + 1);
      offerLoad[o]--;
      enterpriseLoad[e]--;
    }
    assignment[s] = -1;
  };
  visit(0);
  return best!;
}
