/**
 * Every stable allocation of a tiny round, by exhaustive search: every feasible assignment
 * (each student on a compatible offer or unplaced, within places and capacities) that the
 * stability checker finds no blocking pair in.
 */
import type { CompatibilityLists } from '../../solver/compatibility.ts';
import type { RoundModel } from '../../solver/round-model.ts';
import { findBlockingPairs } from '../../solver/stability-check.ts';

export function allStableAssignments(model: RoundModel, compatibility: CompatibilityLists): Int32Array[] {
  const n = model.studentCount;
  const assignment = new Int32Array(n).fill(-1);
  const offerLoad = new Int32Array(model.offerCount);
  const enterpriseLoad = new Int32Array(model.enterpriseCount);
  const stable: Int32Array[] = [];
  const visit = (s: number) => {
    if (s === n) {
      if (findBlockingPairs(model, compatibility, assignment, 1).count === 0) stable.push(assignment.slice());
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
  return stable;
}
