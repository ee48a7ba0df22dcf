/**
 * The app in-process over a real database (a SQLite file, or a PostgreSQL database: see
 * test-database.ts): for tests that need many requests and direct looks at the database
 * (imports, role matrix, bad inputs). The run queue is real: runs solve on worker threads as
 * in production, unless `solve: false`.
 */
import { createApp } from '../../../server/app.ts';
import { readConfig, type Config } from '../../../server/config.ts';
import { migrateToLatest } from '../../../server/db/migrate.ts';
import { openDatabase, type Database } from '../../../server/db/open-database.ts';
import { createLogger } from '../../../server/logger.ts';
import { seedNationalReferenceData } from '../../../server/repositories/reference-data.ts';
import { createServices, indexesSettled, type Services } from '../../../server/services.ts';
import { databaseEnv, requireProjectDialect } from './test-database.ts';

/**
 * Environment every test server runs with: quiet, no demo, fast code hashing, and runs of a
 * killed server taken up again after a second and a half rather than half a minute. Solves
 * keep the normal CPU priority: test files run side by side, and a solve lowered below the
 * other file's work waited for it (public-results-index.test.ts, which solves 700 students,
 * took 50 s instead of 7); solver-priority.test.ts tests SOLVER_NICE itself.
 */
export const TEST_ENV = { LOG_LEVEL: 'silent', DEMO: '0', WIDGET_BUILD: '0', CODE_HASH_COST: '1', SOLVER_THREADS: '1', SOLVER_NICE: '0', RUN_HEARTBEAT_MS: '250', RUN_STALE_MS: '1500' } as const;

export interface RequestOptions {
  key?: string;
  body?: unknown;
  /** Sent as is (with `contentType`) instead of JSON. */
  text?: string;
  contentType?: string;
  headers?: Record<string, string>;
}

export interface Harness {
  services: Services;
  database: Database;
  request(method: string, path: string, options?: RequestOptions): Promise<Response>;
  /** request() that expects a 2xx and returns the parsed JSON. */
  json<T = any>(method: string, path: string, options?: RequestOptions): Promise<T>;
  close(): Promise<void>;
}

/** `location`: a SQLite file or a postgres:// URL (test-database.ts makes them). */
export async function openHarness(location: string, options: { env?: Record<string, string>; solve?: boolean } = {}): Promise<Harness> {
  requireProjectDialect(location);
  const config: Config = readConfig({ ...TEST_ENV, ...databaseEnv(location), ...options.env });
  const database = openDatabase(location);
  await migrateToLatest(database.db);
  await seedNationalReferenceData(database.db);
  // A queue with no room never claims a run: requests can start runs that stay queued. It tends
  // the queue (re-queueing runs whose instance died, a write every heartbeat) only at its start
  // and then every 10 minutes, longer than any test: apps that share a SQLite file share one
  // process here, and that write would wait on SQLite's lock while another app stores a run;
  // better-sqlite3 waits synchronously (busy_timeout, 5 s), which stalled the whole process, the
  // store included (a run of 700 students took 21-32 s to finish instead of 1, and
  // public-results-index's setup up to 127 s, once over its 2-minute limit).
  const notSolving = { runConcurrency: 0, runHeartbeatMs: 600_000, runStaleMs: 1_800_000 };
  const services = createServices(options.solve === false ? { ...config, ...notSolving } : config, database, createLogger('silent'));
  await services.runs.start();
  const app = createApp(services);
  const request = (method: string, path: string, o: RequestOptions = {}) => {
    const headers: Record<string, string> = { ...o.headers };
    if (o.key) headers.authorization = `Bearer ${o.key}`;
    let body: string | undefined;
    if (o.text !== undefined) {
      body = o.text;
      headers['content-type'] ??= o.contentType ?? 'text/plain';
    } else if (o.body !== undefined) {
      body = JSON.stringify(o.body);
      headers['content-type'] ??= 'application/json';
    }
    return Promise.resolve(app.request(`http://localhost${path}`, { method, headers, body }));
  };
  return {
    services,
    database,
    request,
    async json(method, path, o) {
      const response = await request(method, path, o);
      const text = await response.text();
      if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text}`);
      return JSON.parse(text);
    },
    async close() {
      await services.runs.stop();
      await indexesSettled(services);
      await database.close();
    },
  };
}
