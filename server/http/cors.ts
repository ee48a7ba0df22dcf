/**
 * CORS for the API: which embedding sites may call it from a browser (OriginPolicy decides).
 * Preflights are answered here; for other requests, the Access-Control headers join the
 * headers every response to the request carries (response-headers.ts).
 */
import { createMiddleware } from 'hono/factory';
import type { OriginPolicy } from './client.ts';
import { addResponseHeader } from './response-headers.ts';

const ALLOW_METHODS = 'GET, HEAD, POST, PATCH, OPTIONS';
const ALLOW_HEADERS = 'Authorization, Content-Type';
const EXPOSE_HEADERS = 'Location, Retry-After, Content-Disposition, ETag';
const PREFLIGHT_MAX_AGE_SECONDS = '600';

export function cors(origins: OriginPolicy) {
  return createMiddleware(async (c, next) => {
    const origin = c.req.header('origin');
    const allowed = origin !== undefined && (await origins.allows(origin));
    // Answers differ by Origin: caches must keep them apart.
    addResponseHeader(c, 'vary', 'Origin');
    if (c.req.method === 'OPTIONS' && c.req.header('access-control-request-method')) {
      if (!allowed) return c.body(null, 204);
      return c.body(null, 204, {
        'access-control-allow-origin': origin,
        'access-control-allow-methods': ALLOW_METHODS,
        'access-control-allow-headers': ALLOW_HEADERS,
        'access-control-max-age': PREFLIGHT_MAX_AGE_SECONDS,
      });
    }
    if (allowed) {
      addResponseHeader(c, 'access-control-allow-origin', origin);
      addResponseHeader(c, 'access-control-expose-headers', EXPOSE_HEADERS);
    }
    await next();
  });
}
