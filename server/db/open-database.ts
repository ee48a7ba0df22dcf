/**
 * Opening the database. This is the one place that knows the dialect: everything else talks
 * to Kysely in portable SQL, and asks the helpers below where the dialects differ.
 *
 * - SQLite (the embedded default): one file, WAL mode, through better-sqlite3. Two
 *   connections: `db` for writes and for reads that must see a request's own writes, and
 *   `reader` for every other read (authentication, the GET endpoints). Kysely serialises
 *   the queries of one SQLite connection, so a long transaction on `db` (an import, a run's
 *   results being stored) would otherwise make every request wait; in WAL mode `reader`
 *   keeps reading the last committed state meanwhile.
 *   The server adds a third, on a thread of its own, for checkpoints (wal-checkpoints.ts).
 * - PostgreSQL (`postgres://` URLs): a pool of `pg` connections, shared by `db` and `reader`
 *   (every pooled connection reads the last committed state while another one writes).
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, PostgresAdapter, PostgresDialect, SqliteDialect, sql, type RawBuilder, type SelectQueryBuilder, type SqliteDatabase } from 'kysely';
import pg from 'pg';
import type { DatabaseSchema } from './schema.ts';
import { checkpointOnAThread } from './wal-checkpoints.ts';

export type Db = Kysely<DatabaseSchema>;
export type Dialect = 'sqlite' | 'postgres';

export interface Database {
  dialect: Dialect;
  db: Db;
  reader: Db;
  close(): Promise<void>;
}

export interface OpenOptions {
  /** Most connections a PostgreSQL pool opens. */
  poolSize?: number;
  /** Told about a pooled connection that broke while idle (the pool replaces it). */
  onConnectionError?: (error: Error) => void;
  /** SQLite: checkpoints on a thread of their own, off the event loop (wal-checkpoints.ts); for the server. */
  checkpointThread?: boolean;
  /** Told when that thread failed (the writer then checkpoints by itself again). */
  onCheckpointThreadFailure?: (error: Error) => void;
}

const POSTGRES_URL = /^postgres(ql)?:\/\//;

/** Whether a database location (DATABASE_URL or DATABASE_PATH) names a PostgreSQL server. */
export function dialectOfLocation(location: string): Dialect {
  return POSTGRES_URL.test(location) ? 'postgres' : 'sqlite';
}

/** A location fit to print: a password in a URL is masked. */
export function describeLocation(location: string): string {
  if (dialectOfLocation(location) === 'sqlite') return location;
  const url = new URL(location);
  if (url.password) url.password = '***';
  return url.toString();
}

function openSqlite(path: string, readonly: boolean): BetterSqlite3.Database {
  const connection = new BetterSqlite3(path, { readonly, fileMustExist: readonly });
  if (!readonly) {
    connection.pragma('journal_mode = WAL');
    // NORMAL is durable across application crashes in WAL mode and much faster than FULL.
    connection.pragma('synchronous = NORMAL');
  }
  connection.pragma('foreign_keys = ON');
  connection.pragma('busy_timeout = 5000');
  // A page cache of up to 32 MB rather than SQLite's 2 MB: storing a run's 100,000 results
  // updates nine B-trees at places all over them, and 2 MB kept too few of their pages (the
  // rows stored in 2.7-3.4 s instead of 3.8-4.7, batches of 200 in 5.4-6.6 ms instead of
  // 7.5-9.3). It is taken as pages are used, so a small database never holds it all.
  connection.pragma('cache_size = -32768');
  return connection;
}

/**
 * Kysely prepares every statement it runs; the hot queries are the same few texts again and
 * again, so prepared statements are kept (up to a bound) and reused.
 */
function withStatementCache(connection: BetterSqlite3.Database): SqliteDatabase {
  const statements = new Map<string, BetterSqlite3.Statement>();
  return {
    close: () => connection.close(),
    prepare(sql: string) {
      let statement = statements.get(sql);
      if (!statement) {
        if (statements.size >= 500) statements.clear();
        statements.set(sql, (statement = connection.prepare(sql)));
      }
      return statement;
    },
  };
}

function openSqliteDatabase(path: string, options: OpenOptions): Database {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const writer = openSqlite(path, false);
  const checkpoints = options.checkpointThread && path !== ':memory:' ? checkpointOnAThread(path, writer, (error) => options.onCheckpointThreadFailure?.(error)) : null;
  const db = new Kysely<DatabaseSchema>({ dialect: new SqliteDialect({ database: withStatementCache(writer) }) });
  // An in-memory database cannot be opened twice; tests and tools that use one read through the writer.
  const reader = path === ':memory:' ? db : new Kysely<DatabaseSchema>({ dialect: new SqliteDialect({ database: withStatementCache(openSqlite(path, true)) }) });
  return {
    dialect: 'sqlite',
    db,
    reader,
    async close() {
      if (reader !== db) await reader.destroy();
      await checkpoints?.stop();
      // Fold the write-ahead log back into the database file, so a closed database is one file.
      writer.pragma('wal_checkpoint(TRUNCATE)');
      await db.destroy();
    },
  };
}

/**
 * `pg` reads bigint (counts, sums, offers' places) as strings, since it may exceed 2^53;
 * here it never does (places are JavaScript numbers to begin with), so it is read as a
 * number, like SQLite's integers.
 */
const typeParser = ((oid: number, format?: 'text' | 'binary') => (oid === pg.types.builtins.INT8 ? Number : pg.types.getTypeParser(oid, format as 'text'))) as typeof pg.types.getTypeParser;

function openPostgresDatabase(url: string, options: OpenOptions): Database {
  const pool = new pg.Pool({ connectionString: url, max: options.poolSize ?? 10, application_name: 'dual-match', types: { getTypeParser: typeParser } });
  // Without a listener, an idle connection that breaks (a server restart, a network cut) would
  // end the process; the pool drops it either way and opens a new one when needed.
  pool.on('error', (error) => options.onConnectionError?.(error));
  const db = new Kysely<DatabaseSchema>({ dialect: new PostgresDialect({ pool }) });
  return { dialect: 'postgres', db, reader: db, close: () => db.destroy() };
}

/** Opens a SQLite file (a path) or a PostgreSQL database (a `postgres://` URL). */
export function openDatabase(location: string, options: OpenOptions = {}): Database {
  return dialectOfLocation(location) === 'postgres' ? openPostgresDatabase(location, options) : openSqliteDatabase(location, options);
}

/**
 * A read-only handle on a database another part of the process has opened and migrated: for
 * long reads on a worker thread. SQLite: one read-only connection (WAL lets it read while the
 * writer writes); PostgreSQL: a single connection of its own.
 */
export function openReader(location: string): { reader: Db; close(): Promise<void> } {
  if (dialectOfLocation(location) === 'postgres') {
    const { db, close } = openPostgresDatabase(location, { poolSize: 1 });
    return { reader: db, close };
  }
  const reader = new Kysely<DatabaseSchema>({ dialect: new SqliteDialect({ database: withStatementCache(openSqlite(location, true)) }) });
  return { reader, close: () => reader.destroy() };
}

const isPostgres = (db: Kysely<any>) => db.getExecutor().adapter instanceof PostgresAdapter;

/**
 * Whether the database's queries run on the event loop: better-sqlite3's do, and hold it until
 * they are done; PostgreSQL's wait for the server, and the loop answers requests meanwhile.
 */
export function queriesHoldEventLoop(db: Kysely<any>): boolean {
  return !isPostgres(db);
}

/**
 * After a bulk write, PostgreSQL's planner statistics are refreshed at once rather than
 * whenever autovacuum comes by. With stale ones (93 rows estimated for a run's 100,000
 * results), each slice of a published run's lookup index joined and sorted the whole rest of
 * the run (0.4-0.75 s a slice; 17-19 s for the index instead of about 8). SQLite has no
 * statistics unless ANALYZE is run, and plans by the same rules whatever the counts.
 */
export async function refreshPlannerStatistics(db: Kysely<any>, tables: readonly string[]): Promise<void> {
  if (!isPostgres(db)) return;
  for (const table of tables) await sql`analyze ${sql.table(table)}`.execute(db);
}

/** The column type for binary data (gzipped documents): `blob` in SQLite, `bytea` in PostgreSQL. */
export function binaryColumnType(db: Kysely<any>): 'blob' | 'bytea' {
  return isPostgres(db) ? 'bytea' : 'blob';
}

/**
 * The column type for text. SQLite compares text byte by byte (BINARY); PostgreSQL by the
 * database's collation, which on most servers ignores case and punctuation at first ('a' <
 * 'B', 'S-2' < 'S1'). Ids sort, page and prefix-match the same on both only with PostgreSQL's
 * "C" collation, byte order like SQLite's.
 */
export function textColumnType(db: Kysely<any>): 'text' | RawBuilder<unknown> {
  return isPostgres(db) ? sql`text collate "C"` : 'text';
}

/**
 * Locks the rows a query selects until the transaction ends (`for update`), so that what is
 * read stays true until the transaction writes; `skipLocked` passes over rows another
 * transaction holds instead of waiting for them. PostgreSQL only: SQLite has one writer, and
 * its write transactions never interleave.
 */
export function lockingRows<QB extends SelectQueryBuilder<any, any, any>>(db: Kysely<any>, query: QB, options: { skipLocked?: boolean } = {}): QB {
  if (!isPostgres(db)) return query;
  const locked = query.forUpdate();
  return (options.skipLocked ? locked.skipLocked() : locked) as QB;
}

/**
 * The database server's clock as ISO 8601 UTC text, the format of every time column. Leases
 * between instances (run heartbeats) are judged by this one clock, so the instances' own
 * clocks need not agree.
 */
export function databaseNow(db: Kysely<any>): RawBuilder<string> {
  return isPostgres(db) ? sql<string>`to_char(clock_timestamp() at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')` : sql<string>`strftime('%Y-%m-%dT%H:%M:%fZ', 'now')`;
}
