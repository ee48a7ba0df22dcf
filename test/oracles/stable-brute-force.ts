/**
 * Every stable allocation of a tiny round, by exhaustive search: every feasible assignment that
 * the stability checker finds no blocking pair in.
 */
import type { CompatibilityLists } from '../../solver/compatibility.ts';
import type { RoundModel } from '../../solver/round-model.ts';
import { findBlockingPairs } from '../../solver/stability-check.ts';
import { forEachFeasibleAssignment } from './feasible-assignments.ts';

export function allStableAssignments(model: RoundModel, compatibility: CompatibilityLists): Int32Array[] {
  const stable: Int32Array[] = [];
  forEachFeasibleAssignment(model, compatibility, (assignment) => {
    if (findBlockingPairs(model, compatibility, assignment, 1).count === 0) stable.push(assignment.slice());
  });
  return stable;
}
