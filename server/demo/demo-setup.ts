/**
 * Demo mode (DEMO=1, the default outside production): a fresh database gets the demo round
 * (fixtures/demo/kostanay-2026-autumn.json, Kostanay Region), solved and published once so
 * the demo page shows results; a fixed, documented office key for its region; and a fixed
 * personal code for its first student, to try the lookup with.
 *
 * The fixed key is a published secret, so it exists only in demo mode outside production: a
 * start without demo mode (or in production) deletes it.
 */
import { readFile } from 'node:fs/promises';
import type { Config } from '../config.ts';
import type { Db } from '../db/open-database.ts';
import type { Logger } from '../logger.ts';
import { createApiKey, deleteApiKey, findActiveKey } from '../repositories/api-keys.ts';
import { findRound } from '../repositories/rounds.ts';
import { findRun, listRunsOfRound } from '../repositories/runs.ts';
import { importRoundFile } from '../rounds/import-round.ts';
import { publishRun } from '../rounds/round-lifecycle.ts';
import type { RunQueue } from '../runs/run-queue.ts';
import { startRun } from '../runs/start-run.ts';

const DEMO_ROUND_FILE = new URL('../../fixtures/demo/kostanay-2026-autumn.json', import.meta.url);
const DEMO_KEY = { id: 'demo-office', secret: 'kostanay-demo-office-key-not-for-production', region: 'KZ-39' } as const;
const DEMO_KEY_VALUE = `dmk_${DEMO_KEY.id}_${DEMO_KEY.secret}`;
const DEMO_STUDENT_CODE = 'DEMO-2026';

export interface DemoSetup {
  /** The fixed office key, when demo mode may have one. */
  officeKey: string | null;
  student: { id: string; code: string } | null;
  roundId: string | null;
}

/** The demo key: created in demo mode outside production, deleted otherwise. */
async function ensureDemoKey(db: Db, wanted: boolean): Promise<string | null> {
  const existing = await findActiveKey(db, DEMO_KEY.id);
  if (!wanted) {
    if (existing) await deleteApiKey(db, DEMO_KEY.id);
    return null;
  }
  if (!existing) await createApiKey(db, { role: 'office', region: DEMO_KEY.region, enterprise: null, label: 'demo office key (DEMO mode only)', origins: [] }, DEMO_KEY);
  return DEMO_KEY_VALUE;
}

/** Imports the demo round into an empty database; returns its id and first student. */
async function seedDemoRound(db: Db, config: Config, logger: Logger): Promise<{ roundId: string; studentId: string } | null> {
  const document = JSON.parse(await readFile(DEMO_ROUND_FILE, 'utf8')) as { round: { id: string }; students: Record<string, unknown>[] };
  const roundId = document.round.id;
  const studentId = document.students[0]?.id as string;
  if (await findRound(db, roundId)) return { roundId, studentId };
  const anyRound = await db.selectFrom('rounds').select('id').limit(1).executeTakeFirst();
  if (anyRound) return null;
  document.students[0] = { ...document.students[0], code: DEMO_STUDENT_CODE };
  await importRoundFile(db, { role: 'admin', keyId: 'demo-setup', region: null, enterprise: null, origins: [], credential: 'key', readOnly: false }, JSON.stringify(document), { codeHashCost: config.codeHashCost });
  logger.info('demo round imported', { round: roundId });
  return { roundId, studentId };
}

/**
 * Solves and publishes the untouched demo round once: it has no published run, and nobody
 * edited it (revision 1). Runs in the background; the server is already answering.
 */
export async function publishDemoRound(db: Db, runs: RunQueue, roundId: string, logger: Logger): Promise<void> {
  const round = await findRound(db, roundId);
  if (!round || round.published_run_id !== null || round.revision !== 1 || (round.status !== 'draft' && round.status !== 'solved')) return;
  const existing = await listRunsOfRound(db, roundId);
  let runId = (existing.find((r) => r.status === 'done') ?? existing.find((r) => r.status === 'queued' || r.status === 'solving'))?.id;
  if (!runId) {
    runId = await startRun(db, round, { createdBy: null });
    runs.kick();
  }
  await runs.settled(runId);
  const run = (await findRun(db, runId))!;
  if (run.status !== 'done') return;
  await publishRun(db, run);
  logger.info('demo round solved and published', { round: roundId, run: run.id });
}

export async function setUpDemo(db: Db, config: Config, logger: Logger): Promise<DemoSetup> {
  const officeKey = await ensureDemoKey(db, config.demo && !config.production);
  if (!config.demo) return { officeKey: null, student: null, roundId: null };
  const seeded = await seedDemoRound(db, config, logger);
  return { officeKey, roundId: seeded?.roundId ?? null, student: seeded ? { id: seeded.studentId, code: DEMO_STUDENT_CODE } : null };
}
