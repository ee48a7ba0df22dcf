/**
 * Two runs of a round side by side (typically the optimal and the stable mechanism on the
 * same input): the solver's description of each outcome (solver/mechanism-comparison.ts,
 * stored with the run: students placed, choices got, distance, justified envy), and how many
 * students' outcomes differ. Nothing is solved again.
 *
 * The count joins the two runs' results. On SQLite, whose queries are synchronous, that held
 * the event loop for 0.3-0.45 s for two 100,000-student runs, and every request waited behind
 * it; so for larger runs it is counted on a worker thread, through a connection of its own
 * (comparison-worker.ts). PostgreSQL counts in its own process.
 */
import { queriesHoldEventLoop, type Db } from '../db/open-database.ts';
import { answerOfWorker } from '../../solver/flow/typescript-worker.ts';
import type { RunInfo } from '../http/api-schemas.ts';
import type { RunInfoRow } from '../repositories/runs.ts';
import type { MechanismOutcome } from '../../solver/mechanism-comparison.ts';

export interface RunComparison {
  a: RunInfo;
  b: RunInfo;
  outcomes: { a: MechanismOutcome; b: MechanismOutcome };
  /** Index 0: placed off-list; index r: placed on the r-th choice. */
  rankDistribution: { a: number[]; b: number[] };
  totalKm: { a: number; b: number };
  justifiedEnvy: { a: number; b: number };
  /** Students of both runs whose outcome (offer, or unplaced) differs. */
  changedOutcomes: number;
}

/** Runs of up to this many students are compared on the event loop (a worker's start costs 0.4 s of CPU). */
const COMPARE_ON_LOOP_STUDENTS = 5_000;
const WORKER = new URL('./comparison-worker.ts', import.meta.url);

export async function changedOutcomes(db: Db, a: string, b: string): Promise<number> {
  const row = await db
    .selectFrom('results as ra')
    .innerJoin('results as rb', (join) => join.onRef('rb.student', '=', 'ra.student').on('rb.run_id', '=', b))
    .select((eb) => eb.fn.countAll().as('n'))
    .where('ra.run_id', '=', a)
    .where((eb) => eb.or([eb('ra.offer', '<>', eb.ref('rb.offer')), eb.and([eb('ra.offer', 'is', null), eb('rb.offer', 'is not', null)]), eb.and([eb('ra.offer', 'is not', null), eb('rb.offer', 'is', null)])]))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** On the loop or on a worker (see above). `location`: the database (DATABASE_URL or DATABASE_PATH), for the worker's connection. */
export async function countChangedOutcomes(db: Db, location: string, runs: { a: string; b: string; students: number }, onLoopUpTo = COMPARE_ON_LOOP_STUDENTS): Promise<number> {
  if (!queriesHoldEventLoop(db) || runs.students <= onLoopUpTo) return changedOutcomes(db, runs.a, runs.b);
  return answerOfWorker<number>(WORKER, { location, a: runs.a, b: runs.b }, `the comparison of runs ${runs.a} and ${runs.b}`);
}

export async function compareRuns(db: Db, location: string, a: { row: RunInfoRow; info: RunInfo }, b: { row: RunInfoRow; info: RunInfo }): Promise<RunComparison> {
  const outcomeA = JSON.parse(a.row.outcome_json!) as MechanismOutcome;
  const outcomeB = JSON.parse(b.row.outcome_json!) as MechanismOutcome;
  return {
    a: a.info,
    b: b.info,
    outcomes: { a: outcomeA, b: outcomeB },
    rankDistribution: { a: [outcomeA.offList, ...outcomeA.rankCounts], b: [outcomeB.offList, ...outcomeB.rankCounts] },
    totalKm: { a: outcomeA.totalKm, b: outcomeB.totalKm },
    justifiedEnvy: { a: outcomeA.justifiedEnvy, b: outcomeB.justifiedEnvy },
    changedOutcomes: await countChangedOutcomes(db, location, { a: a.row.id, b: b.row.id, students: Math.max(a.info.summary?.students ?? Infinity, b.info.summary?.students ?? Infinity) }),
  };
}
