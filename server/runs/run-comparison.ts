/**
 * Two runs of a round side by side (typically the optimal and the stable mechanism on the
 * same input): the solver's description of each outcome (solver/mechanism-comparison.ts,
 * stored with the run: students placed, choices got, distance, justified envy), and how many
 * students' outcomes differ. Nothing is solved again.
 */
import type { Db } from '../db/open-database.ts';
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

async function changedOutcomes(db: Db, a: string, b: string): Promise<number> {
  const row = await db
    .selectFrom('results as ra')
    .innerJoin('results as rb', (join) => join.onRef('rb.student', '=', 'ra.student').on('rb.run_id', '=', b))
    .select((eb) => eb.fn.countAll().as('n'))
    .where('ra.run_id', '=', a)
    .where((eb) => eb.or([eb('ra.offer', '<>', eb.ref('rb.offer')), eb.and([eb('ra.offer', 'is', null), eb('rb.offer', 'is not', null)]), eb.and([eb('ra.offer', 'is not', null), eb('rb.offer', 'is', null)])]))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function compareRuns(db: Db, a: { row: RunInfoRow; info: RunInfo }, b: { row: RunInfoRow; info: RunInfo }): Promise<RunComparison> {
  const outcomeA = JSON.parse(a.row.outcome_json!) as MechanismOutcome;
  const outcomeB = JSON.parse(b.row.outcome_json!) as MechanismOutcome;
  return {
    a: a.info,
    b: b.info,
    outcomes: { a: outcomeA, b: outcomeB },
    rankDistribution: { a: [outcomeA.offList, ...outcomeA.rankCounts], b: [outcomeB.offList, ...outcomeB.rankCounts] },
    totalKm: { a: outcomeA.totalKm, b: outcomeB.totalKm },
    justifiedEnvy: { a: outcomeA.justifiedEnvy, b: outcomeB.justifiedEnvy },
    changedOutcomes: await changedOutcomes(db, a.row.id, b.row.id),
  };
}
