/**
 * Loading a round or a run on behalf of a caller: 404 when it does not exist, 401/403 when the
 * caller may not see it, and otherwise how much the caller may see of it (`level`).
 *
 * A run's results are seen in full by the round's managers (admin, the office of its region);
 * once the run is published, an enterprise of the round sees its own assigned students and
 * everyone else the public view (aggregates and pseudonymous rows).
 */
import type { Db } from '../db/open-database.ts';
import type { RoundRow } from '../db/schema.ts';
import { forbidden, notFound, unauthorized } from '../http/problem.ts';
import { findRound } from '../repositories/rounds.ts';
import { findRunWithRound, type RunInfoRow, type RunRound } from '../repositories/runs.ts';
import { managesScope, requireRoundEditor, requireRoundManager } from './permissions.ts';
import type { PublishedRuns } from '../runs/published-runs.ts';
import type { Principal } from './principal.ts';

export type ViewLevel = 'manager' | 'enterprise' | 'public';

async function existingRound(db: Db, roundId: string): Promise<RoundRow> {
  const round = await findRound(db, roundId);
  if (!round) throw notFound(`there is no round "${roundId}"`);
  return round;
}

export async function roundForManager(db: Db, principal: Principal, roundId: string): Promise<RoundRow> {
  const round = await existingRound(db, roundId);
  requireRoundManager(principal, round);
  return round;
}

export async function roundForEditor(db: Db, principal: Principal, roundId: string): Promise<RoundRow> {
  const round = await existingRound(db, roundId);
  requireRoundEditor(principal, round);
  return round;
}

async function enterpriseInRound(db: Db, roundId: string, enterpriseId: string | null): Promise<boolean> {
  if (enterpriseId === null) return false;
  return (await db.selectFrom('enterprises').select('id').where('round_id', '=', roundId).where('id', '=', enterpriseId).executeTakeFirst()) !== undefined;
}

/** The round's info: managers always; an enterprise of the round; anyone once it has a published run. */
export async function roundForViewer(db: Db, principal: Principal, roundId: string): Promise<{ round: RoundRow; level: ViewLevel }> {
  const round = await existingRound(db, roundId);
  if (managesScope(principal, round.scope_region)) return { round, level: 'manager' };
  if (principal.role === 'enterprise' && (await enterpriseInRound(db, roundId, principal.enterprise))) return { round, level: 'enterprise' };
  if (round.published_run_id !== null) return { round, level: 'public' };
  if (principal.role === 'public') throw unauthorized('this round is not published; seeing it needs a key');
  throw forbidden('this key may not see this round');
}

/** Rounds an enterprise takes part in: it may list and change its own offers there. */
export async function roundForEnterprise(db: Db, principal: Principal, roundId: string): Promise<{ round: RoundRow; level: 'manager' | 'enterprise' }> {
  const round = await existingRound(db, roundId);
  if (managesScope(principal, round.scope_region)) return { round, level: 'manager' };
  if (principal.role === 'enterprise' && (await enterpriseInRound(db, roundId, principal.enterprise))) return { round, level: 'enterprise' };
  if (principal.role === 'public') throw unauthorized('this needs an API key or token');
  throw forbidden(principal.role === 'enterprise' ? `enterprise ${principal.enterprise} takes no part in round ${roundId}` : 'this key may not see this round');
}

async function existingRun(db: Db, runId: string): Promise<{ run: RunInfoRow; round: RunRound }> {
  const found = await findRunWithRound(db, runId);
  if (!found) throw notFound(`there is no run "${runId}"`);
  return found;
}

export async function runForViewer(db: Db, principal: Principal, runId: string): Promise<{ run: RunInfoRow; round: RunRound; level: ViewLevel }> {
  const { run, round } = await existingRun(db, runId);
  if (managesScope(principal, round.scope_region)) return { run, round, level: 'manager' };
  if (round.published_run_id !== run.id) {
    if (principal.role === 'public') throw unauthorized('this run is not published; seeing it needs a key');
    throw forbidden('this key may not see this run');
  }
  const takesPart = principal.role === 'enterprise' && (await enterpriseInRound(db, round.id, principal.enterprise));
  return { run, round, level: takesPart ? 'enterprise' : 'public' };
}

/** runForViewer, answered from memory for the public's requests about a run known to be published. */
export async function runForViewerRemembering(db: Db, published: PublishedRuns, principal: Principal, runId: string): Promise<{ run: RunInfoRow; round: RunRound; level: ViewLevel }> {
  const known = principal.role === 'public' ? published.get(runId) : undefined;
  if (known) return { run: known.run, round: known.round, level: 'public' };
  const found = await runForViewer(db, principal, runId);
  if (found.level === 'public') published.remember(found);
  return found;
}

export async function runForManager(db: Db, principal: Principal, runId: string): Promise<{ run: RunInfoRow; round: RunRound }> {
  const found = await existingRun(db, runId);
  requireRoundManager(principal, found.round);
  return found;
}

export async function runForEditor(db: Db, principal: Principal, runId: string): Promise<{ run: RunInfoRow; round: RunRound }> {
  const found = await runForManager(db, principal, runId);
  requireRoundEditor(principal, found.round);
  return found;
}
