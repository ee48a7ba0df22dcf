/** Health, tokens for the widget, reference data and CSV templates. */
import { createRoute } from '@hono/zod-openapi';
import { sql } from 'kysely';
import { requireKey } from '../auth/permissions.ts';
import { forbidden } from '../http/problem.ts';
import { ReferenceItemSchema, TokenRequestSchema, TokenSchema } from '../http/api-schemas.ts';
import { createRouter, json, jsonBody, problems, roles, z } from '../http/openapi.ts';
import { pageSchema } from '../http/pagination.ts';
import { createToken } from '../repositories/api-keys.ts';
import { listRegions, listSpecialties } from '../repositories/reference-data.ts';
import { csvTemplate } from '../rounds/csv-columns.ts';
import type { Services } from '../services.ts';
import { SOLVER } from '../../solver/version.ts';

const health = createRoute({
  method: 'get',
  path: '/health',
  tags: ['system'],
  summary: 'Liveness and database check',
  ...roles('everyone'),
  responses: { 200: json(z.object({ status: z.literal('ok'), version: z.string() }), 'The service is up and its database answers') },
});

const tokens = createRoute({
  method: 'post',
  path: '/tokens',
  tags: ['system'],
  summary: 'Exchange an API key for a short-lived token',
  description:
    'Tokens carry the role and scope of their key and expire after TOKEN_TTL_SECONDS (15 minutes by default). A `readOnly` token can only read: the kind a site puts in a public page, so that no key ever appears in markup.',
  ...roles('admin', 'office', 'enterprise (with a key, not a token)'),
  request: { body: jsonBody(TokenRequestSchema, 'Options (may be omitted)', false) },
  responses: { 201: json(TokenSchema, 'The token'), ...problems(401, 403, 422) },
});

const ReferenceList = pageSchema(ReferenceItemSchema);

const regions = createRoute({
  method: 'get',
  path: '/regions',
  tags: ['reference'],
  summary: 'Regions (ISO 3166-2 codes) with names in English, Russian and Kazakh',
  description: 'A short list, sent whole (`nextCursor` is always null).',
  ...roles('everyone'),
  responses: { 200: json(ReferenceList, 'All regions') },
});

const specialties = createRoute({
  method: 'get',
  path: '/specialties',
  tags: ['reference'],
  summary: 'Specialties with names in English, Russian and Kazakh',
  description: 'A short list, sent whole (`nextCursor` is always null).',
  ...roles('everyone'),
  responses: { 200: json(ReferenceList, 'All specialties') },
});

const template = createRoute({
  method: 'get',
  path: '/templates/{file}',
  tags: ['imports'],
  summary: 'CSV template for student or offer imports',
  description: 'The header with one example row, UTF-8 with BOM. docs/api.md describes every column.',
  ...roles('everyone'),
  request: { params: z.object({ file: z.enum(['students.csv', 'offers.csv']) }) },
  responses: { 200: { description: 'The template', content: { 'text/csv': { schema: z.string() } } }, ...problems(400) },
});

export function systemRoutes(services: Services) {
  const { db, reader, config } = services;
  return createRouter()
    .openapi(health, async (c) => {
      await sql`select 1`.execute(reader);
      return c.json({ status: 'ok' as const, version: SOLVER.version }, 200);
    })
    .openapi(tokens, async (c) => {
      const principal = c.get('principal');
      requireKey(principal);
      if (principal.credential === 'token') throw forbidden('a token cannot mint tokens; use the API key');
      const { readOnly } = c.req.valid('json');
      const token = await createToken(db, principal.keyId, config.tokenTtlSeconds, readOnly ?? false);
      return c.json({ token: token.value, expiresAt: token.expiresAt, role: principal.role, readOnly: readOnly ?? false }, 201);
    })
    .openapi(regions, async (c) => c.json({ items: await listRegions(reader), nextCursor: null }, 200))
    .openapi(specialties, async (c) => c.json({ items: await listSpecialties(reader), nextCursor: null }, 200))
    .openapi(template, (c) => {
      const { file } = c.req.valid('param');
      const kind = file === 'students.csv' ? 'students' : 'offers';
      return c.body(csvTemplate(kind), 200, { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="${kind}-template.csv"` });
    });
}
