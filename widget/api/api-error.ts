/**
 * Every failure of an API call becomes an ApiError with a `kind` the views can act on (show a
 * retry button, ask for a new key, list the rows of a bad CSV), whatever the HTTP details.
 * The server answers errors as RFC 9457 problem+json (docs/api.md).
 */

/** What went wrong, as the user needs to know it. */
export type ApiErrorKind =
  | 'unreachable' // no answer at all: network down, wrong `server`, CORS refused
  | 'unauthorized' // 401: no key, or an invalid or expired key/token
  | 'forbidden' // 403: the key's role may not do this
  | 'not-found' // 404: no such round/run, or the round is not published (public role)
  | 'invalid' // 400/409/413/415/422: the input was refused; `fieldErrors` says where
  | 'rate-limited' // 429: retry after `retryAfterSeconds`
  | 'server'; // 5xx or an answer that is not what the contract says

/** One refused field of an import: `path` is e.g. `students[812].specialty` or `row 14, column "score"`. */
export interface FieldError {
  path: string;
  message: string;
  rule?: string;
}

export class ApiError extends Error {
  constructor(
    readonly kind: ApiErrorKind,
    message: string,
    readonly status = 0,
    readonly fieldErrors: FieldError[] = [],
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  /** Worth a retry button: the same request may well succeed later. */
  get retryable(): boolean {
    return this.kind === 'unreachable' || this.kind === 'rate-limited' || this.kind === 'server';
  }
}

function kindOfStatus(status: number): ApiErrorKind {
  if (status === 401) return 'unauthorized';
  if (status === 403) return 'forbidden';
  if (status === 404) return 'not-found';
  if (status === 429) return 'rate-limited';
  if (status >= 400 && status < 500) return 'invalid';
  return 'server';
}

/** Reads a failed response (problem+json when the server says so, anything otherwise). */
export async function errorFromResponse(response: Response): Promise<ApiError> {
  let title = response.statusText;
  let fieldErrors: FieldError[] = [];
  try {
    const problem = (await response.json()) as { title?: string; detail?: string; errors?: FieldError[] };
    title = problem.detail ?? problem.title ?? title;
    if (Array.isArray(problem.errors)) fieldErrors = problem.errors;
  } catch {
    // Not JSON (a proxy's error page, say): the status alone tells the kind.
  }
  const retryAfter = Number(response.headers.get('Retry-After'));
  return new ApiError(
    kindOfStatus(response.status),
    title,
    response.status,
    fieldErrors,
    Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : undefined,
  );
}

/** Any thrown value as an ApiError (a fetch TypeError means the server was not reached). */
export function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  if (error instanceof TypeError) return new ApiError('unreachable', error.message);
  return new ApiError('server', error instanceof Error ? error.message : String(error));
}
