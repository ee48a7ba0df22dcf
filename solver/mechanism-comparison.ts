/**
 * The two mechanisms side by side on one round, to show an office what stability costs:
 * students placed (priority ones too), how many got their 1st, 2nd, ... choice, the total
 * distance, and the students with justified envy.
 *
 * Justified envy (the fairness that stability guarantees): student s envies a student s'
 * placed on an offer o that s prefers to its own outcome and is compatible with, while o's
 * enterprise ranks s above s' (the stable mechanism's order of students). The stable
 * allocation has none; the optimal one may trade some for more students placed.
 */
import { tallyAdmissions } from './admissions.ts';
import type { CompatibilityLists } from './compatibility.ts';
import { preferencePosition } from './compatibility.ts';
import { buildEnterpriseOrder } from './enterprise-preference.ts';
import { roundKm } from './geo.ts';
import { studentOfferKm, type RoundModel } from './round-model.ts';
import type { Mechanism } from './schema.ts';
import { studentPrefers } from './student-preference.ts';

export interface MechanismOutcome {
  mechanism: Mechanism;
  students: number;
  placed: number;
  priorityPlaced: number;
  priorityStudents: number;
  /** rankCounts[r - 1]: students placed on their r-th preference. */
  rankCounts: number[];
  /** Students placed on an offer they did not list. */
  offList: number;
  unplaced: number;
  /** Sum of the published distances of the placed students, km. */
  totalKm: number;
  /** Students with justified envy. */
  justifiedEnvy: number;
}

export interface MechanismComparison {
  optimal: MechanismOutcome;
  stable: MechanismOutcome;
  /** Students whose own list ranks their outcome under one mechanism above the other's. */
  betterOff: { optimal: number; stable: number };
}

export function compareMechanisms(model: RoundModel, compatibility: CompatibilityLists, optimal: Int32Array, stable: Int32Array): MechanismComparison {
  let betterOptimal = 0;
  let betterStable = 0;
  for (let s = 0; s < model.studentCount; s++) {
    if (studentPrefers(model, s, optimal[s], stable[s])) betterOptimal++;
    else if (studentPrefers(model, s, stable[s], optimal[s])) betterStable++;
  }
  return {
    optimal: describeOutcome(model, compatibility, 'optimal', optimal),
    stable: describeOutcome(model, compatibility, 'stable', stable),
    betterOff: { optimal: betterOptimal, stable: betterStable },
  };
}

export function describeOutcome(model: RoundModel, compatibility: CompatibilityLists, mechanism: Mechanism, assignment: Int32Array): MechanismOutcome {
  const rankCounts: number[] = [];
  let placed = 0;
  let priorityPlaced = 0;
  let priorityStudents = 0;
  let offList = 0;
  let tenthsOfKm = 0;
  for (let s = 0; s < model.studentCount; s++) {
    priorityStudents += model.studentPriority[s];
    const o = assignment[s];
    if (o < 0) continue;
    placed++;
    priorityPlaced += model.studentPriority[s];
    tenthsOfKm += Math.round(roundKm(studentOfferKm(model, s, o)) * 10);
    const position = preferencePosition(model, s, o);
    if (position < 0) offList++;
    else {
      while (rankCounts.length <= position) rankCounts.push(0);
      rankCounts[position]++;
    }
  }
  return {
    mechanism,
    students: model.studentCount,
    placed,
    priorityPlaced,
    priorityStudents,
    rankCounts,
    offList,
    unplaced: model.studentCount - placed,
    totalKm: tenthsOfKm / 10,
    justifiedEnvy: countJustifiedEnvy(model, compatibility, assignment),
  };
}

/** Students who prefer a compatible offer holding someone its enterprise ranks below them. */
export function countJustifiedEnvy(model: RoundModel, compatibility: CompatibilityLists, assignment: Int32Array): number {
  const order = buildEnterpriseOrder(model);
  const { offerWorst } = tallyAdmissions(model, order, assignment);
  let envious = 0;
  for (let s = 0; s < model.studentCount; s++) {
    for (let k = compatibility.start[s]; k < compatibility.start[s + 1]; k++) {
      const o = compatibility.offer[k];
      const worst = offerWorst[o];
      if (worst >= 0 && worst !== s && studentPrefers(model, s, o, assignment[s]) && order.prefers(model.offerEnterprise[o], s, worst)) {
        envious++;
        break;
      }
    }
  }
  return envious;
}
