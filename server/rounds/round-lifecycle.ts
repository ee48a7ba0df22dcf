/**
 * A round's lifecycle: draft -> solved -> published (-> archived).
 *
 * - draft: being put together; editable; runs may be started.
 * - solved: a run of the current revision is done. Still editable: an edit makes it a draft
 *   again (its runs become stale), and more runs may be started.
 * - published: one run's results are public. Nothing changes any more.
 * - archived: put away; a published run stays public (students keep their lookup).
 */
import type { Db } from '../db/open-database.ts';
import type { RoundRow } from '../db/schema.ts';
import { conflict } from '../http/problem.ts';
import { lockRound, markEdited } from '../repositories/rounds.ts';
import type { RunInfoRow } from '../repositories/runs.ts';

export function requireEditable(round: Pick<RoundRow, 'id' | 'status'>): void {
  if (round.status !== 'draft' && round.status !== 'solved') {
    throw conflict(`round ${round.id} is ${round.status}; only draft and solved rounds can change (make a vacancy round for a follow-up)`);
  }
}

/**
 * One edit of a round's lists, all or nothing: refused unless the round as it is inside the
 * transaction still takes edits (a publish may have come first), and recorded as a new
 * revision once `edit` has done its part.
 */
export async function editRound<T>(db: Db, roundId: string, edit: (trx: Db) => Promise<T>): Promise<T> {
  return db.transaction().execute(async (trx) => {
    requireEditable((await lockRound(trx, roundId))!);
    const edited = await edit(trx);
    await markEdited(trx, roundId);
    return edited;
  });
}

export async function publishRun(db: Db, run: RunInfoRow): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const round = (await lockRound(trx, run.round_id))!;
    if (run.status !== 'done') throw conflict(`run ${run.id} is ${run.status}; only a done run can be published`);
    if (round.status === 'published' || round.status === 'archived') throw conflict(`round ${round.id} is already ${round.status}`);
    if (run.round_revision !== round.revision) {
      throw conflict(`round ${round.id} was edited after run ${run.id} took its snapshot (revision ${run.round_revision}, now ${round.revision}); start a new run`);
    }
    const now = new Date().toISOString();
    await trx.updateTable('runs').set({ published_at: now }).where('id', '=', run.id).execute();
    await trx.updateTable('rounds').set({ status: 'published', published_run_id: run.id, updated_at: now }).where('id', '=', round.id).execute();
  });
}

export async function archiveRound(db: Db, round: RoundRow): Promise<void> {
  if (round.status === 'archived') throw conflict(`round ${round.id} is already archived`);
  await db.updateTable('rounds').set({ status: 'archived', updated_at: new Date().toISOString() }).where('id', '=', round.id).where('status', '=', round.status).execute();
}
