/** Reading a result file for the CLI, against the round it belongs to (exit code 1 when it does not fit). */
import { inputHash } from '../solver/input-hash.ts';
import { assignmentOfResult } from '../solver/result-assignment.ts';
import type { RoundModel } from '../solver/round-model.ts';
import { ResultSchema, type Result } from '../solver/schema.ts';
import { formatPath } from '../solver/validate-round.ts';
import { readJsonFile } from './round-file.ts';
import { InputError } from './usage-error.ts';

/**
 * Reads a result file of the given round: it must be a `dual-match/result@1` document whose
 * `inputHash` is the round file's, listing every student once. (`dual-match check` says in
 * detail what is wrong with a result; the other commands just refuse it.)
 */
export async function readResultOfRound(path: string, roundDocument: unknown, model: RoundModel): Promise<{ result: Result; assignment: Int32Array }> {
  const parsed = ResultSchema.safeParse(await readJsonFile(path));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new InputError(`${path} is not a dual-match/result@1 document: ${formatPath(issue.path) || '(file)'}: ${issue.message}`);
  }
  const result = parsed.data;
  if (result.inputHash !== inputHash(roundDocument)) {
    throw new InputError(`${path} is not a result of this round file (its inputHash differs); run \`dual-match check\` for details`);
  }
  const { assignment, problems } = assignmentOfResult(model, result);
  if (problems.length > 0) throw new InputError(`${path}: ${problems[0].message}${problems.length > 1 ? ` (and ${problems.length - 1} more problems)` : ''}`);
  return { result, assignment };
}
