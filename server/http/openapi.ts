/**
 * Helpers for declaring routes with @hono/zod-openapi: one zod schema validates a request,
 * types its handler and documents it in /openapi.json. Validation failures become problem
 * details: 400 for the query and path, 422 for a body that parses but breaks the schema.
 */
import { OpenAPIHono, z, type Hook, type RouteConfig } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { AuthEnv } from '../auth/principal.ts';
import { ProblemSchema } from './api-schemas.ts';
import { badRequest, invalid, zodIssues } from './problem.ts';
import { unstorableInput } from './storable-input.ts';

/** Refuses what passed the schema but cannot be stored (storable-input.ts). */
function requireStorable(data: unknown, target: string): void {
  const { issues, count } = unstorableInput(data);
  if (issues.length === 0) return;
  if (target === 'json') throw invalid('the request body has values that cannot be stored', issues, count);
  throw badRequest(`invalid ${target === 'param' ? 'path' : target} parameter${count === 1 ? '' : 's'}`, issues);
}

const validationHook: Hook<unknown, AuthEnv, string, unknown> = (result) => {
  if (result.success) return requireStorable(result.data, result.target);
  const issues = zodIssues(result.error);
  if (result.target === 'json') throw invalid('the request body is not valid', issues);
  throw badRequest(`invalid ${result.target === 'param' ? 'path' : result.target} parameter${issues.length === 1 ? '' : 's'}`, issues);
};

/** The same validation by hand, for the routes that read their bodies themselves. */
function parseRequest<T extends z.ZodType>(schema: T, value: unknown, target: 'param' | 'query'): z.infer<T> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw badRequest(`invalid ${target === 'param' ? 'path' : target} parameter`, zodIssues(parsed.error));
  requireStorable(parsed.data, target);
  return parsed.data;
}

export function createRouter(): OpenAPIHono<AuthEnv> {
  return new OpenAPIHono<AuthEnv>({ defaultHook: validationHook });
}

type Infer<S> = S extends z.ZodType ? z.infer<S> : Record<string, never>;
type RawInput<R extends RouteConfig> = {
  param: Infer<NonNullable<R['request']>['params']>;
  query: Infer<NonNullable<R['request']>['query']>;
};

/**
 * A documented route whose handler reads the body or writes the response itself (imports,
 * streamed exports, event streams, cached answers): registered in /openapi.json like the
 * others, with its path and query validated the same way (when the handler first reads
 * them: an answer from the cache needs neither), but no body schema applied.
 */
export function rawRoute<R extends RouteConfig>(router: OpenAPIHono<AuthEnv>, route: R, handler: (c: Context<AuthEnv>, input: RawInput<R>) => Promise<Response>): void {
  router.openAPIRegistry.registerPath(route);
  const path = route.path.replaceAll(/\/{(.+?)}/g, '/:$1');
  const params = route.request?.params;
  const query = route.request?.query;
  type Input = RawInput<R>;
  // Readers chosen once per route. The casts: the values have R's schemas' types (RawInput),
  // which TypeScript cannot follow through `instanceof`.
  const readParam = params instanceof z.ZodType ? (c: Context) => parseRequest(params, c.req.param(), 'param') as Input['param'] : () => ({}) as Input['param'];
  const readQuery = query instanceof z.ZodType ? (c: Context) => parseRequest(query, c.req.query(), 'query') as Input['query'] : () => ({}) as Input['query'];
  router.on(route.method.toUpperCase(), path, (c) => handler(c, new LazyInput(c, readParam, readQuery)));
}

/**
 * A raw route's path and query parameters, each validated when first read.
 *
 * A class rather than an object literal with getters. With the literal, every request to
 * these routes outlived its response until a full GC (the young-generation GCs of a server
 * answering its cached summary at 100 connections copied 3 MB each time, with pauses of
 * 8-10 ms, and promoted half; with the class, 24 kB and about 1 ms; other routes, 25 kB). The
 * likely reason: a literal's getters are new closures each time, which V8 keeps in a hidden
 * class of the object's own, linked from the literal's shared one until a full GC; and the
 * closures held the request's context.
 */
class LazyInput<P, Q> {
  #param: P | undefined;
  #query: Q | undefined;

  constructor(
    private readonly c: Context,
    private readonly readParam: (c: Context) => P,
    private readonly readQuery: (c: Context) => Q,
  ) {}

  get param(): P {
    return (this.#param ??= this.readParam(this.c));
  }

  get query(): Q {
    return (this.#query ??= this.readQuery(this.c));
  }
}

export function jsonBody<T extends z.ZodType>(schema: T, description: string, required = true) {
  return { content: { 'application/json': { schema } }, description, required };
}

export function json<T extends z.ZodType>(schema: T, description: string) {
  return { description, content: { 'application/json': { schema } } };
}

const PROBLEM_DESCRIPTIONS: Record<number, string> = {
  400: 'Malformed request (problem+json)',
  401: 'No valid key or token (problem+json)',
  403: 'The key may not do this (problem+json)',
  404: 'No such resource (problem+json)',
  409: 'Conflicts with the current state (problem+json)',
  413: 'Body too large (problem+json)',
  415: 'Unsupported content type (problem+json)',
  422: 'Invalid content; `errors` names each field (problem+json)',
  429: 'Rate limited (problem+json)',
};

export function problems<S extends keyof typeof PROBLEM_DESCRIPTIONS>(...statuses: S[]) {
  return Object.fromEntries(statuses.map((status) => [status, { description: PROBLEM_DESCRIPTIONS[status], content: { 'application/problem+json': { schema: ProblemSchema } } }])) as Record<
    S,
    { description: string; content: { 'application/problem+json': { schema: typeof ProblemSchema } } }
  >;
}

/** A route's roles, shown in /docs and /openapi.json (`x-roles`). */
export function roles(...who: string[]) {
  return { 'x-roles': who };
}

export { z };
