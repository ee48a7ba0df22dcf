/**
 * Request body limits. Hono's bodyLimit looks at `c.req.raw.body` first, and under
 * @hono/node-server that one look builds a whole WHATWG Request with a web stream around the
 * Node request (about a fifth of a small POST's time on the event loop). A body whose
 * Content-Length states its size needs no look at all: Node's HTTP parser never delivers more
 * bytes than it states, and the adapter then reads the body straight from the Node request.
 * Only bodies sent without a length (chunked) are counted as they stream, by Hono's middleware.
 */
import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit as countingBodyLimit } from 'hono/body-limit';

export function bodyLimit(maxSize: number, onError: (c: Context) => never): MiddlewareHandler {
  const counting = countingBodyLimit({ maxSize, onError });
  return (c, next) => {
    // GET and HEAD carry no body.
    if (c.req.method === 'GET' || c.req.method === 'HEAD') return next();
    const length = c.req.header('content-length');
    // Node's parser refuses a malformed length itself; requests made in-process are not parsed.
    if (length === undefined || !/^\d+$/.test(length) || c.req.header('transfer-encoding') !== undefined) return counting(c, next);
    return Number(length) > maxSize ? onError(c) : next();
  };
}
