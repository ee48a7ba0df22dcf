/**
 * The optimal mechanism's objective, level by level, computed straight from an assignment
 * (docs/policy.md): priority students placed, students placed, then the quality cost
 * (placement costs of the placed plus merit costs of the unplaced; lower is better).
 */
import { meritCost, placementCost } from './allocation-network.ts';
import { studentOfferKm, type RoundModel } from './round-model.ts';

export interface Objective {
  priorityPlaced: number;
  placed: number;
  quality: number;
}

export function objectiveOf(model: RoundModel, assignment: Int32Array): Objective {
  let priorityPlaced = 0;
  let placed = 0;
  let quality = 0;
  for (let s = 0; s < model.studentCount; s++) {
    const o = assignment[s];
    if (o < 0) {
      quality += meritCost(model, s);
      continue;
    }
    placed++;
    priorityPlaced += model.studentPriority[s];
    quality += placementCost(model, s, o, studentOfferKm(model, s, o));
  }
  return { priorityPlaced, placed, quality };
}

/** Positive when a is lexicographically better than b, negative when worse, 0 when equal. */
export function compareObjectives(a: Objective, b: Objective): number {
  return a.priorityPlaced - b.priorityPlaced || a.placed - b.placed || b.quality - a.quality;
}
