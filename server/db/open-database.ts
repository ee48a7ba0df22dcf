/**
 * Opening the database. This is the one place that knows the dialect: everything else talks
 * to Kysely in portable SQL. Today that is SQLite through better-sqlite3 (one file, WAL
 * mode); issue #6 adds PostgreSQL (`DATABASE_URL`, the `pg` driver) here.
 *
 * Two connections: `db` for writes and for reads that must see a request's own writes, and
 * `reader` for the public read paths. Kysely serialises the queries of one SQLite connection,
 * so a long import transaction on `db` would otherwise make every public request wait; in
 * WAL mode `reader` keeps reading the last committed state meanwhile.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, PostgresAdapter, SqliteDialect, type SqliteDatabase } from 'kysely';
import type { DatabaseSchema } from './schema.ts';

export type Db = Kysely<DatabaseSchema>;

export interface Database {
  db: Db;
  reader: Db;
  close(): Promise<void>;
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

export function openDatabase(path: string): Database {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const writer = openSqlite(path, false);
  const db = new Kysely<DatabaseSchema>({ dialect: new SqliteDialect({ database: withStatementCache(writer) }) });
  // An in-memory database cannot be opened twice; tests and tools that use one read through the writer.
  const reader = path === ':memory:' ? db : new Kysely<DatabaseSchema>({ dialect: new SqliteDialect({ database: withStatementCache(openSqlite(path, true)) }) });
  return {
    db,
    reader,
    async close() {
      if (reader !== db) await reader.destroy();
      // Fold the write-ahead log back into the database file, so a closed database is one file.
      writer.pragma('wal_checkpoint(TRUNCATE)');
      await db.destroy();
    },
  };
}

/** The column type for binary data (gzipped documents): `blob` in SQLite, `bytea` in PostgreSQL. */
export function binaryColumnType(db: Kysely<any>): 'blob' | 'bytea' {
  return db.getExecutor().adapter instanceof PostgresAdapter ? 'bytea' : 'blob';
}
