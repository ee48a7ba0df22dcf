/**
 * Rounds: list, import (a whole round file, or CSV of students or offers), read, export,
 * archive. Imports are declared for /openapi.json but read their bodies themselves: a round
 * file is validated by the solver's validator (all errors, with paths) and CSV by the column
 * mapping, not by a generic schema check.
 */
import { createRoute } from '@hono/zod-openapi';
import { roundForEditor, roundForManager, roundForViewer } from '../auth/access.ts';
import { requireRole, requireWritable } from '../auth/permissions.ts';
import { keyIdOf, type Principal } from '../auth/principal.ts';
import type { Db } from '../db/open-database.ts';
import type { RoundRow } from '../db/schema.ts';
import { CsvImportedSchema, IdParam, ImportedRoundSchema, RoundInfoSchema, RoundStatusSchema, type RoundInfo } from '../http/api-schemas.ts';
import { createRouter, json, problems, rawRoute, roles, z } from '../http/openapi.ts';
import { decodeCursor, PageQuery, pageSchema } from '../http/pagination.ts';
import { readCsvBody, readJsonText } from '../http/request-body.ts';
import { findRound, listRounds, parseHead, ROUND_SORTS, roundCounts, toRoundInfo } from '../repositories/rounds.ts';
import { listRunsOfRound, toRunInfo } from '../repositories/runs.ts';
import { importCsv } from '../rounds/csv-import.ts';
import { importRoundFile } from '../rounds/import-round.ts';
import { loadEntityLists, roundDocumentChunks } from '../rounds/round-document.ts';
import { archiveRound, requireEditable } from '../rounds/round-lifecycle.ts';
import type { Services } from '../services.ts';
import { RoundSchema } from '../../solver/schema.ts';
import { streamText } from '../http/streaming.ts';

const RoundParams = z.object({ roundId: IdParam });

/** The round as the caller may see it: managers also get the counts and the runs. */
export async function roundInfoFor(db: Db, round: RoundRow, withDetails: boolean): Promise<RoundInfo> {
  const info = toRoundInfo(round);
  if (!withDetails) return info;
  const runs = await listRunsOfRound(db, round.id);
  return { ...info, counts: await roundCounts(db, round.id), runs: runs.map((run) => toRunInfo(run, round.revision)) };
}

function visibleRounds(principal: Principal) {
  switch (principal.role) {
    case 'admin':
      return { kind: 'all' } as const;
    case 'office':
      return { kind: 'region', region: principal.region! } as const;
    case 'enterprise':
      return { kind: 'enterprise', enterprise: principal.enterprise! } as const;
    default:
      return { kind: 'published' } as const;
  }
}

const list = createRoute({
  method: 'get',
  path: '/rounds',
  tags: ['rounds'],
  summary: 'List rounds',
  description: 'Admins see all rounds, offices those of their region, enterprises those they take part in, the public those with a published run.',
  ...roles('everyone (what each sees differs)'),
  request: {
    query: z.object({
      status: RoundStatusSchema.optional(),
      region: z.string().optional().openapi({ description: "The round's scope region." }),
      sort: z.enum(Object.keys(ROUND_SORTS) as [keyof typeof ROUND_SORTS]).default('id'),
      ...PageQuery,
    }),
  },
  responses: { 200: json(pageSchema(RoundInfoSchema), 'A page of rounds'), ...problems(400, 401) },
});

const importRound = createRoute({
  method: 'post',
  path: '/rounds',
  tags: ['rounds', 'imports'],
  summary: 'Import a whole round file (dual-match/round@1)',
  description:
    'All or nothing. Students may carry an additive `code` (their personal code); the others get a generated code, returned once in `codes`. Offices import rounds of their region; national rounds (`scope: null`) need admin. Up to IMPORT_BODY_LIMIT_BYTES (200 MB by default).',
  ...roles('admin', 'office (own region)'),
  request: { body: { content: { 'application/json': { schema: RoundSchema } }, required: true } },
  responses: { 201: json(ImportedRoundSchema, 'The round was imported as a draft'), ...problems(400, 401, 403, 409, 413, 415, 422) },
});

const get = createRoute({
  method: 'get',
  path: '/rounds/{roundId}',
  tags: ['rounds'],
  summary: 'A round: status, scope, counts, runs, published run',
  ...roles('admin', 'office (own region)', 'enterprise (taking part)', 'public (published rounds; no counts or runs)'),
  request: { params: RoundParams },
  responses: { 200: json(RoundInfoSchema, 'The round'), ...problems(401, 403, 404) },
});

const exportRound = createRoute({
  method: 'get',
  path: '/rounds/{roundId}/round.json',
  tags: ['rounds', 'exports'],
  summary: 'Export the round file (dual-match/round@1), as it stands now',
  ...roles('admin', 'office (own region)'),
  request: { params: RoundParams },
  responses: { 200: json(RoundSchema, 'The round file'), ...problems(401, 403, 404) },
});

const archive = createRoute({
  method: 'post',
  path: '/rounds/{roundId}/archive',
  tags: ['rounds'],
  summary: 'Archive the round',
  description: 'A published run stays public (students keep their lookup); nothing can change any more.',
  ...roles('admin', 'office (own region)'),
  request: { params: RoundParams },
  responses: { 200: json(RoundInfoSchema, 'The archived round'), ...problems(401, 403, 404, 409) },
});

const csvImport = (kind: 'students' | 'offers') =>
  createRoute({
    method: 'post',
    path: `/rounds/{roundId}/${kind}.csv`,
    tags: ['imports'],
    summary: `Import ${kind} from CSV`,
    description: `All or nothing; errors name the row and column. Comma or semicolon separated, UTF-8 with or without BOM; the columns are those of GET /templates/${kind}.csv (docs/api.md). \`mode=upsert\` (default) updates known ids and adds new ones; \`mode=replace\` makes the file the whole list.${kind === 'students' ? ' Students without a `code` get a generated one, returned once.' : ''}`,
    ...roles('admin', 'office (own region)'),
    request: {
      params: RoundParams,
      query: z.object({ mode: z.enum(['upsert', 'replace']).default('upsert') }),
      body: { content: { 'text/csv': { schema: z.string() } }, required: true },
    },
    responses: { 200: json(CsvImportedSchema, 'The rows were imported'), ...problems(400, 401, 403, 404, 409, 413, 415, 422) },
  });

export function roundRoutes(services: Services) {
  const { db, reader, config, logger } = services;
  const router = createRouter()
    .openapi(list, async (c) => {
      const query = c.req.valid('query');
      const page = await listRounds(reader, { ...query, visibleTo: visibleRounds(c.get('principal')), after: decodeCursor(query.cursor, 2) });
      return c.json(page, 200);
    })
    .openapi(get, async (c) => {
      const { round, level } = await roundForViewer(reader, c.get('principal'), c.req.valid('param').roundId);
      return c.json(await roundInfoFor(reader, round, level === 'manager'), 200);
    })
    .openapi(archive, async (c) => {
      const round = await roundForEditor(db, c.get('principal'), c.req.valid('param').roundId);
      await archiveRound(db, round);
      logger.info('round archived', { round: round.id, key: keyIdOf(c.get('principal')) });
      return c.json(toRoundInfo((await findRound(db, round.id))!), 200);
    });

  rawRoute(router, exportRound, async (c, { param }) => {
    const round = await roundForManager(db, c.get('principal'), param.roundId);
    // One state throughout (see startRun), so the four lists are of one revision.
    const lists = await db.transaction().setIsolationLevel('repeatable read').execute((trx) => loadEntityLists(trx, round.id));
    return streamText(c, roundDocumentChunks(parseHead(round), lists), { 'content-type': 'application/json; charset=utf-8', 'content-disposition': `attachment; filename="${round.id}.json"` });
  });

  for (const kind of ['students', 'offers'] as const) {
    rawRoute(router, csvImport(kind), async (c, { param, query }) => {
      const { mode } = query;
      const round = await roundForEditor(db, c.get('principal'), param.roundId);
      requireEditable(round);
      const outcome = await importCsv(db, round, kind, await readCsvBody(c), { mode, codeHashCost: config.codeHashCost });
      logger.info('CSV imported', { round: round.id, kind, mode, created: outcome.created, updated: outcome.updated, deleted: outcome.deleted, key: keyIdOf(c.get('principal')) });
      return c.json({ round: toRoundInfo((await findRound(db, round.id))!), ...outcome }, 200);
    });
  }

  rawRoute(router, importRound, async (c) => {
    const principal = c.get('principal');
    // Who may import at all is known before the body is read; the scope check needs the file.
    requireWritable(principal);
    requireRole(principal, ['admin', 'office']);
    const imported = await importRoundFile(db, principal, await readJsonText(c), { codeHashCost: config.codeHashCost });
    const round = (await findRound(db, imported.roundId))!;
    logger.info('round imported', { round: round.id, scope: round.scope_region, key: principal.keyId });
    c.header('location', `/api/v1/rounds/${encodeURIComponent(round.id)}`);
    return c.json({ ...(await roundInfoFor(db, round, true)), warnings: imported.warnings, warningCount: imported.warningCount, codes: imported.codes }, 201);
  });
  return router;
}
