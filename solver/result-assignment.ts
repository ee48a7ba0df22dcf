/**
 * Reads the assignment back out of a result document: the offer of every student of the
 * round, or -1. Whatever does not fit the round (unknown ids, a student listed twice or not
 * at all) is reported, so the result checker can list it and the other tools can refuse it.
 */
import type { RoundModel } from './round-model.ts';
import type { Result } from './schema.ts';

export interface AssignmentProblem {
  code: 'unknown-student' | 'unknown-offer' | 'duplicate-student' | 'missing-student';
  message: string;
}

export interface ResultAssignment {
  assignment: Int32Array;
  problems: AssignmentProblem[];
}

export function assignmentOfResult(model: RoundModel, result: Pick<Result, 'assignments' | 'unplaced'>): ResultAssignment {
  const assignment = new Int32Array(model.studentCount).fill(-1);
  const seen = new Uint8Array(model.studentCount);
  const problems: AssignmentProblem[] = [];
  const record = (studentId: string, where: string): number => {
    const s = model.studentIndex.get(studentId);
    if (s === undefined) {
      problems.push({ code: 'unknown-student', message: `${where}: student "${studentId}" is not in the round` });
      return -1;
    }
    if (seen[s]) {
      problems.push({ code: 'duplicate-student', message: `${where}: student "${studentId}" appears more than once` });
      return -1;
    }
    seen[s] = 1;
    return s;
  };
  result.assignments.forEach((entry, i) => {
    const where = `assignments[${i}]`;
    const s = record(entry.student, where);
    const o = model.offerIndex.get(entry.offer);
    if (o === undefined) problems.push({ code: 'unknown-offer', message: `${where}: offer "${entry.offer}" is not in the round` });
    else if (s >= 0) assignment[s] = o;
  });
  result.unplaced.forEach((entry, i) => record(entry.student, `unplaced[${i}]`));
  for (let s = 0; s < model.studentCount; s++) {
    if (!seen[s]) problems.push({ code: 'missing-student', message: `student "${model.round.students[s].id}" is neither assigned nor unplaced` });
  }
  return { assignment, problems };
}
