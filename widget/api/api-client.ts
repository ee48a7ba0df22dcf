/**
 * The one place that talks HTTP to the dual-match server (docs/api.md, base path /api/v1).
 *
 * Credentials go in the Authorization header, never in a URL: an office's or enterprise's
 * API key (needed to change anything), or a short-lived, read-only token that the embedding
 * site's back end minted with `POST /tokens`. Neither ever appears in the page's markup.
 */
import { ApiError, errorFromResponse, toApiError } from './api-error.ts';
import type { Page } from './types.ts';

/** The server's largest page. */
export const MAX_PAGE_SIZE = 500;

export interface Credentials {
  /** An office's or enterprise's key (staff pages only). */
  apiKey?: string;
  /** A short-lived read-only token from `POST /tokens`. */
  token?: string;
}

export type Query = Record<string, string | number | boolean | undefined | null>;

interface RequestOptions {
  query?: Query;
  /** JSON-serialised unless it is a string (sent as is, with `contentType`). */
  body?: unknown;
  contentType?: string;
  signal?: AbortSignal;
}

export class ApiClient {
  readonly base: string;

  constructor(
    server: string,
    private readonly credentials: Credentials = {},
  ) {
    this.base = `${server.replace(/\/+$/, '')}/api/v1`;
  }

  /** Requests carry a key or token: the server may show names and allow more. */
  get hasCredentials(): boolean {
    return Boolean(this.credentials.apiKey ?? this.credentials.token);
  }

  get<T>(path: string, query?: Query, signal?: AbortSignal): Promise<T> {
    return this.json<T>('GET', path, { query, signal });
  }

  /** Every item of a list endpoint, page after page (for short lists: an enterprise's offers). */
  async getAll<T>(path: string, query: Query = {}, signal?: AbortSignal): Promise<T[]> {
    const items: T[] = [];
    let cursor: string | null = null;
    do {
      const page: Page<T> = await this.get<Page<T>>(path, { ...query, limit: MAX_PAGE_SIZE, cursor }, signal);
      items.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor !== null);
    return items;
  }

  post<T>(path: string, body?: unknown, signal?: AbortSignal): Promise<T> {
    return this.json<T>('POST', path, { body, signal });
  }

  patch<T>(path: string, body: unknown, signal?: AbortSignal): Promise<T> {
    return this.json<T>('PATCH', path, { body, signal });
  }

  /** Uploads a text document (a CSV) as it is. */
  postText<T>(path: string, text: string, contentType: string, signal?: AbortSignal): Promise<T> {
    return this.json<T>('POST', path, { body: text, contentType, signal });
  }

  /** A file the user saves (an export): fetched with the credentials, which a plain link cannot send. */
  async download(path: string): Promise<Blob> {
    return (await this.send('GET', path, {})).blob();
  }

  /** The raw response, for streams (Server-Sent Events) that must carry the credentials too. */
  open(path: string, signal?: AbortSignal): Promise<Response> {
    return this.send('GET', path, { signal });
  }

  private async json<T>(method: string, path: string, options: RequestOptions): Promise<T> {
    const response = await this.send(method, path, options);
    if (response.status === 204) return undefined as T;
    try {
      return (await response.json()) as T;
    } catch (error) {
      throw new ApiError('server', `unreadable answer from ${path}: ${String(error)}`, response.status);
    }
  }

  private async send(method: string, path: string, options: RequestOptions): Promise<Response> {
    const url = new URL(this.base + path);
    for (const [name, value] of Object.entries(options.query ?? {})) {
      if (value !== undefined && value !== null && value !== '') url.searchParams.set(name, String(value));
    }
    const headers: Record<string, string> = { Accept: 'application/json' };
    const bearer = this.credentials.apiKey ?? this.credentials.token;
    if (bearer) headers.Authorization = `Bearer ${bearer}`;
    let body: string | undefined;
    if (options.body !== undefined) {
      const isText = typeof options.body === 'string';
      body = isText ? (options.body as string) : JSON.stringify(options.body);
      headers['Content-Type'] = isText ? (options.contentType ?? 'text/plain') : 'application/json';
    }
    let response: Response;
    try {
      response = await fetch(url, { method, headers, body, signal: options.signal });
    } catch (error) {
      if (options.signal?.aborted) throw error;
      throw toApiError(error);
    }
    if (!response.ok) throw await errorFromResponse(response);
    return response;
  }
}
