/**
 * Security headers for every response: a Content-Security-Policy that allows scripts,
 * styles and connections from this server only and no inline script at all (the demo page
 * and /docs load theirs as files; the widget's Lit styles are constructable style sheets,
 * which `style-src 'self'` allows), no sniffing, no framing, no referrer, same-origin
 * resource policy (which /widget.js overrides to be loadable from embedding sites).
 *
 * HSTS is left to the TLS-terminating proxy in front: over plain HTTP browsers ignore it.
 * A handler's own value of one of these headers wins (response-headers.ts).
 */
import { responseHeaders } from './response-headers.ts';

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

export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy': CONTENT_SECURITY_POLICY,
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'cross-origin-resource-policy': 'same-origin',
  'cross-origin-opener-policy': 'same-origin',
};

/** The outermost middleware: every response gets the security headers (and what CORS adds). */
export function securityHeaders() {
  return responseHeaders(SECURITY_HEADERS);
}
