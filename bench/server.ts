/**
 * Load benchmark of the public result endpoints (`npm run bench:server`).
 *
 *   node --import tsx bench/server.ts [--students 100000] [--duration 10] [--connections 100]
 *
 * Starts the server as a real process on a temporary database, imports a generated national
 * round (fixtures/generate-round.ts) through the API, solves and publishes it, then drives
 * each public endpoint with autocannon over loopback (no keys: the public role) and prints
 * throughput and latency against the target (p99 under 50 ms at 100 connections), each after
 * a 2-second unmeasured warm-up. Rate limits are switched off: they would otherwise answer
 * most of these requests with 429.
 *
 * autocannon runs in this process and the server in its own; on a 2-core machine they share
 * the cores, so the figures are a floor for a server with a machine to itself.
 */
import autocannon from 'autocannon';
import { availableParallelism, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { generateRound } from '../fixtures/generate-round.ts';
import { migrateToLatest } from '../server/db/migrate.ts';
import { openDatabase } from '../server/db/open-database.ts';
import { createApiKey } from '../server/repositories/api-keys.ts';
import { startServer } from '../test/server/support/server-process.ts';
import { tempDir } from '../test/server/support/harness.ts';

const TARGET_P99_MS = 50;
const WARM_UP_SECONDS = 2;

const { values } = parseArgs({
  options: { students: { type: 'string', default: '100000' }, duration: { type: 'string', default: '10' }, connections: { type: 'string', default: '100' } },
});
const students = Number(values.students);
const duration = Number(values.duration);
const connections = Number(values.connections);

const seconds = (since: number) => ((performance.now() - since) / 1000).toFixed(1);
const log = (message: string) => process.stdout.write(`${message}\n`);

async function call<T>(url: string, init: RequestInit & { key: string }): Promise<T> {
  const response = await fetch(url, { ...init, headers: { authorization: `Bearer ${init.key}`, 'content-type': 'application/json', ...init.headers } });
  const text = await response.text();
  if (!response.ok) throw new Error(`${init.method ?? 'GET'} ${url}: ${response.status} ${text.slice(0, 500)}`);
  return JSON.parse(text) as T;
}

// Other processes competing for the cores make every figure worse: say so.
const load = loadavg()[0];
if (load > availableParallelism() / 2) log(`note: load average ${load.toFixed(1)} on ${availableParallelism()} cores; the figures will be pessimistic`);

const dir = tempDir('dual-match-bench-');
const dbPath = `${dir.path}/bench.sqlite`;
const database = openDatabase(dbPath);
await migrateToLatest(database.db);
const { value: admin } = await createApiKey(database.db, { role: 'admin', region: null, enterprise: null, label: 'bench', origins: [] });
await database.close();

// The production settings, but for rate limits; the bench's own log lines only.
const server = await startServer(dbPath, { RATE_LIMIT_PUBLIC: '0', RATE_LIMIT_LOOKUP: '0', LOOKUP_FAILURES_PER_STUDENT: '1000', CODE_HASH_COST: '7', SOLVER_THREADS: '1', LOG_LEVEL: 'warn' });
// Interrupted, the bench must not leave its server running.
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void server.stop().finally(() => {
      dir.remove();
      process.exit(130);
    });
  });
}
try {
  let started = performance.now();
  const round = generateRound({ students, seed: 2026 });
  const body = JSON.stringify(round);
  log(`generated a national round: ${students} students, ${round.offers.length} offers, ${(body.length / 1e6).toFixed(1)} MB (${seconds(started)} s)`);

  started = performance.now();
  const imported = await call<{ codes: { student: string; code: string }[] }>(`${server.api}/rounds`, { method: 'POST', key: admin, body });
  log(`imported through POST /rounds, personal codes hashed (${seconds(started)} s)`);

  started = performance.now();
  const { runId } = await call<{ runId: string }>(`${server.api}/rounds/${round.round.id}/runs`, { method: 'POST', key: admin, body: '{}' });
  let run: { status: string; seconds: number; summary: { placed: number }; error: string | null };
  do {
    await new Promise((resolve) => setTimeout(resolve, 500));
    run = await call(`${server.api}/runs/${runId}`, { key: admin });
  } while (run.status === 'queued' || run.status === 'solving');
  if (run.status !== 'done') throw new Error(`the run failed: ${run.error}`);
  await call(`${server.api}/runs/${runId}/publish`, { method: 'POST', key: admin });
  log(`solved (${run.seconds} s in the worker), stored and published: ${run.summary.placed} placed (${seconds(started)} s)`);

  const specialty = round.students[0].specialty;
  const deep = await call<{ nextCursor: string }>(`${server.api}/runs/${runId}/results?sort=km&limit=500&cursor=${encodeURIComponent(Buffer.from(JSON.stringify([0, 150, 0])).toString('base64url'))}`, { key: admin });
  const lookups = imported.codes.filter((_, i) => i % 97 === 0).map(({ student, code }) => JSON.stringify({ student, code }));
  let next = 0;

  // As a browser asks: gzip accepted.
  const get = (path: string): autocannon.Request => ({ method: 'GET', path, headers: { 'accept-encoding': 'gzip' } });
  const scenarios: { name: string; request: autocannon.Request }[] = [
    { name: 'GET summary', request: get(`/api/v1/runs/${runId}/summary`) },
    { name: 'GET results (first page)', request: get(`/api/v1/runs/${runId}/results?limit=50`) },
    { name: 'GET results specialty+placed', request: get(`/api/v1/runs/${runId}/results?specialty=${specialty}&status=placed&limit=50`) },
    { name: 'GET results sort=km deep page', request: get(`/api/v1/runs/${runId}/results?sort=km&limit=50&cursor=${deep.nextCursor}`) },
    { name: 'GET results region, rank desc', request: get(`/api/v1/runs/${runId}/results?region=KZ-39&sort=rank&order=desc&limit=100`) },
    {
      name: 'POST lookup (scrypt)',
      request: { method: 'POST', path: `/api/v1/runs/${runId}/lookup`, headers: { 'content-type': 'application/json' }, setupRequest: (request) => ({ ...request, body: lookups[next++ % lookups.length] }) },
    },
  ];

  const rows: string[] = [];
  for (const { name, request } of scenarios) {
    // A short unmeasured run first: the server's first requests of a kind pay for JIT compilation.
    await autocannon({ url: server.url, connections, duration: WARM_UP_SECONDS, requests: [request] });
    const result = await autocannon({ url: server.url, connections, duration, requests: [request] });
    const ok = result.latency.p99 < TARGET_P99_MS && result.non2xx === 0 && result.errors === 0;
    rows.push(
      `${name.padEnd(32)} ${result.requests.average.toFixed(0).padStart(7)} ${String(result.latency.p50).padStart(7)} ${String(result.latency.p99).padStart(7)} ${String(result.non2xx + result.errors + result.timeouts).padStart(7)}   ${ok ? 'ok' : 'MISSED'}`,
    );
    log(`  ${name}: done`);
  }
  log(`\n${connections} connections, ${duration} s per endpoint, ${students} students, target p99 < ${TARGET_P99_MS} ms`);
  log(`${'endpoint'.padEnd(32)} ${'req/s'.padStart(7)} ${'p50 ms'.padStart(7)} ${'p99 ms'.padStart(7)} ${'errors'.padStart(7)}   target`);
  for (const row of rows) log(row);
} finally {
  await server.stop();
  dir.remove();
}
