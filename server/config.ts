/**
 * The server's configuration, read once from environment variables. Every variable has a
 * default that works for the embedded demo setup; docs/server.md lists them all.
 */
import { availableParallelism, hostname } from 'node:os';
import { z } from 'zod';

const MB = 1024 * 1024;

const Flag = z
  .enum(['1', '0', 'true', 'false', 'yes', 'no', 'on', 'off', ''])
  .transform((value) => ['1', 'true', 'yes', 'on'].includes(value));
const Count = (min: number, max: number) => z.coerce.number().int().min(min).max(max);
const List = z.string().transform((value) => value.split(',').map((item) => item.trim()).filter(Boolean));

const EnvSchema = z.object({
  PORT: Count(0, 65535).default(8787),
  HOST: z.string().min(1).default('127.0.0.1'),
  /** The URL printed at start and used in the demo page; defaults to http://HOST:PORT. */
  PUBLIC_URL: z.url().optional(),
  DATABASE_PATH: z.string().min(1).default('./data/dual-match.db'),
  /** A PostgreSQL server instead of the SQLite file: `postgres://user:password@host:5432/name`. */
  DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\/\S+$/, 'must be a postgres:// URL (leave it unset for SQLite)').optional(),
  /** Most connections this instance opens to PostgreSQL. */
  DATABASE_POOL_SIZE: Count(1, 1000).default(10),
  NODE_ENV: z.string().default('development'),
  /** Demo mode: seed the demo round and a fixed, documented demo key. Off in production. */
  DEMO: Flag.optional(),
  CORS_ORIGINS: List.default([]),
  BODY_LIMIT_BYTES: Count(1024, 1024 * MB).default(1 * MB),
  IMPORT_BODY_LIMIT_BYTES: Count(1024, 4096 * MB).default(200 * MB),
  /** Requests per minute per client address on public endpoints; 0 turns the limit off. */
  RATE_LIMIT_PUBLIC: Count(0, 1_000_000).default(600),
  /** Personal-code lookups per minute per client address; 0 turns the limit off. */
  RATE_LIMIT_LOOKUP: Count(0, 1_000_000).default(10),
  /** Failed lookups per student per hour before that student's lookups are refused. */
  LOOKUP_FAILURES_PER_STUDENT: Count(1, 1000).default(10),
  /** Take the client address from X-Forwarded-For (only behind a trusted reverse proxy). */
  TRUST_PROXY: Flag.default(false),
  /** Memory for public answers of published runs (response-cache.ts); 0 turns the cache off. */
  PUBLIC_CACHE_MB: Count(0, 100_000).default(64),
  /** Rows of published runs held in memory for public result pages (public-results-index.ts); 0 reads every page from the database. */
  PUBLIC_INDEX_ROWS: Count(0, 100_000_000).default(500_000),
  /** Students of published runs whose code hash and outcome are held in memory for lookups (student-lookup-index.ts); 0 looks every student up in the database. */
  LOOKUP_INDEX_ROWS: Count(0, 100_000_000).default(500_000),
  /** Flow-engine threads per solve; 1 solves on the run's own worker thread. */
  SOLVER_THREADS: Count(1, 64).default(Math.max(1, availableParallelism() - 1)),
  /**
   * CPU priority (nice, 0..19) of the solver's threads on Linux: above 0, answering requests
   * comes before solving when both want the cores. 0 keeps the process's own priority.
   */
  SOLVER_NICE: Count(0, 19).default(10),
  /** Runs solved at the same time by this instance. */
  RUN_CONCURRENCY: Count(1, 16).default(1),
  /** A run that fails this many times (e.g. the process died while solving it) is marked failed. */
  RUN_MAX_ATTEMPTS: Count(1, 100).default(3),
  TOKEN_TTL_SECONDS: Count(60, 24 * 3600).default(900),
  /** log2 of scrypt's N for personal codes (docs/api.md explains the choice). */
  CODE_HASH_COST: Count(1, 20).default(7),
  /** Names this process in `runs.claimed_by`; unique among the instances sharing a database. */
  INSTANCE_ID: z.string().min(1).max(200).default(`${hostname()}:${process.pid}`),
  /** How often a solving run's row is touched to say its instance is alive. */
  RUN_HEARTBEAT_MS: Count(50, 600_000).default(5_000),
  /** A solving run whose heartbeat is older than this lost its instance: any instance re-queues it. */
  RUN_STALE_MS: Count(200, 3_600_000).default(30_000),
  /** Build the widget bundle at start when dist/widget/widget.js is missing. */
  WIDGET_BUILD: Flag.default(true),
  SHUTDOWN_TIMEOUT_MS: Count(0, 600_000).default(15_000),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info'),
}).refine((e) => e.RUN_STALE_MS >= 3 * e.RUN_HEARTBEAT_MS, {
  path: ['RUN_STALE_MS'],
  message: 'must be at least 3 times RUN_HEARTBEAT_MS (one late heartbeat must not give a run up)',
});

export class ConfigError extends Error {
  override name = 'ConfigError';
}

export type Config = ReturnType<typeof readConfig>;

export function readConfig(env: Record<string, string | undefined> = process.env) {
  // Empty variables count as unset, so `PORT= npm start` means the default.
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));
  const parsed = EnvSchema.safeParse(present);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`invalid configuration:\n  ${lines.join('\n  ')}`);
  }
  const e = parsed.data;
  const production = e.NODE_ENV === 'production';
  return {
    port: e.PORT,
    host: e.HOST,
    publicUrl: e.PUBLIC_URL?.replace(/\/$/, ''),
    /** Where the data lives: the PostgreSQL URL when given, else the SQLite file. */
    database: e.DATABASE_URL ?? e.DATABASE_PATH,
    databasePoolSize: e.DATABASE_POOL_SIZE,
    production,
    demo: e.DEMO ?? !production,
    corsOrigins: e.CORS_ORIGINS,
    bodyLimitBytes: e.BODY_LIMIT_BYTES,
    importBodyLimitBytes: e.IMPORT_BODY_LIMIT_BYTES,
    rateLimitPublic: e.RATE_LIMIT_PUBLIC,
    rateLimitLookup: e.RATE_LIMIT_LOOKUP,
    lookupFailuresPerStudent: e.LOOKUP_FAILURES_PER_STUDENT,
    trustProxy: e.TRUST_PROXY,
    publicCacheBytes: e.PUBLIC_CACHE_MB * MB,
    publicIndexRows: e.PUBLIC_INDEX_ROWS,
    lookupIndexRows: e.LOOKUP_INDEX_ROWS,
    solverThreads: e.SOLVER_THREADS,
    solverNice: e.SOLVER_NICE,
    runConcurrency: e.RUN_CONCURRENCY,
    runMaxAttempts: e.RUN_MAX_ATTEMPTS,
    tokenTtlSeconds: e.TOKEN_TTL_SECONDS,
    codeHashCost: e.CODE_HASH_COST,
    instanceId: e.INSTANCE_ID,
    runHeartbeatMs: e.RUN_HEARTBEAT_MS,
    runStaleMs: e.RUN_STALE_MS,
    widgetBuild: e.WIDGET_BUILD,
    shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS,
    logLevel: e.LOG_LEVEL,
  } as const;
}
