/**
 * Errors as RFC 9457 problem details (`application/problem+json`). Handlers throw a
 * ProblemError; the app's error handler turns it (and anything unexpected) into the response.
 * Bad input carries `errors: [{ path, message, rule }]`, with paths in the same notation as
 * the round validator (`students[812].specialty`) or, for CSV, `row 14, column "score"`.
 *
 * `type` is a relative URI to the problem's description on the API docs page (/docs).
 */
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { z } from 'zod';
import { formatPath } from '../../solver/validate-round.ts';

export interface ProblemIssue {
  path: string;
  message: string;
  rule: string;
}

/** The problem types this API answers with; /docs describes each. */
export const PROBLEM_TYPES = {
  'bad-request': 'The request is malformed: not JSON, a bad query parameter, a missing field.',
  validation: 'The content is well-formed but breaks a rule; `errors` names each failing field.',
  unauthorized: 'No valid key or token was given where one is needed, or it has expired or been revoked.',
  forbidden: "The key's role or scope does not allow this.",
  'not-found': 'No such resource, or none the caller may see.',
  conflict: "The request does not fit the resource's current state (e.g. editing a published round).",
  'too-large': 'The request body is larger than allowed.',
  'unsupported-media-type': 'The body is not of a content type this endpoint accepts.',
  'rate-limited': 'Too many requests; wait for `Retry-After` seconds.',
  unavailable: 'The service cannot answer this right now (e.g. the widget bundle is not built).',
  internal: 'Something went wrong on the server. It has been logged.',
} as const;
export type ProblemType = keyof typeof PROBLEM_TYPES;

const TITLES: Record<ProblemType, string> = {
  'bad-request': 'Bad request',
  validation: 'Invalid input',
  unauthorized: 'Unauthorized',
  forbidden: 'Forbidden',
  'not-found': 'Not found',
  conflict: 'Conflict',
  'too-large': 'Request too large',
  'unsupported-media-type': 'Unsupported media type',
  'rate-limited': 'Too many requests',
  unavailable: 'Service unavailable',
  internal: 'Internal server error',
};

export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail?: string;
  errors?: ProblemIssue[];
  /** How many errors there were in all when `errors` was cut short. */
  errorCount?: number;
}

export class ProblemError extends HTTPException {
  readonly problemType: ProblemType;
  readonly errors: ProblemIssue[] | undefined;
  readonly errorCount: number | undefined;
  readonly headers: Record<string, string>;

  constructor(
    status: ContentfulStatusCode,
    type: ProblemType,
    detail?: string,
    extra: { errors?: ProblemIssue[]; errorCount?: number; headers?: Record<string, string>; cause?: unknown } = {},
  ) {
    super(status, { message: detail ?? TITLES[type], cause: extra.cause });
    this.problemType = type;
    this.errors = extra.errors;
    this.errorCount = extra.errorCount;
    this.headers = extra.headers ?? {};
  }

  get body(): ProblemBody {
    const body: ProblemBody = { type: `/docs#problem-${this.problemType}`, title: TITLES[this.problemType], status: this.status, detail: this.message };
    if (this.errors) body.errors = this.errors;
    if (this.errorCount !== undefined && this.errorCount > (this.errors?.length ?? 0)) body.errorCount = this.errorCount;
    return body;
  }
}

/** The problem as the answer to a request, keeping the headers already set for it (security, CORS). */
export function problemResponse(c: Context, problem: ProblemError): Response {
  return c.body(JSON.stringify(problem.body), problem.status, { 'content-type': 'application/problem+json', ...problem.headers });
}

export const badRequest = (detail: string, errors?: ProblemIssue[]) => new ProblemError(400, 'bad-request', detail, { errors });
export const invalid = (detail: string, errors: ProblemIssue[], errorCount?: number) => new ProblemError(422, 'validation', detail, { errors, errorCount });
export const unauthorized = (detail: string) => new ProblemError(401, 'unauthorized', detail, { headers: { 'www-authenticate': 'Bearer realm="dual-match"' } });
export const forbidden = (detail: string) => new ProblemError(403, 'forbidden', detail);
export const notFound = (detail: string) => new ProblemError(404, 'not-found', detail);
export const conflict = (detail: string) => new ProblemError(409, 'conflict', detail);

/** Zod's issues in the API's notation: `policy.rankWeight`, rule = zod's issue code. */
export function zodIssues(error: z.ZodError): ProblemIssue[] {
  return error.issues.map((issue) => ({ path: formatPath(issue.path), message: issue.message, rule: issue.code }));
}
