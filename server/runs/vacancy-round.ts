/**
 * A vacancy round: the follow-up round of a run's leftovers (the solver's
 * buildVacancyRound: the unplaced students, the places nobody took, mobility optionally
 * widened), made from the run's own snapshot and result, so it matches what was solved even
 * if the round was edited since (vacancy-check.ts; a large run's on a worker thread). Students
 * keep their personal codes: the new round shares the old round's code salt.
 */
import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';
import type { Db } from '../db/open-database.ts';
import { conflict } from '../http/problem.ts';
import { studentCodeHashes } from '../repositories/round-entities.ts';
import { roundExists } from '../repositories/rounds.ts';
import { loadRunResult, loadRunSnapshot, type RunInfoRow, type RunRound } from '../repositories/runs.ts';
import { runCheck } from '../rounds/off-loop-checks.ts';
import { storeRound } from '../rounds/store-round.ts';
import { vacancyRoundId, type VacancyOptions } from '../../solver/vacancy-round.ts';

const gunzipAsync = promisify(gunzip);
const gunzippedText = async (bytes: Buffer): Promise<string> => (await gunzipAsync(bytes)).toString('utf8');

/** `<id>`, or `<id>-2`, `<id>-3`, ... when a vacancy round of that name exists already. */
async function freeRoundId(db: Db, base: string): Promise<string> {
  for (let n = 1; ; n++) {
    const id = n === 1 ? base : `${base}-${n}`;
    if (!(await roundExists(db, id))) return id;
  }
}

export async function createVacancyRound(db: Db, run: RunInfoRow, round: RunRound, createdBy: string | null, options: VacancyOptions): Promise<string> {
  if (run.status !== 'done') throw conflict(`run ${run.id} is ${run.status}; a vacancy round needs a done run`);
  const snapshot = await gunzippedText(await loadRunSnapshot(db, run.id));
  const result = await gunzippedText((await loadRunResult(db, run.id))!);
  const id = await freeRoundId(db, vacancyRoundId(round.id));
  const rows = await runCheck('vacancy round', { runId: run.id, snapshot, result, id, options }, snapshot.length + result.length);
  // The old round's hashes: each vacancy student's is looked up by id as the rows are stored.
  const codeHashes = await studentCodeHashes(db, round.id);
  await storeRound(db, { rows, codeHashes, salts: round, createdBy, sourceRunId: run.id });
  return id;
}
