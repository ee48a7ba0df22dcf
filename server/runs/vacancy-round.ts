/**
 * A vacancy round: the follow-up round of a run's leftovers (the solver's
 * buildVacancyRound: the unplaced students, the places nobody took, mobility optionally
 * widened), made from the run's own snapshot and result, so it matches what was solved even
 * if the round was edited since. Students keep their personal codes: the new round shares
 * the old round's code salt.
 */
import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';
import type { Db } from '../db/open-database.ts';
import { conflict } from '../http/problem.ts';
import { studentCodeHashes } from '../repositories/round-entities.ts';
import { roundExists } from '../repositories/rounds.ts';
import { loadRunResult, loadRunSnapshot, type RunInfoRow, type RunRound } from '../repositories/runs.ts';
import { roundRows, storeRound } from '../rounds/store-round.ts';
import { assignmentOfResult } from '../../solver/result-assignment.ts';
import type { Result } from '../../solver/schema.ts';
import { buildVacancyRound, type VacancyOptions } from '../../solver/vacancy-round.ts';
import { formatIssue, validateRound } from '../../solver/validate-round.ts';

const gunzipAsync = promisify(gunzip);
const readGzippedJson = async (bytes: Buffer): Promise<unknown> => JSON.parse((await gunzipAsync(bytes)).toString('utf8'));

/** `<id>`, or `<id>-2`, `<id>-3`, ... when a vacancy round of that name exists already. */
async function freeRoundId(db: Db, base: string): Promise<string> {
  for (let n = 1; ; n++) {
    const id = n === 1 ? base : `${base}-${n}`;
    if (!(await roundExists(db, id))) return id;
  }
}

export async function createVacancyRound(db: Db, run: RunInfoRow, round: RunRound, createdBy: string | null, options: VacancyOptions): Promise<string> {
  if (run.status !== 'done') throw conflict(`run ${run.id} is ${run.status}; a vacancy round needs a done run`);
  const solved = validateRound(await readGzippedJson(await loadRunSnapshot(db, run.id)));
  if (!solved.ok) throw new Error(`internal error: the snapshot of ${run.id} is not valid: ${solved.errors.slice(0, 3).map(formatIssue).join('; ')}`);
  const { assignment, problems } = assignmentOfResult(solved.model, (await readGzippedJson((await loadRunResult(db, run.id))!)) as Result);
  if (problems.length > 0) throw new Error(`internal error: the result of ${run.id} does not fit its snapshot: ${problems[0].message}`);
  const vacancies = buildVacancyRound(solved.model, assignment, options);
  const id = await freeRoundId(db, vacancies.round.id);
  const next = { ...vacancies, round: { ...vacancies.round, id } };
  const outcome = validateRound(next);
  if (!outcome.ok) throw new Error(`internal error: the vacancy round of ${run.id} is not valid: ${outcome.errors.slice(0, 3).map(formatIssue).join('; ')}`);
  const hashes = await studentCodeHashes(db, round.id);
  const codeHashes = new Map(next.students.filter((s) => hashes.has(s.id)).map((s) => [s.id, hashes.get(s.id)!]));
  await storeRound(db, { rows: roundRows(next), codeHashes, codeSalt: round.code_salt, createdBy, sourceRunId: run.id });
  return id;
}
