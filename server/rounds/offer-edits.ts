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
import { conflict, invalid, notFound } from '../http/problem.ts';
import { findEntity, insertEntities, nextPosition, regionsById, replaceEntity } from '../repositories/round-entities.ts';
import { parseHead } from '../repositories/rounds.ts';
import { OfferSchema, type Offer } from '../../solver/schema.ts';
import { applyPatch } from './entity-patch.ts';
import { offerRow } from './entity-rows.ts';
import { editRound } from './round-lifecycle.ts';

export async function createOffer(db: Db, round: RoundRow, principal: KeyPrincipal, offer: Offer): Promise<Offer> {
  requireOwnEnterprise(principal, offer.enterprise);
  const specialties = new Set(parseHead(round).specialties.map((s) => s.code));
  return editRound(db, round.id, async (trx) => {
    const enterpriseRegion = (await regionsById(trx, round.id, 'enterprises')).get(offer.enterprise);
    const errors = [];
    if (enterpriseRegion === undefined) errors.push({ path: 'enterprise', rule: 'reference', message: `unknown enterprise "${offer.enterprise}"` });
    if (!specialties.has(offer.specialty)) errors.push({ path: 'specialty', rule: 'reference', message: `unknown specialty "${offer.specialty}"` });
    if (errors.length > 0) throw invalid('the offer refers to what the round does not have', errors);
    if (await findEntity(trx, round.id, 'offers', offer.id)) throw conflict(`round ${round.id} already has an offer "${offer.id}"`);
    await insertEntities(trx, 'offers', [offerRow(round.id, offer, await nextPosition(trx, round.id, 'offers'), enterpriseRegion!)]);
    return offer;
  });
}

export async function patchOffer(db: Db, round: RoundRow, principal: KeyPrincipal, offerId: string, patch: z.infer<typeof OfferPatchSchema>): Promise<Offer> {
  return editRound(db, round.id, async (trx) => {
    const row = await findEntity(trx, round.id, 'offers', offerId);
    if (!row) throw notFound(`round ${round.id} has no offer "${offerId}"`);
    requireOwnEnterprise(principal, row.enterprise);
    const offer = applyPatch(row.data, patch, OfferSchema, 'offer');
    await replaceEntity(trx, 'offers', offerRow(round.id, offer, row.position, row.region));
    return offer;
  });
}
