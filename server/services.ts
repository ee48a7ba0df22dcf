/** What the HTTP routes work with, made once at start (main.ts) or by a test. */
import type { Config } from './config.ts';
import type { Database, Db } from './db/open-database.ts';
import { OriginPolicy } from './http/client.ts';
import { RateLimiter } from './http/rate-limit.ts';
import { ResponseCache } from './http/response-cache.ts';
import type { Logger } from './logger.ts';
import { buildLookupIndex, buildPublicIndex } from './runs/index-builds.ts';
import type { PublicResultsIndex } from './runs/public-results-index.ts';
import { PublishedRuns } from './runs/published-runs.ts';
import { RunIndexes, type RunIndexReport } from './runs/run-indexes.ts';
import { RunQueue } from './runs/run-queue.ts';
import type { StudentLookupIndex } from './runs/student-lookup-index.ts';
import { WidgetBundle } from './static/widget-bundle.ts';

export interface Services {
  config: Config;
  /** Writes, and reads that must see them. */
  db: Db;
  /** Reads of the public paths (see open-database.ts). */
  reader: Db;
  logger: Logger;
  runs: RunQueue;
  origins: OriginPolicy;
  limits: {
    /** Requests per client address on public endpoints. */
    public: RateLimiter;
    /** Lookups per client address. */
    lookup: RateLimiter;
    /** Failed lookups per student. */
    lookupFailures: RateLimiter;
  };
  widget: WidgetBundle;
  /** Public answers of published runs, which never change. */
  publicCache: ResponseCache;
  /** Published runs' rows, for the public's requests about them. */
  publishedRuns: PublishedRuns;
  /** Rows of published runs in memory, for public pages deep in a list (built knowing the round's code salt, for pseudonyms). */
  publicIndexes: RunIndexes<PublicResultsIndex, string>;
  /** Students' code hashes and outcomes of published runs in memory, for lookups (built knowing the run's round). */
  lookupIndexes: RunIndexes<StudentLookupIndex, string>;
  /** In demo mode, a student id and personal code the demo page offers for the lookup. */
  demoStudent: { id: string; code: string } | null;
}

const MINUTE = 60_000;

function indexReport(logger: Logger, index: 'public' | 'lookup'): RunIndexReport {
  const readFrom = index === 'public' ? 'its result pages are read from the database' : 'its students are looked up in the database';
  return {
    ready: (run, rows, seconds) => logger.info('index of a published run ready', { index, run, rows, seconds }),
    failed: (run, error) => logger.warn(`the ${index} index of a run could not be built (tried again in a minute); ${readFrom}`, { run, error: String(error) }),
  };
}

/** Resolves once the in-memory indexes under way are built: before the database closes. */
export async function indexesSettled(services: Pick<Services, 'publicIndexes' | 'lookupIndexes'>): Promise<void> {
  await Promise.all([services.publicIndexes.settled(), services.lookupIndexes.settled()]);
}

export function createServices(config: Config, database: Database, logger: Logger, demoStudent: Services['demoStudent'] = null): Services {
  return {
    config,
    db: database.db,
    reader: database.reader,
    logger,
    runs: new RunQueue(database.db, config, logger),
    origins: new OriginPolicy(database.db, config.corsOrigins),
    limits: {
      public: new RateLimiter(config.rateLimitPublic, MINUTE),
      lookup: new RateLimiter(config.rateLimitLookup, MINUTE),
      lookupFailures: new RateLimiter(config.lookupFailuresPerStudent, 60 * MINUTE),
    },
    widget: new WidgetBundle(),
    publicCache: new ResponseCache(config.publicCacheBytes),
    publishedRuns: new PublishedRuns(),
    publicIndexes: new RunIndexes(config.publicIndexRows, (run, codeSalt) => buildPublicIndex(config.database, run, codeSalt), indexReport(logger, 'public')),
    lookupIndexes: new RunIndexes(config.lookupIndexRows, (run, roundId) => buildLookupIndex(config.database, run, roundId), indexReport(logger, 'lookup')),
    demoStudent,
  };
}
