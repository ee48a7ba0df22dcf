/**
 * The optimal mechanism's objective, level by level, computed straight from an assignment:
 * what the oracles compare. Kept apart from the flow network so that a wrong network cannot
 * hide behind a matching wrong objective.
 */
import { meritCost, placementCost } from '../../solver/allocation-network.ts';
import { greatCircleKm } from '../../solver/geo.ts';
import type { RoundModel } from '../../solver/round-model.ts';
import { compareObjectives, type Objective } from '../../solver/allocation-objective.ts';

// Only the comparison is shared: it cannot hide a wrong network or a wrong cost.
export { compareObjectives, type Objective };

export function pairCost(model: RoundModel, s: number, o: number): number {
  return placementCost(model, s, o, greatCircleKm(model.studentLat[s], model.studentLon[s], model.offerLat[o], model.offerLon[o]));
}

export function objectiveOf(model: RoundModel, assignment: ArrayLike<number>): Objective {
  let priorityPlaced = 0;
  let placed = 0;
  let quality = 0;
  for (let s = 0; s < model.studentCount; s++) {
    const o = assignment[s];
    if (o >= 0) {
      placed++;
      priorityPlaced += model.studentPriority[s];
      quality += pairCost(model, s, o);
    } else {
      quality += meritCost(model, s);
    }
  }
  return { priorityPlaced, placed, quality };
}

/** Throws unless every placement is compatible and no offer or enterprise is over capacity. */
export function assertFeasible(model: RoundModel, compatible: (s: number, o: number) => boolean, assignment: ArrayLike<number>): void {
  const offerLoad = new Int32Array(model.offerCount);
  const enterpriseLoad = new Int32Array(model.enterpriseCount);
  for (let s = 0; s < model.studentCount; s++) {
    const o = assignment[s];
    if (o < 0) continue;
    if (!compatible(s, o)) throw new Error(`student ${s} placed on incompatible offer ${o}`);
    offerLoad[o]++;
    enterpriseLoad[model.offerEnterprise[o]]++;
  }
  for (let o = 0; o < model.offerCount; o++) if (offerLoad[o] > model.offerPlaces[o]) throw new Error(`offer ${o} over its places`);
  for (let e = 0; e < model.enterpriseCount; e++) if (enterpriseLoad[e] > model.enterpriseCapacity[e]) throw new Error(`enterprise ${e} over capacity`);
}
