/**
 * Load benchmark of the public result reads while an office re-runs a large round
 * (`npm run bench:server`), on SQLite and on PostgreSQL.
 *
 *   node --import tsx bench/server.ts [--db sqlite|postgres|both] [--students 100000]
 *                                     [--duration 60] [--connections 200] [--quiet-connections 100]
 *                                     [--phases pages,lookups,lookups-by-code,baseline,re-running]
 *
 * For each database: starts the server as a real process on a new database, imports a
 * generated national round through the API, solves and publishes it, and imports a regional
 * round of the same size for an office key, and waits for the server to build the published
 * run's in-memory indexes (printing how long that took). Then it measures five phases of `--duration`
 * seconds each (each after an unmeasured warm-up) of the public's requests (no key, gzip accepted):
 * - pages: `--quiet-connections` connections read the published results: the summary, the
 *   first page, pages filtered by specialty, and deep pages sorted by distance and by rank from
 *   random places (so most of them miss the response cache). Target: p99 under 50 ms.
 * - lookups: as many connections look students up by id and the key derived from the personal
 *   code, as the widget sends them (the browser pays the scrypt; the server checks a SHA-256).
 *   The keys are derived before the phase, at the production cost (CODE_HASH_COST). Target:
 *   p99 under 50 ms.
 * - lookups by code: the same with the codes themselves, as an API client that does not derive
 *   keys sends them, so the server pays each lookup's scrypt. Target: p99 under 50 ms.
 * - pages with no re-run, the baseline of the next phase: `--connections` connections read
 *   pages as in the first phase. No target of its own.
 * - pages while re-running: as many connections read pages while the office re-runs
 *   its round again and again, each run solved on a worker thread and its 100,000 result rows
 *   stored. Target: no errors, p99 under 100 ms.
 * Prints throughput, p50/p99 latency and errors (non-2xx, socket errors, timeouts) against the
 * targets, the re-runs done meanwhile, what re-running changed against the baseline, and
 * where each phase's processor time went (bench/cpu-usage.ts): whether a miss is the
 * machine's (all cores busy) or one event loop's (the server's main thread busy throughout).
 *
 * PostgreSQL: the server at TEST_DATABASE_URL, or, when none is set, a throwaway cluster that
 * .ci/with-postgres starts for the run. `--db both` (the default) measures SQLite alone when no
 * PostgreSQL can be had. Rate limits are off (they would answer most requests with 429).
 *
 * autocannon runs in this process and the server in its own; on a 2-core machine they share
 * the cores with the solver and the database, so the figures are a floor for a server with a
 * machine to itself.
 */
import autocannon from './autocannon-without-bodies.ts';
import { measureCpu, type CpuUsage } from './cpu-usage.ts';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { generateRound } from '../fixtures/generate-round.ts';
import { encodeKey, type LookupKeyDerivation } from '../server/auth/lookup-key.ts';
import { deriveKey } from '../server/auth/personal-codes.ts';
import { readConfig } from '../server/config.ts';
import { migrateToLatest } from '../server/db/migrate.ts';
import { openDatabase, type Dialect } from '../server/db/open-database.ts';
import { encodeCursor } from '../server/http/pagination.ts';
import { createApiKey } from '../server/repositories/api-keys.ts';
import type { Round } from '../solver/schema.ts';
import { startServer, type ServerProcess } from '../test/server/support/server-process.ts';
import { testDatabases } from '../test/server/support/test-database.ts';

/** p99 target of each phase; the baseline has none (it is what re-running is compared with). */
const TARGET_P99_MS = { pages: 50, lookups: 50, 'lookups by code': 50, 'pages, no re-run': null, 'pages, re-running': 100 } as const;
type Phase = keyof typeof TARGET_P99_MS;
const WARM_UP_SECONDS = 5;
/** The defaults a deployment runs with. */
const PRODUCTION = readConfig({});
const WITH_POSTGRES = fileURLToPath(new URL('../.ci/with-postgres', import.meta.url));

const { values } = parseArgs({
  options: {
    db: { type: 'string', default: 'both' },
    students: { type: 'string', default: '100000' },
    duration: { type: 'string', default: '60' },
    connections: { type: 'string', default: '200' },
    'quiet-connections': { type: 'string', default: '100' },
    phases: { type: 'string', default: 'pages,lookups,lookups-by-code,baseline,re-running' },
  },
});
const students = Number(values.students);
const duration = Number(values.duration);
const quietConnections = Number(values['quiet-connections']);
const connections: Record<Phase, number> = { pages: quietConnections, lookups: quietConnections, 'lookups by code': quietConnections, 'pages, no re-run': Number(values.connections), 'pages, re-running': Number(values.connections) };
if (!['sqlite', 'postgres', 'both'].includes(values.db!)) throw new Error('--db must be sqlite, postgres or both');
/** The phases measured (all by default; one alone when working on its target). */
const PHASE_OPTIONS: Record<string, Phase> = { pages: 'pages', lookups: 'lookups', 'lookups-by-code': 'lookups by code', baseline: 'pages, no re-run', 're-running': 'pages, re-running' };
const phases = new Set(
  values.phases!.split(',').map((name) => {
    if (!(name in PHASE_OPTIONS)) throw new Error(`--phases: "${name}" is not one of ${Object.keys(PHASE_OPTIONS).join(', ')}`);
    return PHASE_OPTIONS[name];
  }),
);

const log = (message: string) => process.stdout.write(`${message}\n`);

/**
 * Waits until the server has built a published run's in-memory indexes (public rows, lookups),
 * which it starts on publishing: the phases measure a published run being read, not the
 * minute after publishing. Returns what the server's log says of each build.
 */
async function indexesReady(server: ServerProcess, runId: string): Promise<string> {
  const deadline = performance.now() + 300_000;
  for (;;) {
    // Whole lines only (the last may be half written), and only the logger's (JSON objects; Node's own warnings are not).
    const lines = server
      .output()
      .stderr.split('\n')
      .slice(0, -1)
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as { level: string; message: string; run?: string; index?: string; seconds?: number })
      .filter((line) => line.run === runId && /\bindex\b/.test(line.message));
    const failed = lines.find((line) => line.level !== 'info');
    if (failed) throw new Error(`an index of the published run could not be built: ${failed.message}`);
    if (lines.length === 2) return lines.map((line) => `${line.index} ${line.seconds} s`).join(', ');
    if (performance.now() > deadline) throw new Error('the published run\'s indexes were not ready after 5 minutes');
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

const seconds = (since: number) => ((performance.now() - since) / 1000).toFixed(1);

// No PostgreSQL server given: run this same command again next to a throwaway one.
const canStartPostgres = () => spawnSync('bash', ['-c', 'ls /usr/lib/postgresql/*/bin/initdb > /dev/null 2>&1 || command -v initdb > /dev/null || [ -n "${PG_BIN:-}" ]']).status === 0;
if (values.db !== 'sqlite' && !process.env.TEST_DATABASE_URL && existsSync(WITH_POSTGRES) && canStartPostgres()) {
  const child = spawnSync(WITH_POSTGRES, [process.execPath, ...process.execArgv, ...process.argv.slice(1)], { stdio: 'inherit' });
  process.exit(child.status ?? 1);
}
const dialects: Dialect[] = values.db === 'both' ? (process.env.TEST_DATABASE_URL ? ['sqlite', 'postgres'] : ['sqlite']) : [values.db as Dialect];
if (values.db === 'both' && dialects.length === 1) log('note: no PostgreSQL server (TEST_DATABASE_URL) and none could be started: SQLite only');
if (values.db === 'postgres' && !process.env.TEST_DATABASE_URL) throw new Error('--db postgres needs TEST_DATABASE_URL, or initdb to start a throwaway cluster');

async function call<T>(server: ServerProcess, path: string, init: RequestInit & { key: string }): Promise<T> {
  const response = await fetch(`${server.api}${path}`, { ...init, headers: { authorization: `Bearer ${init.key}`, 'content-type': 'application/json', ...init.headers } });
  const text = await response.text();
  if (!response.ok) throw new Error(`${init.method ?? 'GET'} ${path}: ${response.status} ${text.slice(0, 500)}`);
  return JSON.parse(text) as T;
}

interface RunInfo {
  status: string;
  seconds: number | null;
  summary: { placed: number } | null;
  error: string | null;
}

async function solved(server: ServerProcess, key: string, runId: string): Promise<RunInfo> {
  for (;;) {
    const run = await call<RunInfo>(server, `/runs/${runId}`, { key });
    if (run.status === 'done') return run;
    if (run.status === 'failed') throw new Error(`run ${runId} failed: ${run.error}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** Every student's lookup key, derived as a browser derives it (with node:crypto here, which is quicker). */
async function lookupKeys(server: ServerProcess, runId: string, studentIds: string[]): Promise<Map<string, string>> {
  const started = performance.now();
  const { derivation } = await (await fetch(`${server.api}/runs/${runId}/lookup-key`)).json() as { derivation: LookupKeyDerivation };
  const keys = new Map<string, string>();
  for (let i = 0; i < studentIds.length; i += 256) {
    await Promise.all(studentIds.slice(i, i + 256).map(async (id) => keys.set(id, encodeKey(await deriveKey(personalCode(id), derivation.salt, id, Math.log2(derivation.N))))));
  }
  log(`derived the ${keys.size} students' lookup keys from their codes (${seconds(started)} s)`);
  return keys;
}

interface Measured {
  dialect: Dialect;
  phase: Phase;
  result: autocannon.Result;
  cpu: CpuUsage | null;
  reruns: number[];
}

async function measure(dialect: Dialect, national: Round, regional: Round): Promise<Measured[]> {
  const databases = testDatabases(dialect);
  const location = await databases.create();
  const database = openDatabase(location);
  await migrateToLatest(database.db);
  const { value: admin } = await createApiKey(database.db, { role: 'admin', region: null, enterprise: null, label: 'bench', origins: [] });
  const { value: office } = await createApiKey(database.db, { role: 'office', region: 'KZ-39', enterprise: null, label: 'bench office', origins: [] });
  await database.close();

  // Production settings, rather than the tests' quick heartbeats and cheap code hashing; but
  // no rate limits (they would answer most requests with 429).
  const server = await startServer(location, {
    CODE_HASH_COST: String(PRODUCTION.codeHashCost),
    SOLVER_THREADS: String(PRODUCTION.solverThreads),
    SOLVER_NICE: String(PRODUCTION.solverNice),
    RUN_HEARTBEAT_MS: String(PRODUCTION.runHeartbeatMs),
    RUN_STALE_MS: String(PRODUCTION.runStaleMs),
    RATE_LIMIT_PUBLIC: '0',
    RATE_LIMIT_LOOKUP: '0',
    // Info, for the lines that say when a published run's indexes are ready (requests are logged at debug).
    LOG_LEVEL: 'info',
  });
  const stop = () => server.stop().finally(() => databases.remove());
  // Interrupted, the bench must not leave its server running.
  const interrupted = () => void stop().finally(() => process.exit(130));
  process.once('SIGINT', interrupted);
  process.once('SIGTERM', interrupted);
  try {
    let started = performance.now();
    await call(server, '/rounds', { method: 'POST', key: admin, body: JSON.stringify(national) });
    await call(server, '/rounds', { method: 'POST', key: office, body: JSON.stringify(regional) });
    log(`[${dialect}] imported both rounds through POST /rounds (${seconds(started)} s)`);

    started = performance.now();
    const { runId } = await call<{ runId: string }>(server, `/rounds/${national.round.id}/runs`, { method: 'POST', key: admin, body: '{}' });
    const run = await solved(server, admin, runId);
    await call(server, `/runs/${runId}/publish`, { method: 'POST', key: admin });
    log(`[${dialect}] national round solved (${run.seconds} s in the worker), stored and published: ${run.summary!.placed} placed (${seconds(started)} s)`);
    started = performance.now();
    const built = await indexesReady(server, runId);
    log(`[${dialect}] its indexes built on worker threads: ${built} (ready ${seconds(started)} s after publishing)`);

    const specialties = [...new Set(national.students.map((s) => s.specialty))];
    const studentIds = national.students.map((s) => s.id);
    const pick = <T>(items: readonly T[]) => items[Math.floor(Math.random() * items.length)];
    const base = `/api/v1/runs/${runId}`;
    const get = (path: string | (() => string)): autocannon.Request => ({
      method: 'GET',
      path: typeof path === 'string' ? path : base,
      headers: { 'accept-encoding': 'gzip' },
      ...(typeof path === 'string' ? {} : { setupRequest: (request: autocannon.Request) => ({ ...request, path: path() }) }),
    });
    const requests = [
      get(`${base}/summary`),
      get(`${base}/results?limit=50`),
      get(() => `${base}/results?specialty=${pick(specialties)}&status=placed&limit=50`),
      get(() => `${base}/results?sort=km&limit=50&cursor=${encodeCursor([0, Math.round(Math.random() * 30_000) / 100, Math.floor(Math.random() * students)])}`),
      get(() => `${base}/results?sort=rank&order=desc&limit=100&cursor=${encodeCursor([0, 1 + Math.floor(Math.random() * 8), Math.floor(Math.random() * students)])}`),
    ];
    const lookup = (secret: (student: string) => { code: string } | { key: string }): autocannon.Request[] => [
      {
        method: 'POST',
        path: `${base}/lookup`,
        headers: { 'content-type': 'application/json', 'accept-encoding': 'gzip' },
        setupRequest: (request: autocannon.Request) => {
          const student = pick(studentIds);
          return { ...request, body: JSON.stringify({ student, ...secret(student) }) };
        },
      },
    ];
    const keys = phases.has('lookups') ? await lookupKeys(server, runId, studentIds) : new Map<string, string>();

    /** Re-runs the office's round, one run after another, until stopped; then gives each re-run's seconds. */
    const reRunning = () => {
      let loading = true;
      const reruns: number[] = [];
      const done = (async () => {
        while (loading) {
          const started = performance.now();
          const { runId: rerun } = await call<{ runId: string }>(server, `/rounds/${regional.round.id}/runs`, { method: 'POST', key: office, body: '{}' });
          await solved(server, office, rerun);
          reruns.push((performance.now() - started) / 1000);
        }
      })();
      return async () => {
        loading = false;
        await done;
        return reruns;
      };
    };
    const measured: Measured[] = [];
    /** One phase: a warm-up, then `duration` seconds measured, with `alongside` (the re-runs) started after the warm-up. */
    const measurePhase = async (phase: Phase, requests: autocannon.Request[], alongside?: () => () => Promise<number[]>) => {
      if (!phases.has(phase)) return;
      await autocannon({ url: server.url, connections: connections[phase], duration: WARM_UP_SECONDS, requests });
      const stopAlongside = alongside?.();
      const cpu = measureCpu(server.process.pid!);
      const result = await autocannon({ url: server.url, connections: connections[phase], duration, requests });
      const usage = cpu(result.requests.total);
      measured.push({ dialect, phase, result, cpu: usage, reruns: (await stopAlongside?.()) ?? [] });
    };
    await measurePhase('pages', requests);
    await measurePhase('lookups', lookup((student) => ({ key: keys.get(student)! })));
    await measurePhase('lookups by code', lookup((student) => ({ code: personalCode(student) })));
    await measurePhase('pages, no re-run', requests);
    await measurePhase('pages, re-running', requests, reRunning);
    return measured;
  } finally {
    process.off('SIGINT', interrupted);
    process.off('SIGTERM', interrupted);
    await stop();
  }
}

// Other processes competing for the cores make every figure worse: say so.
const load = loadavg()[0];
if (load > availableParallelism() / 2) log(`note: load average ${load.toFixed(1)} on ${availableParallelism()} cores; the figures will be pessimistic`);

let started = performance.now();
/** The personal code the bench gives each student of the national round (so that it can look them up). */
const personalCode = (student: string) => `code-${student}`;
const generated = generateRound({ students, seed: 2026 });
const national: Round = {
  ...generated,
  round: { ...generated.round, id: 'bench-national' },
  students: generated.students.map((student) => ({ ...student, code: personalCode(student.id) })),
};
const generatedRegional = generateRound({ students, seed: 2027, region: 'KZ-39' });
const regional: Round = { ...generatedRegional, round: { ...generatedRegional.round, id: 'bench-office' } };
log(`generated a national round and a Kostanay round of ${students} students each (${seconds(started)} s)`);

const measured: Measured[] = [];
for (const dialect of dialects) {
  started = performance.now();
  measured.push(...(await measure(dialect, national, regional)));
  log(`[${dialect}] measured (${seconds(started)} s in all)`);
}

log(`\npublic requests for ${duration} s a phase (each after ${WARM_UP_SECONDS} s of warm-up): ${[...phases].join('; ')}${phases.has('pages, re-running') ? ` (the office re-runs a ${students}-student round)` : ''}`);
log(`targets: no errors; p99 under ${TARGET_P99_MS.pages} ms (pages, lookups by key and by code) and ${TARGET_P99_MS['pages, re-running']} ms (re-running); ${availableParallelism()} cores shared by this load generator, the server, its solver and the database\n`);
log(`${'database'.padEnd(10)} ${'phase'.padEnd(18)} ${'conns'.padStart(5)} ${'requests'.padStart(9)} ${'req/s'.padStart(7)} ${'p50 ms'.padStart(7)} ${'p99 ms'.padStart(7)} ${'max ms'.padStart(7)} ${'errors'.padStart(7)} ${'re-runs'.padStart(8)} ${'s each'.padStart(7)}   target`);
for (const { dialect, phase, result, reruns } of measured) {
  const errors = result.non2xx + result.errors + result.timeouts;
  const target = TARGET_P99_MS[phase];
  const verdict = target === null ? 'baseline' : errors === 0 && result.latency.p99 < target ? 'ok' : 'MISSED';
  const each = reruns.length ? (reruns.reduce((sum, s) => sum + s, 0) / reruns.length).toFixed(1) : '-';
  log(
    `${dialect.padEnd(10)} ${phase.padEnd(18)} ${String(connections[phase]).padStart(5)} ${String(result.requests.total).padStart(9)} ${result.requests.average.toFixed(0).padStart(7)} ${String(result.latency.p50).padStart(7)} ${String(result.latency.p99).padStart(7)} ${String(result.latency.max).padStart(7)} ${String(errors).padStart(7)} ${String(reruns.length || '-').padStart(8)} ${each.padStart(7)}   ${verdict}`,
  );
}

for (const dialect of dialects) {
  const of = (phase: Phase) => measured.find((m) => m.dialect === dialect && m.phase === phase)?.result;
  const [quiet, busy] = [of('pages, no re-run'), of('pages, re-running')];
  if (!quiet || !busy) continue;
  const change = Math.round((100 * (busy.requests.average - quiet.requests.average)) / quiet.requests.average);
  log(
    `${dialect}: while re-running, ${busy.requests.average.toFixed(0)} req/s against ${quiet.requests.average.toFixed(0)} with no re-run (${change >= 0 ? '+' : ''}${change} %), p99 ${busy.latency.p99} against ${quiet.latency.p99} ms`,
  );
}

const percent = (share: number) => `${Math.round(share * 100)} %`;
if (measured.some((m) => m.cpu)) {
  log(`\nwhere the processor time went (Linux's /proc): the machine's ${availableParallelism()} cores, and the share of their time the hypervisor gave to other machines; the server's process, and its main thread, which answers every request; this load generator`);
  log(`${'database'.padEnd(10)} ${'phase'.padEnd(18)} ${'machine'.padStart(8)} ${'stolen'.padStart(7)} ${'server cores'.padStart(13)} ${'main thread'.padStart(12)} ${'generator cores'.padStart(16)} ${'server µs a request'.padStart(20)}`);
  for (const { dialect, phase, cpu } of measured) {
    if (!cpu) continue;
    log(
      `${dialect.padEnd(10)} ${phase.padEnd(18)} ${percent(cpu.machineBusy).padStart(8)} ${percent(cpu.machineStolen).padStart(7)} ${cpu.serverCores.toFixed(2).padStart(13)} ${percent(cpu.mainThreadBusy).padStart(12)} ${cpu.generatorCores.toFixed(2).padStart(16)} ${cpu.serverMicrosPerRequest.toFixed(0).padStart(20)}`,
    );
  }
}
