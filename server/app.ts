/**
 * The HTTP application: middleware in the order a request meets it, the API routes under
 * /api/v1, the OpenAPI document and the pages. Everything it needs comes in `services`, so a
 * test can build the same app over its own database.
 *
 * Order matters: security headers wrap everything; CORS answers preflights before anything
 * else looks at a request; body limits apply before a body is read; the caller is
 * identified before rate limits (which spare keys) and routes (which check roles).
 */
import { createMiddleware } from 'hono/factory';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { authenticate, type AuthEnv } from './auth/principal.ts';
import { bodyLimit } from './http/body-limit.ts';
import { clientAddress } from './http/client.ts';
import { rejectOverLimit, type RateLimiter } from './http/rate-limit.ts';
import { createRouter } from './http/openapi.ts';
import { cors } from './http/cors.ts';
import { forbidden, ProblemError, problemResponse, type ProblemType } from './http/problem.ts';
import { securityHeaders } from './http/security-headers.ts';
import { pageRoutes } from './routes/pages.ts';
import { resultRoutes } from './routes/results.ts';
import { roundEntityRoutes } from './routes/round-entities.ts';
import { roundRoutes } from './routes/rounds.ts';
import { runRoutes } from './routes/runs.ts';
import { systemRoutes } from './routes/system.ts';
import type { Services } from './services.ts';
import type { OpenApiDocument } from './static/docs-page.ts';
import { SOLVER } from '../solver/version.ts';

/** Bodies that may be large: whole round files and CSV imports. */
const IMPORT_PATH = /^\/api\/v1\/rounds(\/[^/]+\/(students|offers)\.csv)?$/;

const TYPE_OF_STATUS: Partial<Record<number, ProblemType>> = {
  400: 'bad-request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not-found',
  409: 'conflict',
  413: 'too-large',
  415: 'unsupported-media-type',
  422: 'validation',
  429: 'rate-limited',
  503: 'unavailable',
};

export function createApp(services: Services) {
  const { config, logger, reader, origins, limits } = services;
  const app = createRouter();

  app.onError((error, c) => {
    if (error instanceof ProblemError) return problemResponse(c, error);
    if (error instanceof HTTPException) {
      const type = TYPE_OF_STATUS[error.status] ?? 'bad-request';
      return problemResponse(c, new ProblemError(error.status as ContentfulStatusCode, type, error.message || undefined));
    }
    logger.error('unhandled error', { method: c.req.method, path: c.req.path, error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
    return problemResponse(c, new ProblemError(500, 'internal', 'the server failed to answer this request; it has been logged'));
  });
  app.notFound((c) => problemResponse(c, new ProblemError(404, 'not-found', `no such endpoint: ${c.req.method} ${c.req.path}`)));

  if (config.logLevel === 'debug') {
    app.use('*', async (c, next) => {
      const started = performance.now();
      await next();
      logger.debug('request', { method: c.req.method, path: c.req.path, status: c.res.status, ms: Math.round((performance.now() - started) * 10) / 10 });
    });
  }
  app.use('*', securityHeaders());
  app.use('/api/*', cors(origins));
  const smallBodies = bodyLimit(config.bodyLimitBytes, () => tooLarge(config.bodyLimitBytes));
  const largeBodies = bodyLimit(config.importBodyLimitBytes, () => tooLarge(config.importBodyLimitBytes));
  app.use('/api/*', (c, next) => (c.req.method === 'POST' && IMPORT_PATH.test(c.req.path) ? largeBodies(c, next) : smallBodies(c, next)));
  // Through the read-only connection: the writer's may be held by a long transaction (a run's results being stored).
  app.use('/api/*', authenticate(reader));
  app.use('/api/*', keyOrigins(origins, config.publicUrl));
  app.use('/api/*', publicRateLimit(limits.public, config.trustProxy));

  for (const routes of [systemRoutes, roundRoutes, roundEntityRoutes, runRoutes, resultRoutes]) app.route('/api/v1', routes(services));

  // Made once, on first use: by then every route is registered, and none is added later.
  let document: OpenApiDocument | undefined;
  const openApiDocument = () =>
    (document ??= app.getOpenAPI31Document({
      openapi: '3.1.0',
      info: { title: 'dual-match', version: SOLVER.version, description: 'Allocation rounds of vocational students to enterprise placements: rounds, runs, results and lookups.' },
      servers: [{ url: config.publicUrl ?? '/' }],
      security: [{ bearer: [] }, {}],
    }) as unknown as OpenApiDocument);
  app.openAPIRegistry.registerComponent('securitySchemes', 'bearer', { type: 'http', scheme: 'bearer', description: 'An API key (dmk_…) or a token from POST /tokens (dmt_…).' });
  app.get('/openapi.json', (c) => c.json(openApiDocument()));
  app.route('/', pageRoutes(services, openApiDocument));
  return app;
}

/** A key may be used from a browser only on the sites it was issued for (and this server's own pages). */
function keyOrigins(origins: Services['origins'], publicUrl: string | undefined) {
  return createMiddleware<AuthEnv>(async (c, next) => {
    const principal = c.get('principal');
    const origin = c.req.header('origin');
    if (principal.role !== 'public' && origin && origin !== new URL(c.req.url).origin && origin !== publicUrl && !origins.keyAllows(origin, principal.origins)) {
      throw forbidden(`this key may not be used from ${origin}`);
    }
    await next();
  });
}

/** Public traffic, and read-only tokens (which live in public pages), is limited per client address. */
function publicRateLimit(limiter: RateLimiter, trustProxy: boolean) {
  return createMiddleware<AuthEnv>(async (c, next) => {
    const principal = c.get('principal');
    if (principal.role === 'public' || principal.readOnly) rejectOverLimit(limiter, clientAddress(c, trustProxy));
    await next();
  });
}

function tooLarge(limit: number): never {
  throw new ProblemError(413, 'too-large', `the body is larger than ${limit} bytes`);
}
