/**
 * Runs: creating them (with the snapshot of their input), the queue's claims and
 * heartbeats, and their outcome. The queue is the `runs` table itself: `queued` rows wait,
 * a claim moves one to `solving` under an instance's name, and a finished run is `done` or
 * `failed`. Several instances sharing one database claim from it the same way; a run whose
 * heartbeat stopped (its instance died) is re-queued by whichever instance notices.
 */
import type { UpdateQueryBuilder, UpdateResult } from 'kysely';
import { databaseNow, lockingRows, type Db } from '../db/open-database.ts';
import type { DatabaseSchema, NewResultRow, RoundRow, RunRow } from '../db/schema.ts';
import { insertInBatches } from '../db/batches.ts';
import type { RunInfo } from '../http/api-schemas.ts';
import type { Mechanism, Policy, Summary } from '../../solver/schema.ts';
import type { RunSummaryPayload } from '../runs/run-summary.ts';

/** Every column but the two documents and the report, which only the worker, exports and the summary need. */
const INFO_COLUMNS = [
  'id', 'round_id', 'status', 'mechanism', 'policy_json', 'round_revision', 'input_hash', 'solver_name', 'solver_version',
  'summary_json', 'outcome_json', 'progress_phase', 'progress_percent', 'error', 'attempts', 'claimed_by', 'heartbeat_at', 'created_by',
  'created_at', 'started_at', 'finished_at', 'published_at', 'solve_seconds',
] as const;
export type RunInfoRow = Pick<RunRow, (typeof INFO_COLUMNS)[number]>;

/** `roundRevision`: the round's current revision, to tell whether the run is stale. */
export function toRunInfo(row: RunInfoRow, roundRevision: number): RunInfo {
  return {
    id: row.id,
    round: row.round_id,
    status: row.status,
    mechanism: row.mechanism as Mechanism,
    policy: JSON.parse(row.policy_json) as Policy,
    roundRevision: row.round_revision,
    stale: row.round_revision !== roundRevision,
    inputHash: row.input_hash,
    solver: row.solver_name === null ? null : { name: row.solver_name, version: row.solver_version ?? '' },
    progress: row.progress_phase === null ? null : { phase: row.progress_phase, percent: row.progress_percent ?? 0 },
    summary: row.summary_json === null ? null : (JSON.parse(row.summary_json) as Summary),
    error: row.error,
    createdAt: row.created_at,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    publishedAt: row.published_at,
    seconds: row.solve_seconds,
  };
}

export async function insertRun(
  db: Db,
  run: { id: string; roundId: string; mechanism: Mechanism; policy: Policy; roundRevision: number; snapshot: Buffer; createdBy: string | null },
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('runs')
      .values({
        id: run.id,
        round_id: run.roundId,
        status: 'queued',
        mechanism: run.mechanism,
        policy_json: JSON.stringify(run.policy),
        round_revision: run.roundRevision,
        input_hash: null,
        solver_name: null,
        solver_version: null,
        summary_json: null,
        outcome_json: null,
        progress_phase: 'queued',
        progress_percent: 0,
        error: null,
        claimed_by: null,
        heartbeat_at: null,
        created_by: run.createdBy,
        created_at: new Date().toISOString(),
        started_at: null,
        finished_at: null,
        published_at: null,
        solve_seconds: null,
      })
      .execute();
    await trx.insertInto('run_payloads').values({ run_id: run.id, snapshot: run.snapshot, result: null, report_json: null }).execute();
  });
}

/** What deciding access to a run needs of its round. */
export type RunRound = Pick<RoundRow, 'id' | 'scope_region' | 'published_run_id' | 'revision' | 'status' | 'code_salt' | 'lookup_salt' | 'lookup_cost'>;

/** A run and its round in one read: the hot path of every run and result endpoint. */
export async function findRunWithRound(db: Db, id: string): Promise<{ run: RunInfoRow; round: RunRound } | undefined> {
  const row = await db
    .selectFrom('runs')
    .innerJoin('rounds', 'rounds.id', 'runs.round_id')
    .select(INFO_COLUMNS.map((column) => `runs.${column}` as const))
    .select(['rounds.scope_region', 'rounds.published_run_id', 'rounds.revision', 'rounds.status as round_status', 'rounds.code_salt', 'rounds.lookup_salt', 'rounds.lookup_cost'])
    .where('runs.id', '=', id)
    .executeTakeFirst();
  if (!row) return undefined;
  const { scope_region, published_run_id, revision, round_status, code_salt, lookup_salt, lookup_cost, ...run } = row;
  return { run, round: { id: run.round_id, scope_region, published_run_id, revision, status: round_status, code_salt, lookup_salt, lookup_cost } };
}

export async function findRun(db: Db, id: string): Promise<RunInfoRow | undefined> {
  return db.selectFrom('runs').select(INFO_COLUMNS).where('id', '=', id).executeTakeFirst();
}

export async function listRunsOfRound(db: Db, roundId: string): Promise<RunInfoRow[]> {
  return db.selectFrom('runs').select(INFO_COLUMNS).where('round_id', '=', roundId).orderBy('created_at').orderBy('id').execute();
}

export async function loadRunSnapshot(db: Db, id: string): Promise<Buffer> {
  const row = await db.selectFrom('run_payloads').select('snapshot').where('run_id', '=', id).executeTakeFirstOrThrow();
  return row.snapshot;
}

export async function loadRunResult(db: Db, id: string): Promise<Buffer | null> {
  const row = await db.selectFrom('run_payloads').select('result').where('run_id', '=', id).executeTakeFirst();
  return row?.result ?? null;
}

/** The report of a done run as stored: JSON text of shortage, bySpecialty, byRegion, recommendations. */
export async function loadRunReport(db: Db, id: string): Promise<string | null> {
  const row = await db.selectFrom('run_payloads').select('report_json').where('run_id', '=', id).executeTakeFirst();
  return row?.report_json ?? null;
}

/**
 * Which claim of a run an instance holds: its name and the attempt it claimed. `attempts`
 * grows with every claim, so an instance that lost a run (its heartbeat was late and another
 * instance took the run over) no longer matches, even if the run came back to it since.
 */
export interface RunClaim {
  instanceId: string;
  attempt: number;
}

type RunsUpdate = UpdateQueryBuilder<DatabaseSchema, 'runs', 'runs', UpdateResult>;

/** Restricts an update to the run as long as `claim` still holds it. */
const stillClaimed = (query: RunsUpdate, claim: RunClaim): RunsUpdate =>
  query.where('status', '=', 'solving').where('claimed_by', '=', claim.instanceId).where('attempts', '=', claim.attempt);

/**
 * Claims the oldest queued run for this instance, or returns undefined when none waits. One
 * transaction: on PostgreSQL the queued row is locked (`for update skip locked`), so
 * instances claiming at the same moment each get a different run and never wait for each
 * other; on SQLite the single writer does the same. Runs that failed too often are given up
 * instead.
 */
export async function claimNextRun(db: Db, instanceId: string, maxAttempts: number): Promise<RunInfoRow | undefined> {
  return db.transaction().execute(async (trx) => {
    for (;;) {
      const oldest = trx.selectFrom('runs').select(['id', 'attempts']).where('status', '=', 'queued').orderBy('created_at').orderBy('id').limit(1);
      const next = await lockingRows(trx, oldest, { skipLocked: true }).executeTakeFirst();
      if (!next) return undefined;
      if (next.attempts >= maxAttempts) {
        await trx
          .updateTable('runs')
          .set({ status: 'failed', error: `gave up after ${next.attempts} attempts (the solver process stopped each time)`, finished_at: new Date().toISOString(), progress_phase: null })
          .where('id', '=', next.id)
          .where('status', '=', 'queued')
          .execute();
        continue;
      }
      const claimed = await trx
        .updateTable('runs')
        .set((eb) => ({
          status: 'solving',
          claimed_by: instanceId,
          heartbeat_at: databaseNow(trx),
          started_at: new Date().toISOString(),
          attempts: eb('attempts', '+', 1),
          progress_phase: 'validate',
          progress_percent: 0,
        }))
        .where('id', '=', next.id)
        .where('status', '=', 'queued')
        .executeTakeFirst();
      if (claimed.numUpdatedRows > 0n) return findRun(trx, next.id);
    }
  });
}

/**
 * The heartbeat of a solving run, which also records its progress (so that any instance can
 * tell it). False when `claim` no longer holds the run: another instance took it over.
 */
export async function recordProgress(db: Db, id: string, claim: RunClaim, progress: { phase: string; percent: number }): Promise<boolean> {
  const result = await stillClaimed(db.updateTable('runs').set({ progress_phase: progress.phase, progress_percent: progress.percent, heartbeat_at: databaseNow(db) }).where('id', '=', id), claim).executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** The database's clock (see databaseNow): the one clock heartbeats are written and judged by. */
async function databaseTime(db: Db): Promise<number> {
  const row = await db.selectNoFrom(databaseNow(db).as('now')).executeTakeFirstOrThrow();
  return Date.parse(row.now);
}

/**
 * Puts solving runs back in the queue: those `claimedBy` an instance, those of `runIds`,
 * those whose heartbeat is older than `staleMs` (their instance is gone), or any
 * combination; never those of `exceptRunIds`. `countAttempt: false` is for a graceful stop,
 * which is not the run's fault.
 */
export async function requeueRuns(
  db: Db,
  options: { claimedBy?: string; runIds?: string[]; staleMs?: number; exceptRunIds?: string[]; countAttempt: boolean },
): Promise<number> {
  if (options.runIds?.length === 0) return 0;
  let q = db
    .updateTable('runs')
    .set((eb) => ({ status: 'queued', claimed_by: null, progress_phase: 'queued', progress_percent: 0, attempts: options.countAttempt ? eb.ref('attempts') : eb('attempts', '-', 1) }))
    .where('status', '=', 'solving');
  if (options.claimedBy !== undefined) q = q.where('claimed_by', '=', options.claimedBy);
  if (options.runIds !== undefined) q = q.where('id', 'in', options.runIds);
  if (options.staleMs !== undefined) q = q.where('heartbeat_at', '<', new Date((await databaseTime(db)) - options.staleMs).toISOString());
  if (options.exceptRunIds?.length) q = q.where('id', 'not in', options.exceptRunIds);
  const result = await q.executeTakeFirst();
  return Number(result.numUpdatedRows);
}

export interface FinishedRun {
  inputHash: string;
  solver: { name: string; version: string };
  result: Buffer;
  summary: RunSummaryPayload;
  /** The result rows, in slices, read once and in order (each can be made as the store reaches it). */
  rows: Iterable<Omit<NewResultRow, 'run_id'>[]>;
  seconds: number;
}

/**
 * Stores a run's outcome in one transaction: its result rows, its documents, and `done`; a
 * round still at the run's revision becomes `solved`. Nothing of a run is visible before this
 * commits, so a crash half-way leaves a run that is simply solved again.
 *
 * Only the claim that still holds the run stores (the first statement checks, and keeps the
 * row locked until the commit); any other gets false and writes nothing. So a run that was
 * taken over, or given up, is never stored twice; and the results' primary key (run, position)
 * refuses a second set of rows whatever happens.
 */
export async function completeRun(db: Db, run: Pick<RunRow, 'id' | 'round_id' | 'round_revision'>, claim: RunClaim, finished: FinishedRun): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const now = new Date().toISOString();
    const update = trx
      .updateTable('runs')
      .set({
        status: 'done',
        input_hash: finished.inputHash,
        solver_name: finished.solver.name,
        solver_version: finished.solver.version,
        summary_json: JSON.stringify(finished.summary.summary),
        outcome_json: JSON.stringify(finished.summary.outcome),
        progress_phase: null,
        progress_percent: null,
        finished_at: now,
        heartbeat_at: databaseNow(trx),
        solve_seconds: finished.seconds,
      })
      .where('id', '=', run.id);
    const updated = await stillClaimed(update, claim).executeTakeFirst();
    if (updated.numUpdatedRows === 0n) return false;
    await trx.updateTable('run_payloads').set({ result: finished.result, report_json: JSON.stringify(reportOf(finished.summary)) }).where('run_id', '=', run.id).execute();
    for (const slice of finished.rows) await insertInBatches(trx, 'results', slice, { run_id: run.id });
    await trx
      .updateTable('rounds')
      .set({ status: 'solved', updated_at: now })
      .where('id', '=', run.round_id)
      .where('status', '=', 'draft')
      .where('revision', '=', run.round_revision)
      .execute();
    return true;
  });
}

function reportOf({ shortage, bySpecialty, byRegion, recommendations }: RunSummaryPayload) {
  return { shortage, bySpecialty, byRegion, recommendations };
}

/** Marks the run failed, as long as `claim` still holds it. */
export async function failRun(db: Db, id: string, claim: RunClaim, error: string): Promise<void> {
  const update = db.updateTable('runs').set({ status: 'failed', error, progress_phase: null, progress_percent: null, finished_at: new Date().toISOString() }).where('id', '=', id);
  await stillClaimed(update, claim).execute();
}
