/**
 * An enterprise (or the round's office) publishing a new offer or changing one: its places,
 * minimum score, languages or housing. Only while the round is a draft or solved; each edit
 * moves the round to a new revision (earlier runs become stale).
 */
import { requireOwnEnterprise } from '../auth/permissions.ts';
import type { KeyPrincipal } from '../auth/principal.ts';
import type { Db } from '../db/open-database.ts';
import type { RoundRow } from '../db/schema.ts';
import type { z } from '@hono/zod-openapi';
import type { OfferPatchSchema } from '../http/api-schemas.ts';
import { conflict, invalid, notFound, zodIssues } from '../http/problem.ts';
import { findOffer, insertEntities, nextPosition, regionsById, replaceOffer } from '../repositories/round-entities.ts';
import { findRound, markEdited, parseHead } from '../repositories/rounds.ts';
import { OfferSchema, type Offer } from '../../solver/schema.ts';
import { offerRow } from './entity-rows.ts';
import { requireEditable } from './round-lifecycle.ts';

/** Inside an edit's transaction: the round as it is now must still take edits (a publish may have come first). */
async function requireStillEditable(db: Db, roundId: string): Promise<void> {
  requireEditable((await findRound(db, roundId))!);
}

export async function createOffer(db: Db, round: RoundRow, principal: KeyPrincipal, offer: Offer): Promise<Offer> {
  requireOwnEnterprise(principal, offer.enterprise);
  const specialties = new Set(parseHead(round).specialties.map((s) => s.code));
  return db.transaction().execute(async (trx) => {
    await requireStillEditable(trx, round.id);
    const enterpriseRegion = (await regionsById(trx, round.id, 'enterprises')).get(offer.enterprise);
    const errors = [];
    if (enterpriseRegion === undefined) errors.push({ path: 'enterprise', rule: 'reference', message: `unknown enterprise "${offer.enterprise}"` });
    if (!specialties.has(offer.specialty)) errors.push({ path: 'specialty', rule: 'reference', message: `unknown specialty "${offer.specialty}"` });
    if (errors.length > 0) throw invalid('the offer refers to what the round does not have', errors);
    if (await findOffer(trx, round.id, offer.id)) throw conflict(`round ${round.id} already has an offer "${offer.id}"`);
    await insertEntities(trx, 'offers', [offerRow(round.id, offer, await nextPosition(trx, round.id, 'offers'), enterpriseRegion!)]);
    await markEdited(trx, round.id);
    return offer;
  });
}

export async function patchOffer(db: Db, round: RoundRow, principal: KeyPrincipal, offerId: string, patch: z.infer<typeof OfferPatchSchema>): Promise<Offer> {
  return db.transaction().execute(async (trx) => {
    await requireStillEditable(trx, round.id);
    const row = await findOffer(trx, round.id, offerId);
    if (!row) throw notFound(`round ${round.id} has no offer "${offerId}"`);
    requireOwnEnterprise(principal, row.enterprise);
    const changed: Record<string, unknown> = JSON.parse(row.data);
    for (const [field, value] of Object.entries(patch)) {
      if (value === null) delete changed[field];
      else if (value !== undefined) changed[field] = value;
    }
    const parsed = OfferSchema.safeParse(changed);
    if (!parsed.success) throw invalid('the offer would not be valid', zodIssues(parsed.error));
    await replaceOffer(trx, offerRow(round.id, parsed.data, row.position, row.region));
    await markEdited(trx, round.id);
    return parsed.data;
  });
}
