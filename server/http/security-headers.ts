/**
 * Security headers for every response: a Content-Security-Policy that allows scripts,
 * styles and connections from this server only and no inline script at all (the demo page
 * and /docs load theirs as files; the widget's Lit styles are constructable style sheets,
 * which `style-src 'self'` allows), no sniffing, no framing, no referrer, same-origin
 * resource policy (which /widget.js overrides to be loadable from embedding sites).
 *
 * HSTS is left to the TLS-terminating proxy in front: over plain HTTP browsers ignore it.
 *
 * The headers are set before the handler runs (`c.header`), so they go into the response as
 * it is made; setting them afterwards would make the Node adapter rebuild every response.
 */
import { createMiddleware } from 'hono/factory';

const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "font-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const HEADERS: [string, string][] = [
  ['content-security-policy', CONTENT_SECURITY_POLICY],
  ['x-content-type-options', 'nosniff'],
  ['x-frame-options', 'DENY'],
  ['referrer-policy', 'no-referrer'],
  ['cross-origin-resource-policy', 'same-origin'],
  ['cross-origin-opener-policy', 'same-origin'],
];

export function securityHeaders() {
  return createMiddleware(async (c, next) => {
    for (const [name, value] of HEADERS) c.header(name, value);
    await next();
  });
}
