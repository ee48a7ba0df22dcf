/**
 * The shared run queue, at the level of its rows: claims, heartbeats, re-queueing of runs
 * whose instance stopped, and storing a result only under the claim that holds the run.
 * Instances are names here (A, B), on one database; the PostgreSQL-only race uses two
 * connection pools, as two processes would.
 */
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateRound } from '../../fixtures/generate-round.ts';
import { newRoundSalts } from '../../server/auth/personal-codes.ts';
import { insertInBatches } from '../../server/db/batches.ts';
import { migrateToLatest } from '../../server/db/migrate.ts';
import { openDatabase, type Database, type Db } from '../../server/db/open-database.ts';
import { findRound } from '../../server/repositories/rounds.ts';
import { claimNextRun, completeRun, failRun, findRun, recordProgress, requeueRuns, type FinishedRun, type RunClaim } from '../../server/repositories/runs.ts';
import { seedNationalReferenceData } from '../../server/repositories/reference-data.ts';
import { roundRows, storeRound } from '../../server/rounds/store-round.ts';
import { buildResultRows } from '../../server/runs/result-rows.ts';
import { buildRunSummary } from '../../server/runs/run-summary.ts';
import { RunQueue } from '../../server/runs/run-queue.ts';
import { startRun } from '../../server/runs/start-run.ts';
import { createLogger } from '../../server/logger.ts';
import { describeOutcome } from '../../solver/mechanism-comparison.ts';
import { solveRound } from '../../solver/solve-round.ts';
import { validateRound } from '../../solver/validate-round.ts';
import { smallRound } from './support/rounds.ts';
import { TEST_DIALECT, testDatabases, type TestDatabases } from './support/test-database.ts';

let databases: TestDatabases;
let location: string;
let database: Database;
let db: Db;
let finished: FinishedRun;
const ROUND = smallRound('claims');

/** What a solve worker sends back for ROUND, made here in-process. */
async function solveSmallRound(): Promise<FinishedRun> {
  const outcome = validateRound(ROUND);
  if (!outcome.ok) throw new Error('test round invalid');
  const solution = await solveRound(outcome.model, { threads: 1, document: ROUND });
  const { result } = solution;
  const rows = buildResultRows(solution);
  return {
    inputHash: result.inputHash,
    solver: { name: result.solver.name, version: result.solver.version },
    result: gzipSync(JSON.stringify(result)),
    summary: buildRunSummary(result, describeOutcome(solution.model, solution.compatibility, solution.mechanism, solution.assignment)),
    // In two slices, as the solve worker sends them.
    rows: [rows.slice(0, 3), rows.slice(3)],
    seconds: 0.1,
  };
}

async function newRun(): Promise<string> {
  return startRun(db, (await findRound(db, ROUND.round.id))!, { createdBy: null });
}

async function claimAs(instanceId: string, maxAttempts = 3): Promise<{ runId: string; claim: RunClaim }> {
  const run = await claimNextRun(db, instanceId, maxAttempts);
  if (!run) throw new Error('nothing to claim');
  return { runId: run.id, claim: { instanceId, attempt: run.attempts } };
}

/** Makes a run's heartbeat look a minute old, as if its instance had died then. */
async function silence(runId: string): Promise<void> {
  await db.updateTable('runs').set({ heartbeat_at: new Date(Date.now() - 60_000).toISOString() }).where('id', '=', runId).execute();
}

async function until(condition: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

const resultCount = async (runId: string) => Number((await db.selectFrom('results').select((eb) => eb.fn.countAll().as('n')).where('run_id', '=', runId).executeTakeFirstOrThrow()).n);

beforeAll(async () => {
  databases = testDatabases();
  location = await databases.create();
  database = openDatabase(location);
  db = database.db;
  await migrateToLatest(db);
  await seedNationalReferenceData(db);
  await storeRound(db, { rows: roundRows(ROUND), codeHashes: new Map(), salts: newRoundSalts(1), createdBy: null, sourceRunId: null });
  finished = await solveSmallRound();
});

afterAll(async () => {
  await database?.close();
  await databases.remove();
});

describe('claims', () => {
  it('take the oldest queued run, once', async () => {
    const first = await newRun();
    await new Promise((resolve) => setTimeout(resolve, 5));
    const second = await newRun();
    const a = await claimAs('A');
    const b = await claimAs('B');
    expect([a.runId, b.runId]).toEqual([first, second]);
    expect(await claimNextRun(db, 'A', 3)).toBeUndefined();
    expect(await findRun(db, first)).toMatchObject({ status: 'solving', claimed_by: 'A', attempts: 1 });
    await requeueRuns(db, { runIds: [first, second], countAttempt: false });
    await db.deleteFrom('runs').execute();
  });

  it('write heartbeats by the database clock, as ISO 8601 UTC text', async () => {
    const runId = await newRun();
    const { claim } = await claimAs('A');
    const before = Date.now();
    expect(await recordProgress(db, runId, claim, { phase: 'solve', percent: 40 })).toBe(true);
    const row = (await findRun(db, runId))!;
    expect(row.heartbeat_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    // The database runs on this machine: its clock and ours agree to well within a second.
    expect(Math.abs(Date.parse(row.heartbeat_at!) - before)).toBeLessThan(1000);
    expect(row).toMatchObject({ progress_phase: 'solve', progress_percent: 40 });
    await failRun(db, runId, claim, 'done with it');
  });
});

describe('runs whose instance stopped', () => {
  it('are re-queued once their heartbeat is stale, unless named as alive', async () => {
    const runId = await newRun();
    await claimAs('A');
    expect(await requeueRuns(db, { staleMs: 30_000, countAttempt: true })).toBe(0);
    await silence(runId);
    expect(await requeueRuns(db, { staleMs: 30_000, exceptRunIds: [runId], countAttempt: true })).toBe(0);
    expect(await requeueRuns(db, { staleMs: 30_000, countAttempt: true })).toBe(1);
    expect(await findRun(db, runId)).toMatchObject({ status: 'queued', claimed_by: null, attempts: 1, progress_phase: 'queued' });
    const again = await claimAs('B');
    expect(again).toEqual({ runId, claim: { instanceId: 'B', attempt: 2 } });
    await failRun(db, runId, again.claim, 'done with it');
  });

  it('are given up after RUN_MAX_ATTEMPTS claims', async () => {
    const runId = await newRun();
    for (let attempt = 1; attempt <= 2; attempt++) {
      await claimAs('A', 2);
      await silence(runId);
      await requeueRuns(db, { staleMs: 30_000, countAttempt: true });
    }
    expect(await claimNextRun(db, 'A', 2)).toBeUndefined();
    expect(await findRun(db, runId)).toMatchObject({ status: 'failed', error: expect.stringContaining('gave up after 2 attempts') });
  });
});

describe('a run taken over by another instance', () => {
  it('is heartbeaten, failed and stored only by the claim that holds it, once', async () => {
    const runId = await newRun();
    const run = (await findRun(db, runId))!;
    const a = await claimAs('A');
    await silence(runId);
    await requeueRuns(db, { staleMs: 30_000, countAttempt: true });
    const b = await claimAs('B');

    // A was only late: everything it still tries is refused, and changes nothing.
    expect(await recordProgress(db, runId, a.claim, { phase: 'solve', percent: 99 })).toBe(false);
    await failRun(db, runId, a.claim, 'A gave up');
    expect(await completeRun(db, run, a.claim, finished)).toBe(false);
    expect(await findRun(db, runId)).toMatchObject({ status: 'solving', claimed_by: 'B', error: null });
    expect(await resultCount(runId)).toBe(0);

    expect(await recordProgress(db, runId, b.claim, { phase: 'store', percent: 0 })).toBe(true);
    expect(await completeRun(db, run, b.claim, finished)).toBe(true);
    expect(await findRun(db, runId)).toMatchObject({ status: 'done', claimed_by: 'B' });
    expect(await resultCount(runId)).toBe(ROUND.students.length);

    // Stored once: a second completion is refused, and the table itself refuses a second set of rows.
    expect(await completeRun(db, run, b.claim, finished)).toBe(false);
    await expect(insertInBatches(db, 'results', [...finished.rows].flat(), { run_id: runId })).rejects.toThrow(/UNIQUE|duplicate key/);
    expect(await resultCount(runId)).toBe(ROUND.students.length);
  });
});

describe('an instance that was only late', () => {
  it('drops its solve at its next heartbeat once another instance took the run over', async () => {
    const generated = generateRound({ students: 10_000, seed: 3 });
    const round = { ...generated, round: { ...generated.round, id: 'late' } };
    await storeRound(db, { rows: roundRows(round), codeHashes: new Map(), salts: newRoundSalts(1), createdBy: null, sourceRunId: null });
    const runId = await startRun(db, (await findRound(db, 'late'))!, { createdBy: null });
    const lines: string[] = [];
    const config = { instanceId: 'A', runConcurrency: 1, runMaxAttempts: 3, solverThreads: 1, solverNice: 0, runHeartbeatMs: 50, runStaleMs: 60_000 };
    const queue = new RunQueue(db, config, createLogger('warn', (line) => lines.push(line)));
    await queue.start();
    try {
      await until(async () => (await findRun(db, runId))?.status === 'solving');
      // What B does when it finds A's heartbeat stale and claims the run: a later attempt under its name.
      await db.updateTable('runs').set((eb) => ({ claimed_by: 'B', attempts: eb('attempts', '+', 1) })).where('id', '=', runId).execute();
      await until(async () => !queue.isActive(runId));
      expect(lines.join('')).toContain('run taken over by another instance');
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(await findRun(db, runId)).toMatchObject({ status: 'solving', claimed_by: 'B', attempts: 2 });
      expect(await resultCount(runId)).toBe(0);
    } finally {
      await queue.stop();
    }
    // Stopping puts back only what A holds: B's run stays B's.
    expect(await findRun(db, runId)).toMatchObject({ status: 'solving', claimed_by: 'B' });
    await db.deleteFrom('runs').where('id', '=', runId).execute();
  });
});

describe.runIf(TEST_DIALECT === 'postgres')('instances claiming at the same moment (PostgreSQL)', () => {
  it('each get different runs, and every run goes to exactly one', async () => {
    await db.deleteFrom('runs').execute();
    const runIds = new Set<string>();
    for (let i = 0; i < 12; i++) runIds.add(await newRun());
    // Four pools, as four processes would have, claiming all at once until the queue is empty.
    const instances = await Promise.all(['A', 'B', 'C', 'D'].map(async (name) => ({ name, database: openDatabase(location, { poolSize: 3 }) })));
    try {
      const claimed = await Promise.all(
        instances.flatMap(({ name, database: other }) =>
          [1, 2, 3].map(async () => {
            const mine: string[] = [];
            for (let run = await claimNextRun(other.db, name, 3); run; run = await claimNextRun(other.db, name, 3)) mine.push(run.id);
            return mine;
          }),
        ),
      );
      const all = claimed.flat();
      expect(all.length).toBe(12);
      expect(new Set(all)).toEqual(runIds);
      const rows = await db.selectFrom('runs').select(['status', 'attempts']).execute();
      expect(rows.every((row) => row.status === 'solving' && row.attempts === 1)).toBe(true);
    } finally {
      await Promise.all(instances.map(({ database: other }) => other.close()));
    }
  });
});
