/**
 * The databases a server test runs on. One suite, two dialects: the vitest project `node`
 * runs the server tests on SQLite files in a temporary folder; the project `postgres` runs
 * the same files with TEST_DB=postgres, on fresh databases made on the PostgreSQL server at
 * TEST_DATABASE_URL (.ci/with-postgres starts a throwaway one). Each test file makes its own
 * databases, so files run in parallel without seeing each other, and drops them at the end.
 */
import { randomBytes } from 'node:crypto';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { dialectOfLocation, type Dialect } from '../../../server/db/open-database.ts';

export const TEST_DIALECT: Dialect = process.env.TEST_DB === 'postgres' ? 'postgres' : 'sqlite';

/** Refuses a database of another dialect than the project's: a test of the project `postgres` on a SQLite file would pass without testing PostgreSQL. */
export function requireProjectDialect(location: string): void {
  if (TEST_DIALECT === 'postgres' && dialectOfLocation(location) !== 'postgres') {
    throw new Error(`the postgres project needs PostgreSQL databases: make them with testDatabases() (test-database.ts), not ${location}`);
  }
}

export function tempDir(prefix = 'dual-match-test-'): { path: string; remove(): void } {
  const path = mkdtempSync(join(tmpdir(), prefix));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

export interface TestDatabases {
  dialect: Dialect;
  /** A temporary folder, for SQLite files and anything else a test writes. */
  dir: string;
  /** A new, empty database: its location, a file path or a postgres:// URL. */
  create(): Promise<string>;
  /** A new database holding what `location` (closed by now) holds. */
  copy(location: string): Promise<string>;
  /** Drops every database made here and removes the folder. */
  remove(): Promise<void>;
}

function sqliteDatabases(): TestDatabases {
  const dir = tempDir();
  let made = 0;
  return {
    dialect: 'sqlite',
    dir: dir.path,
    create: async () => `${dir.path}/db-${made++}.sqlite`,
    async copy(location) {
      const copy = `${dir.path}/db-${made++}.sqlite`;
      copyFileSync(location, copy);
      return copy;
    },
    remove: async () => dir.remove(),
  };
}

function postgresDatabases(): TestDatabases {
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (!serverUrl) throw new Error('TEST_DB=postgres needs TEST_DATABASE_URL (run the tests through .ci/with-postgres)');
  const dir = tempDir();
  const made: string[] = [];
  const admin = async <T>(work: (client: pg.Client) => Promise<T>): Promise<T> => {
    const client = new pg.Client({ connectionString: serverUrl });
    await client.connect();
    try {
      return await work(client);
    } finally {
      await client.end();
    }
  };
  const urlOf = (name: string) => {
    const url = new URL(serverUrl);
    url.pathname = `/${name}`;
    return url.toString();
  };
  const nameOf = (location: string) => new URL(location).pathname.slice(1);
  // Names are made here from random hex, never from input: safe to put in the statements.
  const make = async (template: string | null) => {
    const name = `dual_match_test_${randomBytes(6).toString('hex')}`;
    await admin((client) => client.query(`create database ${name}${template ? ` template ${template}` : ''}`));
    made.push(name);
    return urlOf(name);
  };
  return {
    dialect: 'postgres',
    dir: dir.path,
    create: () => make(null),
    copy: (location) => make(nameOf(location)),
    async remove() {
      // `force` also ends connections that a killed server process left behind.
      await admin(async (client) => {
        for (const name of made) await client.query(`drop database if exists ${name} with (force)`);
      });
      dir.remove();
    },
  };
}

/** Databases of the project's dialect (or of `dialect`: the load benchmark measures both). */
export function testDatabases(dialect: Dialect = TEST_DIALECT): TestDatabases {
  return dialect === 'postgres' ? postgresDatabases() : sqliteDatabases();
}

/** The environment that points a server process (or `npm run keys`) at a database: a file path or a postgres:// URL. */
export function databaseEnv(location: string): Record<string, string> {
  return dialectOfLocation(location) === 'postgres' ? { DATABASE_URL: location } : { DATABASE_PATH: location };
}
