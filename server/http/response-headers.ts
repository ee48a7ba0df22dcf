/**
 * Headers that every response to a request carries (the security headers, CORS), gathered
 * for the request in a plain object and put on its response once that is made.
 *
 * Why not `c.header()` before the handler runs: Hono then makes every response's headers a
 * `Headers` object, which the Node adapter turns back into a plain object header by header
 * before writing; a response made with a plain object is written as it is. For a cached
 * public answer, the bulk of a results day's traffic, that was 15-20 µs of server CPU a
 * request (a minimal Hono app with the same middleware and headers: 72-75 µs against 90-94).
 *
 * So the answers made often are made with `plainResponse`, which has the headers in at
 * once; every other response gets them after its handler returned, without overriding a
 * header the handler set itself (as `/widget.js` does its resource policy).
 */
import type { Context } from 'hono';
import { createMiddleware } from 'hono/factory';

declare module 'hono' {
  interface ContextVariableMap {
    /** The headers every response to this request carries. */
    responseHeaders: Record<string, string>;
    /** The response made with them in (`plainResponse`). */
    responseWithHeaders: Response;
  }
}

/** The outermost middleware: starts each request's headers with `initial` and puts them on its response. */
export function responseHeaders(initial: Readonly<Record<string, string>>) {
  return createMiddleware(async (c, next) => {
    // Object.assign, not a spread: V8 gives a spread copy a shape that adding a property to
    // is slow (1.2 µs against 0.13 here).
    const headers = Object.assign({}, initial);
    c.set('responseHeaders', headers);
    await next();
    if (c.res === c.get('responseWithHeaders')) return;
    const target = c.res.headers;
    for (const name in headers) if (!target.has(name)) target.set(name, headers[name]);
  });
}

/** A header for the response to this request, whichever handler makes it (a value the handler sets wins). */
export function addResponseHeader(c: Context, name: string, value: string): void {
  c.get('responseHeaders')[name] = value;
}

/** A response with this request's headers and `headers` (which win) as one plain object. */
export function plainResponse(c: Context, body: Uint8Array<ArrayBuffer> | string | null, status: number, headers: Record<string, string>): Response {
  const response = new Response(body, { status, headers: Object.assign({}, c.get('responseHeaders'), headers) });
  c.set('responseWithHeaders', response);
  return response;
}
