/**
 * The lists of a round (colleges, enterprises, offers, students), offers published or changed
 * one at a time, and an enterprise's capacity and ranking changed. Admins and the round's
 * office see every list; an enterprise sees its own enterprise and offers, and may change
 * them (and add offers) while the round is open.
 */
import { createRoute } from '@hono/zod-openapi';
import { roundForEnterprise, roundForManager } from '../auth/access.ts';
import { requireWritable } from '../auth/permissions.ts';
import { ENTITY_ITEM_SCHEMAS, EnterprisePatchSchema, IdParam, OfferPatchSchema } from '../http/api-schemas.ts';
import { createRouter, json, jsonBody, problems, roles, z } from '../http/openapi.ts';
import { decodeCursor, PageQuery, pageSchema } from '../http/pagination.ts';
import { ENTITY_LISTS, listEntities } from '../repositories/round-entities.ts';
import { ENTITY_KINDS, type EntityKind } from '../rounds/entity-rows.ts';
import { patchEnterprise } from '../rounds/enterprise-edits.ts';
import { createOffer, patchOffer } from '../rounds/offer-edits.ts';
import type { Services } from '../services.ts';
import { EnterpriseSchema, OfferSchema } from '../../solver/schema.ts';

const RoundParams = z.object({ roundId: IdParam });

/** Lists an enterprise key may read, restricted to what is its own. */
const ENTERPRISE_SCOPE: Partial<Record<EntityKind, string>> = { offers: 'enterprise', enterprises: 'id' };

function listRoute(kind: EntityKind) {
  const { filters, sorts } = ENTITY_LISTS[kind];
  const filterParams = Object.fromEntries(filters.map((name) => [name, z.string().optional()]));
  return createRoute({
    method: 'get',
    path: `/rounds/{roundId}/${kind}`,
    tags: ['round data'],
    summary: `List the round's ${kind}`,
    description: `Items are the round file's entities, unknown fields included${kind === 'students' ? ', plus `hasCode` (never the code)' : ''}. Filter by ${filters.join(', ')}; sort by ${sorts.join(', ')} (position = the round file's order).`,
    ...(ENTERPRISE_SCOPE[kind] ? roles('admin', 'office (own region)', `enterprise (its own ${kind === 'offers' ? 'offers' : 'enterprise'})`) : roles('admin', 'office (own region)')),
    request: {
      params: RoundParams,
      query: z.object({ ...filterParams, sort: z.enum(sorts as unknown as [string, ...string[]]).default('position'), ...PageQuery }),
    },
    responses: { 200: json(pageSchema(ENTITY_ITEM_SCHEMAS[kind]), `A page of ${kind}`), ...problems(400, 401, 403, 404) },
  });
}

const createOfferRoute = createRoute({
  method: 'post',
  path: '/rounds/{roundId}/offers',
  tags: ['round data'],
  summary: 'Publish a new offer',
  description: 'Only while the round is a draft or solved; the round becomes a draft at a new revision.',
  ...roles('admin', 'office (own region)', 'enterprise (its own offers)'),
  request: { params: RoundParams, body: jsonBody(OfferSchema, 'The offer, as in a round file') },
  responses: { 201: json(OfferSchema, 'The offer'), ...problems(401, 403, 404, 409, 422) },
});

const patchOfferRoute = createRoute({
  method: 'patch',
  path: '/rounds/{roundId}/offers/{offerId}',
  tags: ['round data'],
  summary: "Change an offer's places, minimum score, languages or housing",
  description: 'Only while the round is a draft or solved; the round becomes a draft at a new revision.',
  ...roles('admin', 'office (own region)', 'enterprise (its own offers)'),
  request: { params: z.object({ roundId: IdParam, offerId: IdParam }), body: jsonBody(OfferPatchSchema, 'The fields to change') },
  responses: { 200: json(OfferSchema, 'The offer as it is now'), ...problems(401, 403, 404, 409, 422) },
});

const patchEnterpriseRoute = createRoute({
  method: 'patch',
  path: '/rounds/{roundId}/enterprises/{enterpriseId}',
  tags: ['round data'],
  summary: "Change an enterprise's capacity or its ranking of students",
  description:
    "`capacity`: the most students the enterprise takes across all its offers (`null`: the sum of its offers' places). `ranking`: students of the round, best first, each once, for all its offers (`null`: no ranking); an unknown or repeated id is a 422 naming `ranking[i]`. Only while the round is a draft or solved; the round becomes a draft at a new revision.",
  ...roles('admin', 'office (own region)', 'enterprise (its own)'),
  request: { params: z.object({ roundId: IdParam, enterpriseId: IdParam }), body: jsonBody(EnterprisePatchSchema, 'The fields to change') },
  responses: { 200: json(EnterpriseSchema, 'The enterprise as it is now'), ...problems(401, 403, 404, 409, 422) },
});

export function roundEntityRoutes(services: Services) {
  const { db, reader } = services;
  const router = createRouter();
  for (const kind of ENTITY_KINDS) {
    router.openapi(listRoute(kind), async (c) => {
      const { roundId } = c.req.valid('param');
      const query = c.req.valid('query');
      const { sort, order, cursor, limit } = query;
      const filters: Record<string, string | undefined> = Object.fromEntries(ENTITY_LISTS[kind].filters.map((name) => [name, (query as Record<string, unknown>)[name] as string | undefined]));
      const principal = c.get('principal');
      const scoped = ENTERPRISE_SCOPE[kind];
      const { round, level } = scoped ? await roundForEnterprise(reader, principal, roundId) : { round: await roundForManager(reader, principal, roundId), level: 'manager' };
      if (level === 'enterprise' && scoped && principal.role === 'enterprise') filters[scoped] = principal.enterprise!;
      const page = await listEntities(reader, round.id, kind, { filters, sort, order, after: decodeCursor(cursor, 2), limit });
      return c.json(page as never, 200);
    });
  }
  return router
    .openapi(createOfferRoute, async (c) => {
      const principal = c.get('principal');
      const { round } = await roundForEnterprise(db, principal, c.req.valid('param').roundId);
      requireWritable(principal);
      return c.json(await createOffer(db, round, principal, c.req.valid('json')), 201);
    })
    .openapi(patchOfferRoute, async (c) => {
      const principal = c.get('principal');
      const { roundId, offerId } = c.req.valid('param');
      const { round } = await roundForEnterprise(db, principal, roundId);
      requireWritable(principal);
      return c.json(await patchOffer(db, round, principal, offerId, c.req.valid('json')), 200);
    })
    .openapi(patchEnterpriseRoute, async (c) => {
      const principal = c.get('principal');
      const { roundId, enterpriseId } = c.req.valid('param');
      const { round } = await roundForEnterprise(db, principal, roundId);
      requireWritable(principal);
      return c.json(await patchEnterprise(db, round, principal, enterpriseId, c.req.valid('json')), 200);
    });
}
