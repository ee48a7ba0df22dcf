/**
 * A done run's results: the summary (aggregates and shortage), result rows (paged, filtered,
 * sorted), a student's own outcome, and the exports. What a caller sees depends on its
 * level (access.ts): managers everything, enterprises their own assigned students once the
 * run is published, the public aggregates and pseudonymous rows of published runs.
 */
import { createRoute } from '@hono/zod-openapi';
import Papa from 'papaparse';
import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';
import type { Context } from 'hono';
import { runForManager, runForViewer, runForViewerRemembering } from '../auth/access.ts';
import type { Principal } from '../auth/principal.ts';
import { lookupKeyDerivation } from '../auth/lookup-key.ts';
import { codeHashing, lookupSecretMatches } from '../auth/personal-codes.ts';
import { requireKey } from '../auth/permissions.ts';
import { pseudonymiser } from '../auth/pseudonyms.ts';
import { IdParam, LookupKeySchema, LookupSchema, ResultRowSchema, RunSummarySchema, StudentOutcomeSchema } from '../http/api-schemas.ts';
import { clientAddress } from '../http/client.ts';
import { createRouter, json, jsonBody, problems, rawRoute, roles, z } from '../http/openapi.ts';
import { MAX_PAGE_SIZE } from '../http/pagination.ts';
import { badRequest, conflict, forbidden, invalid, notFound, ProblemError } from '../http/problem.ts';
import { streamText } from '../http/streaming.ts';
import type { CachedResponse } from '../http/response-cache.ts';
import { plainResponse } from '../http/response-headers.ts';
import { rejectOverLimit } from '../http/rate-limit.ts';
import { countResults, findStudentResult, RESULT_SORTS, resultPage, resultRowsInOrder, type ResultFilters, type ResultSort } from '../repositories/results.ts';
import { loadRunReport, loadRunResult, type RunInfoRow, type RunRound } from '../repositories/runs.ts';
import type { PublicSort } from '../runs/public-results-index.ts';
import { resultItem, studentOutcome } from '../runs/result-views.ts';
import type { Services } from '../services.ts';
import type { MechanismOutcome } from '../../solver/mechanism-comparison.ts';
import { ResultSchema } from '../../solver/schema.ts';

const RunParams = z.object({ runId: IdParam });
const gunzipAsync = promisify(gunzip);

function requireDone(run: RunInfoRow): void {
  if (run.status !== 'done') throw conflict(`run ${run.id} is ${run.status}; results exist once it is done`);
}

/**
 * Sends a JSON body. A body made for this caller alone (text, or bytes already rendered) is
 * private. Public views of a published run never change: they go through the response cache,
 * carry an ETag and may be kept by browsers and proxies for a minute.
 */
function sendJson(c: Context, body: string | Uint8Array<ArrayBuffer> | CachedResponse): Response {
  if (typeof body === 'string' || body instanceof Uint8Array) return plainResponse(c, body, 200, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'private, no-store' });
  const headers: Record<string, string> = { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'public, max-age=60', etag: body.etag, vary: 'Origin, Accept-Encoding' };
  if (c.req.header('if-none-match') === body.etag) return plainResponse(c, null, 304, headers);
  if (!/\bgzip\b/.test(c.req.header('accept-encoding') ?? '')) return plainResponse(c, body.body, 200, headers);
  headers['content-encoding'] = 'gzip';
  return plainResponse(c, body.gzipped, 200, headers);
}

/** The public sees pseudonyms: it may neither search nor sort by student id. */
function rejectStudentSearch(q: string | undefined, sort: ResultSort): void {
  if (q !== undefined || sort === 'student') {
    throw badRequest('searching or sorting by student id needs a key', [{ path: q !== undefined ? 'q' : 'sort', message: 'not available to the public', rule: 'forbidden-filter' }]);
  }
}

/** The cache key of a request: its path and query as sent (after the origin). */
function cacheKey(c: Context): string {
  const url = c.req.url;
  return url.slice(url.indexOf('/', url.indexOf('//') + 2));
}

const summary = createRoute({
  method: 'get',
  path: '/runs/{runId}/summary',
  tags: ['results'],
  summary: 'Summary, shortage table (with gap), placements by specialty and by region, recommendations',
  ...roles('admin', 'office (own region)', 'everyone (published runs)'),
  request: { params: RunParams },
  responses: { 200: json(RunSummarySchema, 'The summary'), 304: { description: 'Not modified (If-None-Match)' }, ...problems(401, 403, 404, 409) },
});

const ResultsQuery = z.object({
  specialty: z.string().optional(),
  region: z.string().optional().openapi({ description: "The student's home region." }),
  college: z.string().optional(),
  enterprise: z.string().optional(),
  offer: z.string().optional(),
  status: z.enum(['placed', 'unplaced']).optional(),
  q: z.string().min(1).max(200).optional().openapi({ description: 'Student ids starting with this (not for the public).' }),
  sort: z.enum(RESULT_SORTS).default('position').openapi({ description: 'position = the round file\'s order; `student` is not for the public. Rows without a rank, km or enterprise come last.' }),
  order: z.enum(['asc', 'desc']).default('asc'),
  cursor: z.string().max(2000).optional(),
  limit: z.coerce.number().int().min(1).max(MAX_PAGE_SIZE).default(50),
  count: z.enum(['true', 'false']).default('false').openapi({ description: 'Also count all matching rows (`total`).' }),
});

const results = createRoute({
  method: 'get',
  path: '/runs/{runId}/results',
  tags: ['results'],
  summary: 'Result rows: one per student, paged, filtered and sorted',
  description: 'Managers see every field; an enterprise sees its own assigned students (published runs); the public sees pseudonyms instead of ids and no names, scores or priority.',
  ...roles('admin', 'office (own region)', 'enterprise (own students, published runs)', 'everyone (published runs, pseudonymous)'),
  request: { params: RunParams, query: ResultsQuery },
  responses: {
    200: json(z.object({ items: z.array(ResultRowSchema), nextCursor: z.string().nullable(), total: z.number().int().optional() }), 'A page of rows'),
    304: { description: 'Not modified (If-None-Match)' },
    ...problems(400, 401, 403, 404, 409),
  },
});

const lookup = createRoute({
  method: 'post',
  path: '/runs/{runId}/lookup',
  tags: ['results'],
  summary: "A student's own outcome and why, given the student's id and personal code",
  description: `A wrong id and a wrong code get the same 404. Rate-limited per client address (RATE_LIMIT_LOOKUP a minute) and per student (LOOKUP_FAILURES_PER_STUDENT failures an hour).`,
  ...roles('everyone (published runs)'),
  request: { params: RunParams, body: jsonBody(LookupSchema, 'The student id and personal code') },
  responses: { 200: json(StudentOutcomeSchema, "The student's outcome"), ...problems(401, 403, 404, 409, 422, 429) },
});

const lookupKey = createRoute({
  method: 'get',
  path: '/runs/{runId}/lookup-key',
  tags: ['results'],
  summary: "How a client derives a student's lookup key from the personal code",
  description: 'A browser (the widget does) derives the key and sends it to `/lookup` instead of the code, so the deliberately slow hash runs on the client.',
  ...roles('everyone (published runs)'),
  request: { params: RunParams },
  responses: { 200: json(LookupKeySchema, "The round's key derivation"), ...problems(401, 403, 404, 409) },
});

const resultFile = createRoute({
  method: 'get',
  path: '/runs/{runId}/result.json',
  tags: ['results', 'exports'],
  summary: 'Export the result file (dual-match/result@1), exactly as the solver wrote it',
  ...roles('admin', 'office (own region)'),
  request: { params: RunParams },
  responses: { 200: json(ResultSchema, 'The result file'), ...problems(401, 403, 404, 409) },
});

const assignmentsCsv = createRoute({
  method: 'get',
  path: '/runs/{runId}/assignments.csv',
  tags: ['results', 'exports'],
  summary: 'Export the result rows as CSV (UTF-8 with BOM, for Excel)',
  description: 'Use `delimiter=semicolon` for spreadsheets set to a decimal-comma locale (Russian, Kazakh). An enterprise gets its own assigned students of a published run.',
  ...roles('admin', 'office (own region)', 'enterprise (own students, published runs)'),
  request: { params: RunParams, query: z.object({ delimiter: z.enum(['comma', 'semicolon']).default('comma'), status: z.enum(['placed', 'unplaced']).optional() }) },
  responses: { 200: { description: 'The CSV', content: { 'text/csv': { schema: z.string() } } }, ...problems(401, 403, 404, 409) },
});

const CSV_FIELDS = ['student', 'name', 'college', 'collegeName', 'specialty', 'region', 'status', 'offer', 'enterprise', 'enterpriseName', 'rank', 'km', 'reason', 'detail'] as const;

export function resultRoutes(services: Services) {
  const { reader, config, limits, publicCache, publicIndexes, lookupIndexes, publishedRuns } = services;
  const viewRun = (principal: Principal, runId: string) => runForViewerRemembering(reader, publishedRuns, principal, runId);
  /** A public answer already made, for a caller of the public role (who needs no access check). */
  const cachedForPublic = (c: Context): CachedResponse | undefined => (c.get('principal').role === 'public' ? publicCache.get(cacheKey(c)) : undefined);

  /**
   * A student's code hash and outcome (as the JSON the lookup sends): from the run's lookup
   * index once it is published and the index built, else from the database.
   */
  const findStudentOutcome = async (run: RunInfoRow, round: RunRound, student: string): Promise<{ codeHash: string | null; body: string | Uint8Array<ArrayBuffer> | null }> => {
    const published = round.published_run_id === run.id;
    const index = published ? lookupIndexes.get(run.id) : undefined;
    if (index) return index.find(student) ?? { codeHash: null, body: null };
    if (published) lookupIndexes.prepare(run.id, run.round_id);
    const { codeHash, row } = await findStudentResult(reader, run, student);
    return { codeHash, body: row ? JSON.stringify(studentOutcome(row)) : null };
  };

  const router = createRouter();
  rawRoute(router, summary, async (c, input) => {
    const hit = cachedForPublic(c);
    if (hit) return sendJson(c, hit);
    const { run, level } = await viewRun(c.get('principal'), input.param.runId);
    requireDone(run);
    const report = (await loadRunReport(reader, run.id))!;
    const outcome = JSON.parse(run.outcome_json!) as MechanismOutcome;
    const head = { run: run.id, round: run.round_id, mechanism: run.mechanism, inputHash: run.input_hash, publishedAt: run.published_at, summary: JSON.parse(run.summary_json!), justifiedEnvy: outcome.justifiedEnvy };
    // The stored report is spliced in as text: it can be large, and parsing it only to write it out again would be waste.
    const body = `${JSON.stringify(head).slice(0, -1)},${report.slice(1)}`;
    return sendJson(c, level === 'public' ? await publicCache.put(cacheKey(c), body) : body);
  });

  rawRoute(router, results, async (c, input) => {
    const hit = cachedForPublic(c);
    if (hit) return sendJson(c, hit);
    const principal = c.get('principal');
    const { runId } = input.param;
    const { q, sort, order, cursor, limit, count, ...columns } = input.query;
    const index = principal.role === 'public' ? publicIndexes.get(runId) : undefined;
    // A published run held in memory (there are indexes of published runs only, which the public may read).
    if (index) {
      rejectStudentSearch(q, sort);
      return sendJson(c, await publicCache.put(cacheKey(c), index.pageBody({ filters: columns, sort: sort as PublicSort, order, cursor, limit }, count === 'true')));
    }
    const { run, round, level } = await viewRun(principal, runId);
    requireDone(run);
    if (level === 'public') rejectStudentSearch(q, sort);
    const filters: ResultFilters = { ...columns, studentPrefix: q };
    if (level === 'enterprise' && principal.role === 'enterprise') filters.enterprise = principal.enterprise!;
    const page = await resultPage(reader, run.id, { filters, sort, order, cursor, limit });
    const pseudonym = pseudonymiser(round.code_salt, run.id);
    if (level === 'public') publicIndexes.prepare(run.id, round.code_salt);
    const body = JSON.stringify({
      items: page.rows.map((row) => resultItem(row, level, pseudonym)),
      nextCursor: page.nextCursor,
      ...(count === 'true' ? { total: await countResults(reader, run.id, filters) } : {}),
    });
    return sendJson(c, level === 'public' ? await publicCache.put(cacheKey(c), body) : body);
  });

  router
    .openapi(lookup, async (c) => {
      const principal = c.get('principal');
      rejectOverLimit(limits.lookup, clientAddress(c, config.trustProxy));
      const { run, round } = await viewRun(principal, c.req.valid('param').runId);
      requireDone(run);
      const { student, code, key } = c.req.valid('json');
      const hashing = codeHashing(round, config.codeHashCost);
      if (key !== undefined && hashing.form === 'scrypt') throw invalid("this run's round is from before lookup keys: send the personal code", [{ path: 'key', rule: 'code-only', message: 'send `code` instead' }]);
      const studentKey = `${round.id}:${student}`;
      if (limits.lookupFailures.blocked(studentKey)) throw new ProblemError(429, 'rate-limited', 'too many failed lookups for this student; try again later', { headers: { 'retry-after': '3600' } });
      const { codeHash, body } = await findStudentOutcome(run, round, student);
      const matches = await lookupSecretMatches(key !== undefined ? { key: Buffer.from(key, 'base64url') } : { code: code! }, hashing, student, codeHash);
      if (!matches || !body) {
        limits.lookupFailures.hit(studentKey);
        throw notFound('no student with this id and personal code in this run');
      }
      // Already rendered (c.json would render it again) from studentOutcome, which has the documented type.
      return sendJson(c, body) as never;
    });

  // Asked before every lookup the widget makes; a published round's salt never changes, so the public answer is cached like the others.
  rawRoute(router, lookupKey, async (c, input) => {
    const hit = cachedForPublic(c);
    if (hit) return sendJson(c, hit);
    const { run, round, level } = await viewRun(c.get('principal'), input.param.runId);
    requireDone(run);
    const hashing = codeHashing(round, config.codeHashCost);
    const body = JSON.stringify({ derivation: hashing.form === 'scrypt-sha256' ? lookupKeyDerivation(hashing.salt, hashing.cost) : null });
    return sendJson(c, level === 'public' ? await publicCache.put(cacheKey(c), body) : body);
  });

  rawRoute(router, resultFile, async (c, { param }) => {
    const { run } = await runForManager(reader, c.get('principal'), param.runId);
    requireDone(run);
    const gzipped = (await loadRunResult(reader, run.id))!;
    const headers = { 'content-type': 'application/json; charset=utf-8', 'content-disposition': `attachment; filename="${run.round_id}-${run.id}-result.json"`, vary: 'Accept-Encoding' };
    // Stored gzipped: sent as it is to clients that accept gzip, which is nearly all.
    if (/\bgzip\b/.test(c.req.header('accept-encoding') ?? '')) return c.body(new Uint8Array(gzipped), 200, { ...headers, 'content-encoding': 'gzip' });
    return c.body(new Uint8Array(await gunzipAsync(gzipped)), 200, headers);
  });

  rawRoute(router, assignmentsCsv, async (c, { param, query }) => {
    const principal = c.get('principal');
    const { run, round, level } = await runForViewer(reader, principal, param.runId);
    if (level === 'public') {
      requireKey(principal);
      throw forbidden('this key may not export this run');
    }
    requireDone(run);
    const filters: ResultFilters = { status: query.status };
    if (level === 'enterprise' && principal.role === 'enterprise') filters.enterprise = principal.enterprise!;
    const delimiter = query.delimiter === 'semicolon' ? ';' : ',';
    const fields = level === 'manager' ? CSV_FIELDS : CSV_FIELDS.filter((f) => f !== 'reason' && f !== 'detail');
    async function* csv() {
      yield '\uFEFF' + Papa.unparse([fields as unknown as string[]], { delimiter, newline: '\r\n' }) + '\r\n';
      for await (const rows of resultRowsInOrder(reader, run.id, filters)) {
        const items = rows.map((row) => resultItem(row, level, (id) => id) as Record<string, unknown>);
        yield Papa.unparse(items.map((item) => fields.map((f) => item[f] ?? '')), { delimiter, newline: '\r\n' }) + '\r\n';
      }
    }
    return streamText(c, csv(), { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="${round.id}-${run.id}-assignments.csv"` });
  });
  return router;
}
