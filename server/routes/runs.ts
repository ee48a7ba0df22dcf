/**
 * Runs: start one (202 at once; the solve happens on a worker thread), follow it (polling
 * or Server-Sent Events), publish it, compare two, and make a vacancy round of its leftovers.
 */
import { createRoute } from '@hono/zod-openapi';
import { streamSSE } from 'hono/streaming';
import { roundForEditor, roundForManager, runForEditor, runForManager, runForViewer } from '../auth/access.ts';
import { keyIdOf } from '../auth/principal.ts';
import { IdParam, RoundInfoSchema, RunInfoSchema, StartRunSchema } from '../http/api-schemas.ts';
import { createRouter, json, jsonBody, problems, rawRoute, roles, z } from '../http/openapi.ts';
import { badRequest } from '../http/problem.ts';
import { findRound } from '../repositories/rounds.ts';
import { findRun, listRunsOfRound, toRunInfo } from '../repositories/runs.ts';
import { publishRun } from '../rounds/round-lifecycle.ts';
import { compareRuns } from '../runs/run-comparison.ts';
import type { RunEvent } from '../runs/run-queue.ts';
import { watchRun } from '../runs/run-watch.ts';
import { startRun } from '../runs/start-run.ts';
import { createVacancyRound } from '../runs/vacancy-round.ts';
import type { Services } from '../services.ts';
import { roundInfoFor } from './rounds.ts';

const RunParams = z.object({ runId: IdParam });
/** Comments keep idle proxies from closing a stream while a long solve reports nothing. */
const KEEP_ALIVE_MS = 15_000;

const start = createRoute({
  method: 'post',
  path: '/rounds/{roundId}/runs',
  tags: ['runs'],
  summary: 'Start a run: snapshot the round and solve it',
  description:
    "Answers 202 at once with the run's id; follow it with GET /runs/{runId} or its events. The snapshot is taken now: later edits of the round do not change it. The body may override the mechanism and policy knobs for this run.",
  ...roles('admin', 'office (own region)'),
  request: { params: z.object({ roundId: IdParam }), body: jsonBody(StartRunSchema, 'Overrides (may be omitted)', false) },
  responses: { 202: json(z.object({ runId: z.string(), run: RunInfoSchema }), 'The run is queued'), ...problems(401, 403, 404, 409, 422) },
});

const listOfRound = createRoute({
  method: 'get',
  path: '/rounds/{roundId}/runs',
  tags: ['runs'],
  summary: "The round's runs, oldest first",
  description: 'A round has few runs: the list comes whole (`nextCursor` is always null).',
  ...roles('admin', 'office (own region)'),
  request: { params: z.object({ roundId: IdParam }) },
  responses: { 200: json(z.object({ items: z.array(RunInfoSchema), nextCursor: z.null() }), 'The runs'), ...problems(401, 403, 404) },
});

const get = createRoute({
  method: 'get',
  path: '/runs/{runId}',
  tags: ['runs'],
  summary: 'A run: status, progress, summary (poll this where event streams are not available)',
  ...roles('admin', 'office (own region)', 'everyone (published runs)'),
  request: { params: RunParams },
  responses: { 200: json(RunInfoSchema, 'The run'), ...problems(401, 403, 404) },
});

const events = createRoute({
  method: 'get',
  path: '/runs/{runId}/events',
  tags: ['runs'],
  summary: "The run's progress as Server-Sent Events",
  description:
    'Events: `progress` `{ phase, percent }`, then `done` (the run, as GET /runs/{runId}) or `failed` `{ error }`, after which the stream ends. A finished run sends `done` or `failed` at once. EventSource cannot send an Authorization header: read the stream with fetch, or poll GET /runs/{runId}.',
  ...roles('admin', 'office (own region)', 'everyone (published runs)'),
  request: { params: RunParams },
  responses: { 200: { description: 'The event stream', content: { 'text/event-stream': { schema: z.string() } } }, ...problems(401, 403, 404) },
});

const publish = createRoute({
  method: 'post',
  path: '/runs/{runId}/publish',
  tags: ['runs'],
  summary: "Publish the run: its results become public and the round is published",
  description: 'The run must be done and of the round as it is now (not stale); a published round no longer changes.',
  ...roles('admin', 'office (own region)'),
  request: { params: RunParams },
  responses: { 200: json(RoundInfoSchema, 'The published round'), ...problems(401, 403, 404, 409) },
});

const vacancy = createRoute({
  method: 'post',
  path: '/runs/{runId}/vacancy-round',
  tags: ['runs'],
  summary: "Create a vacancy round from the run's leftovers",
  description:
    "A new draft round (`<round>-vacancies`) with the run's unplaced students and the places nobody took (solver/vacancy-round.ts). `widenKm` lets students travel that far: `region` becomes `{ maxKm }`. Students keep their personal codes.",
  ...roles('admin', 'office (own region)'),
  request: {
    params: RunParams,
    body: jsonBody(z.object({ widenKm: z.number().min(0).max(5000).optional().openapi({ description: "Widen every student's mobility to at least this many km." }) }).openapi('VacancyRequest'), 'Options (may be omitted)', false),
  },
  responses: { 201: json(RoundInfoSchema, 'The vacancy round'), ...problems(401, 403, 404, 409) },
});

const OutcomeSchema = z.object({
  mechanism: z.string(),
  students: z.number().int(),
  placed: z.number().int(),
  priorityPlaced: z.number().int(),
  priorityStudents: z.number().int(),
  rankCounts: z.array(z.number().int()).openapi({ description: 'rankCounts[r - 1]: students placed on their r-th choice.' }),
  offList: z.number().int(),
  unplaced: z.number().int(),
  totalKm: z.number(),
  justifiedEnvy: z.number().int().openapi({ description: 'Students with justified envy.' }),
});

const ComparisonSchema = z
  .object({
    a: RunInfoSchema,
    b: RunInfoSchema,
    outcomes: z.object({ a: OutcomeSchema, b: OutcomeSchema }).openapi({ description: "The solver's description of each outcome (solver/mechanism-comparison.ts)." }),
    rankDistribution: z.object({ a: z.array(z.number().int()), b: z.array(z.number().int()) }).openapi({ description: 'Index 0: placed off-list; index r: placed on the r-th choice.' }),
    totalKm: z.object({ a: z.number(), b: z.number() }),
    justifiedEnvy: z.object({ a: z.number().int(), b: z.number().int() }).openapi({ description: 'Students with justified envy in each allocation.' }),
    changedOutcomes: z.number().int().openapi({ description: 'Students whose outcome differs between the two runs.' }),
  })
  .openapi('RunComparison');

const compare = createRoute({
  method: 'get',
  path: '/runs/{a}/compare/{b}',
  tags: ['runs'],
  summary: 'Compare two done runs of the same round (e.g. optimal against stable)',
  ...roles('admin', 'office (own region)'),
  request: { params: z.object({ a: IdParam, b: IdParam }) },
  responses: { 200: json(ComparisonSchema, 'The comparison'), ...problems(400, 401, 403, 404, 409) },
});

export function runRoutes(services: Services) {
  const { db, reader, config, runs, logger, publicIndexes, lookupIndexes } = services;
  const router = createRouter()
    .openapi(start, async (c) => {
      const principal = c.get('principal');
      const round = await roundForEditor(db, principal, c.req.valid('param').roundId);
      const { mechanism, policy } = c.req.valid('json');
      const runId = await startRun(db, round, { mechanism, policy, createdBy: keyIdOf(principal) });
      runs.kick();
      c.header('location', `/api/v1/runs/${runId}`);
      return c.json({ runId, run: toRunInfo((await findRun(db, runId))!, round.revision) }, 202);
    })
    .openapi(listOfRound, async (c) => {
      const round = await roundForManager(reader, c.get('principal'), c.req.valid('param').roundId);
      const items = (await listRunsOfRound(reader, round.id)).map((run) => toRunInfo(run, round.revision));
      return c.json({ items, nextCursor: null }, 200);
    })
    .openapi(get, async (c) => {
      const { run, round } = await runForViewer(reader, c.get('principal'), c.req.valid('param').runId);
      return c.json(toRunInfo(run, round.revision), 200);
    })
    .openapi(publish, async (c) => {
      const { run, round } = await runForEditor(db, c.get('principal'), c.req.valid('param').runId);
      await publishRun(db, run);
      logger.info('run published', { round: run.round_id, run: run.id, key: keyIdOf(c.get('principal')) });
      // The public is about to come: this instance gets its rows ready now (others on first request).
      publicIndexes.prepare(run.id, round.code_salt);
      lookupIndexes.prepare(run.id, run.round_id);
      return c.json(await roundInfoFor(db, (await findRound(db, run.round_id))!, true), 200);
    })
    .openapi(vacancy, async (c) => {
      const principal = c.get('principal');
      const { run, round } = await runForEditor(db, principal, c.req.valid('param').runId);
      const id = await createVacancyRound(db, run, round, keyIdOf(principal), c.req.valid('json'));
      c.header('location', `/api/v1/rounds/${encodeURIComponent(id)}`);
      return c.json(await roundInfoFor(db, (await findRound(db, id))!, true), 201);
    })
    .openapi(compare, async (c) => {
      const principal = c.get('principal');
      const { a, b } = c.req.valid('param');
      const first = await runForManager(reader, principal, a);
      const second = await runForManager(reader, principal, b);
      if (first.run.round_id !== second.run.round_id) throw badRequest('the two runs belong to different rounds; compare runs of one round');
      for (const { run } of [first, second]) if (run.status !== 'done') throw badRequest(`run ${run.id} is ${run.status}; only done runs can be compared`);
      const info = (found: typeof first) => ({ row: found.run, info: toRunInfo(found.run, found.round.revision) });
      return c.json(await compareRuns(reader, config.database, info(first), info(second)), 200);
    });

  rawRoute(router, events, async (c, { param }) => {
    const { run, round } = await runForViewer(reader, c.get('principal'), param.runId);
    return streamSSE(c, async (stream) => {
      let finish!: () => void;
      const finished = new Promise<void>((resolve) => (finish = resolve));
      const send = async (event: RunEvent) => {
        if (event.type === 'progress') await stream.writeSSE({ event: 'progress', data: JSON.stringify({ phase: event.phase, percent: event.percent }) });
        else if (event.type === 'failed') await stream.writeSSE({ event: 'failed', data: JSON.stringify({ error: event.error }) });
        else await stream.writeSSE({ event: 'done', data: JSON.stringify(toRunInfo((await findRun(db, run.id))!, round.revision)) });
        if (event.type !== 'progress') finish();
      };
      // Events are written one after the other, in the order they came.
      let queue = Promise.resolve();
      const stop = watchRun(runs, reader, run.id, (event) => (queue = queue.then(() => send(event))), (error) => {
        logger.warn('a run event stream lost its run', { run: run.id, error: String(error) });
        finish();
      });
      const keepAlive = setInterval(() => void stream.write(': keep-alive\n\n'), KEEP_ALIVE_MS);
      stream.onAbort(finish);
      await finished;
      clearInterval(keepAlive);
      stop();
    });
  });
  return router;
}
