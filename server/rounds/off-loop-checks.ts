/**
 * The checks whose work grows with the round, done before a round is stored (imports of round
 * files and CSV, vacancy rounds): parsing, validating the whole round, making the rows to
 * store. For 100,000 students that is one to two seconds of CPU, and on the event loop every
 * request waited behind it (0.7-1.6 s for a round file). Small inputs are checked on the loop;
 * larger ones on a worker thread (check-worker.ts), whose rows come back as JSON text
 * (db/row-slices.ts). A check is a pure function returning its findings and the `lists` of
 * rows to store, or throwing a ProblemError (bad input), which crosses back as one; any other
 * error is a bug, and ends as a 500.
 */
import { parsedSlices } from '../db/row-slices.ts';
import { ProblemError, type ProblemIssue, type ProblemType } from '../http/problem.ts';
import { answerOfWorker } from '../../solver/flow/typescript-worker.ts';
import { checkCsv } from './csv-check.ts';
import { checkRoundFile } from './round-file.ts';
import { checkVacancyRound } from '../runs/vacancy-check.ts';

export const CHECKS = { 'round file': checkRoundFile, CSV: checkCsv, 'vacancy round': checkVacancyRound };
export type CheckName = keyof typeof CHECKS;
type Check<N extends CheckName> = (typeof CHECKS)[N];

/** What check-worker.ts posts back. */
export type CheckAnswer =
  | { findings: Record<string, unknown>; slices: Record<string, string[]> }
  | { problem: { status: number; type: ProblemType; detail: string; errors?: ProblemIssue[]; errorCount?: number } };

const ENTRY = new URL('./check-worker.ts', import.meta.url);
/**
 * Inputs up to this many characters (about 6,000 students) are checked on the event loop, in
 * under 100 ms; a worker thread's start costs 0.4 s of CPU, worth it only for larger ones.
 */
const CHECK_ON_LOOP_CHARS = 1024 * 1024;

/** A thrown ProblemError as it crosses between threads. */
export function problemOf(error: ProblemError): Extract<CheckAnswer, { problem: unknown }>['problem'] {
  return { status: error.status, type: error.problemType, detail: error.message, errors: error.errors, errorCount: error.errorCount };
}

/** `size`: the characters the check reads (the input's text, and the stored round's for a CSV). */
export async function runCheck<N extends CheckName>(name: N, input: Parameters<Check<N>>[0], size: number): Promise<ReturnType<Check<N>>> {
  const check = CHECKS[name] as (input: Parameters<Check<N>>[0]) => ReturnType<Check<N>>;
  if (size <= CHECK_ON_LOOP_CHARS) return check(input);
  const answer = await answerOfWorker<CheckAnswer>(ENTRY, { name, input }, `the ${name} check`);
  if ('problem' in answer) {
    const { status, type, detail, errors, errorCount } = answer.problem;
    throw new ProblemError(status as ProblemError['status'], type, detail, { errors, errorCount });
  }
  const lists = Object.fromEntries(Object.entries(answer.slices).map(([list, slices]) => [list, parsedSlices(slices)]));
  return { ...answer.findings, lists } as ReturnType<Check<N>>;
}
