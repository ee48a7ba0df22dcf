/**
 * An enterprise (or the round's office) changing what holds for all its offers at once: its
 * capacity (the most students it takes) and its ranking of students, best first. Only while
 * the round is a draft or solved; each edit moves the round to a new revision (earlier runs
 * become stale).
 */
import { requireOwnEnterprise } from '../auth/permissions.ts';
import type { KeyPrincipal } from '../auth/principal.ts';
import type { Db } from '../db/open-database.ts';
import type { RoundRow } from '../db/schema.ts';
import type { z } from '@hono/zod-openapi';
import type { EnterprisePatchSchema } from '../http/api-schemas.ts';
import { invalid, notFound, type ProblemIssue } from '../http/problem.ts';
import { findEntity, knownStudentIds, replaceEntity } from '../repositories/round-entities.ts';
import { EnterpriseSchema, type Enterprise } from '../../solver/schema.ts';
import { DEFAULT_ISSUE_CAP } from '../../solver/validate-round.ts';
import { applyPatch } from './entity-patch.ts';
import { enterpriseRow } from './entity-rows.ts';
import { editRound } from './round-lifecycle.ts';

/**
 * A round file may rank students of other rounds (only a warning there, solver/validate-round.ts);
 * an edit is one enterprise typing ids, where an unknown or repeated id is a slip to point out.
 */
async function checkRanking(db: Db, roundId: string, ranking: readonly string[]): Promise<void> {
  const known = await knownStudentIds(db, roundId, ranking);
  const firstAt = new Map<string, number>();
  const errors: ProblemIssue[] = [];
  ranking.forEach((id, k) => {
    const first = firstAt.get(id);
    if (first !== undefined) errors.push({ path: `ranking[${k}]`, rule: 'duplicate', message: `"${id}" is already ranked at ranking[${first}]` });
    else if (!known.has(id)) errors.push({ path: `ranking[${k}]`, rule: 'reference', message: `"${id}" is not a student of this round` });
    firstAt.set(id, first ?? k);
  });
  if (errors.length > 0) throw invalid(`the ranking has ${errors.length} unknown or repeated student${errors.length === 1 ? '' : 's'}`, errors.slice(0, DEFAULT_ISSUE_CAP), errors.length);
}

export async function patchEnterprise(db: Db, round: RoundRow, principal: KeyPrincipal, enterpriseId: string, patch: z.infer<typeof EnterprisePatchSchema>): Promise<Enterprise> {
  requireOwnEnterprise(principal, enterpriseId);
  return editRound(db, round.id, async (trx) => {
    const row = await findEntity(trx, round.id, 'enterprises', enterpriseId);
    if (!row) throw notFound(`round ${round.id} has no enterprise "${enterpriseId}"`);
    if (patch.ranking) await checkRanking(trx, round.id, patch.ranking);
    const enterprise = applyPatch(row.data, patch, EnterpriseSchema, 'enterprise');
    await replaceEntity(trx, 'enterprises', enterpriseRow(round.id, enterprise, row.position));
    return enterprise;
  });
}
