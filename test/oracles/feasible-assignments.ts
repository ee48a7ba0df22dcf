/**
 * Every feasible assignment of a tiny round, by exhaustive search: each student on a compatible
 * offer or unplaced, within offer places and enterprise capacities. The oracles' common ground.
 */
import type { CompatibilityLists } from '../../solver/compatibility.ts';
import type { RoundModel } from '../../solver/round-model.ts';

/** Calls `visit` with each feasible assignment; the array is reused, so copy what you keep. */
export function forEachFeasibleAssignment(model: RoundModel, compatibility: CompatibilityLists, visit: (assignment: Int32Array) => void): void {
  const n = model.studentCount;
  const assignment = new Int32Array(n).fill(-1);
  const offerLoad = new Int32Array(model.offerCount);
  const enterpriseLoad = new Int32Array(model.enterpriseCount);
  const place = (s: number) => {
    if (s === n) {
      visit(assignment);
      return;
    }
    assignment[s] = -1;
    place(s + 1);
    for (let k = compatibility.start[s]; k < compatibility.start[s + 1]; k++) {
      const o = compatibility.offer[k];
      const e = model.offerEnterprise[o];
      if (offerLoad[o] >= model.offerPlaces[o] || enterpriseLoad[e] >= model.enterpriseCapacity[e]) continue;
      offerLoad[o]++;
      enterpriseLoad[e]++;
      assignment[s] = o;
      place(s + 1);
      offerLoad[o]--;
      enterpriseLoad[e]--;
    }
    assignment[s] = -1;
  };
  place(0);
}
