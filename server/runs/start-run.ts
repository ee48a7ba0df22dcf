/**
 * Starting a run: the round's input as it is now becomes the run's snapshot (with the run's
 * mechanism and policy written into it), stored with the run, and the run joins the queue.
 * Later edits of the round change the round, never the snapshot.
 */
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import { randomId } from '../auth/secrets.ts';
import type { Db } from '../db/open-database.ts';
import type { RoundRow } from '../db/schema.ts';
import { findRound, parseHead } from '../repositories/rounds.ts';
import { insertRun } from '../repositories/runs.ts';
import { loadEntityLists, roundDocumentText } from '../rounds/round-document.ts';
import { requireEditable } from '../rounds/round-lifecycle.ts';
import type { Mechanism, Policy } from '../../solver/schema.ts';

const gzipAsync = promisify(gzip);
/** Well above a large round's compressed snapshot (2 MB for 100,000 students). */
const SNAPSHOT_CHUNK_BYTES = 16 * 1024 * 1024;

export async function startRun(db: Db, round: RoundRow, options: { mechanism?: Mechanism; policy?: Policy; createdBy: string | null }): Promise<string> {
  requireEditable(round);
  // One transaction that sees one state throughout (repeatable read: PostgreSQL's default
  // lets each statement see the latest commit), so the lists are those of a single revision.
  const { lists, current } = await db.transaction().setIsolationLevel('repeatable read').execute(async (trx) => ({ current: (await findRound(trx, round.id))!, lists: await loadEntityLists(trx, round.id) }));
  requireEditable(current);
  const head = parseHead(current);
  const mechanism = options.mechanism ?? (current.mechanism as Mechanism);
  const policy = { ...head.round.policy, ...options.policy };
  const text = roundDocumentText({ ...head, round: { ...head.round, mechanism, policy } }, lists);
  // Compressing 20 MB of JSON takes a while: zlib does it on the thread pool, off the event loop,
  // and in one go: by default it hands back every 16 kB, and each of those hundreds of
  // hand-backs waits for a turn of an event loop that may be busy with hundreds of requests.
  const snapshot = await gzipAsync(text, { chunkSize: SNAPSHOT_CHUNK_BYTES });
  const id = `run-${randomId()}`;
  await insertRun(db, { id, roundId: round.id, mechanism, policy, roundRevision: current.revision, snapshot, createdBy: options.createdBy });
  return id;
}
