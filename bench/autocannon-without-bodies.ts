/**
 * autocannon, made to keep no response bodies. autocannon 9 appends every response's body to a
 * string (`body += chunk`) for its verifyBody and onResponse options, which bench:server does
 * not use; for gzipped answers that is decoding binary as UTF-8, which took 73 % of the load
 * generator's CPU (profiled against a trivial server sending 17 kB of random bytes: 3,358 req/s
 * with the decoding, 14,260 without). On a machine whose cores the load generator shares with
 * the server, that CPU was taken from the server being measured.
 */
import autocannon from 'autocannon';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
// The module autocannon's HTTP client requires, so the same prototype.
const RequestQueue = require('autocannon/lib/pipelinedRequestsQueue.js') as { prototype: Record<string, unknown> };
if (typeof RequestQueue.prototype.addBody !== 'function') {
  throw new Error('autocannon no longer has PipelinedRequestsQueue.addBody: bench/autocannon-without-bodies.ts needs updating');
}
RequestQueue.prototype.addBody = () => {};

export default autocannon;
