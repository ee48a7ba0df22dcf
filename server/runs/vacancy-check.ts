/**
 * Making a vacancy round's rows from a run's snapshot and result (vacancy-round.ts): pure, no
 * database, so that a large run's (a second or more of parsing, validating and building) can be
 * made on a worker thread (rounds/off-loop-checks.ts). An inconsistency here is a bug, not bad
 * input: it throws a plain Error (a 500, logged).
 */
import { roundRows, type RoundRows } from '../rounds/store-round.ts';
import { assignmentOfResult } from '../../solver/result-assignment.ts';
import type { Result } from '../../solver/schema.ts';
import { buildVacancyRound, type VacancyOptions } from '../../solver/vacancy-round.ts';
import { formatIssue, validateRound } from '../../solver/validate-round.ts';

export interface VacancyCheckInput {
  runId: string;
  /** The run's snapshot and result documents, as JSON text. */
  snapshot: string;
  result: string;
  /** The vacancy round's id (free in the database). */
  id: string;
  options: VacancyOptions;
}

export function checkVacancyRound({ runId, snapshot, result, id, options }: VacancyCheckInput): RoundRows {
  const solved = validateRound(JSON.parse(snapshot));
  if (!solved.ok) throw new Error(`internal error: the snapshot of ${runId} is not valid: ${solved.errors.slice(0, 3).map(formatIssue).join('; ')}`);
  const { assignment, problems } = assignmentOfResult(solved.model, JSON.parse(result) as Result);
  if (problems.length > 0) throw new Error(`internal error: the result of ${runId} does not fit its snapshot: ${problems[0].message}`);
  const vacancies = buildVacancyRound(solved.model, assignment, options);
  const next = { ...vacancies, round: { ...vacancies.round, id } };
  const outcome = validateRound(next);
  if (!outcome.ok) throw new Error(`internal error: the vacancy round of ${runId} is not valid: ${outcome.errors.slice(0, 3).map(formatIssue).join('; ')}`);
  return roundRows(next);
}
