/**
 * A solved round as result-table rows: one per student, in the round's order, with what the
 * results lists filter, sort and show (names of the college and enterprise included, so a
 * page of results is one indexed read).
 */
import type { NewResultRow } from '../db/schema.ts';
import type { RoundSolution } from '../../solver/solve-round.ts';
import { RunExplainer } from './run-explanations.ts';

export type ResultRowInput = Omit<NewResultRow, 'run_id'>;

export function buildResultRows(solution: RoundSolution): ResultRowInput[] {
  const { model, result } = solution;
  const { round } = model;
  const explainer = new RunExplainer(solution.index, solution.compatibility, result);
  const assignments = new Map(result.assignments.map((a) => [a.student, a]));
  const unplaced = new Map(result.unplaced.map((u) => [u.student, u]));
  return round.students.map((student, s) => {
    const college = round.colleges[model.collegeIndex.get(student.college)!];
    const base = {
      position: s,
      student: student.id,
      name: student.name ?? null,
      score: student.score,
      priority: student.priority ? 1 : 0,
      college: college.id,
      college_name: college.name ?? null,
      specialty: student.specialty,
      region: round.regions[model.studentRegion[s]].code,
    };
    const assignment = assignments.get(student.id);
    if (assignment) {
      const enterprise = round.enterprises[model.offerEnterprise[model.offerIndex.get(assignment.offer)!]];
      return {
        ...base,
        status: 'placed' as const,
        offer: assignment.offer,
        enterprise: enterprise.id,
        enterprise_name: enterprise.name ?? null,
        rank: assignment.rank,
        km: assignment.km,
        reason: null,
        detail: null,
        explanation: JSON.stringify(explainer.placed(s, assignment.rank)),
      };
    }
    const missing = unplaced.get(student.id)!;
    return {
      ...base,
      status: 'unplaced' as const,
      offer: null,
      enterprise: null,
      enterprise_name: null,
      rank: null,
      km: null,
      reason: missing.reason,
      detail: missing.detail,
      explanation: JSON.stringify(explainer.unplaced(s, missing.reason)),
    };
  });
}
