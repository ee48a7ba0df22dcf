/**
 * SQLite's checkpoints on a thread of their own (server/db/wal-checkpoints.ts): the writer
 * never checkpoints in a commit, the thread copies committed pages into the database file, a
 * failed thread hands checkpoints back to the writer, and closing leaves one file.
 */
import BetterSqlite3 from 'better-sqlite3';
import { existsSync, statSync } from 'node:fs';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateToLatest } from '../../server/db/migrate.ts';
import { openDatabase } from '../../server/db/open-database.ts';
import { checkpointOnAThread } from '../../server/db/wal-checkpoints.ts';
import { TEST_DIALECT, tempDir, testDatabases, type TestDatabases } from './support/test-database.ts';

let databases: TestDatabases;

beforeAll(() => {
  databases = testDatabases();
});

afterAll(async () => {
  await databases.remove();
});

const fileSize = (path: string) => (existsSync(path) ? statSync(path).size : 0);

async function until(holds: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!holds()) {
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return true;
}

describe.runIf(TEST_DIALECT === 'sqlite')('SQLite checkpoints on a thread', () => {
  it('leave the writer\'s commits alone and reach the database file from the thread', async () => {
    const location = await databases.create();
    const database = openDatabase(location, { checkpointThread: true });
    try {
      const setting = await sql<{ wal_autocheckpoint: number }>`pragma wal_autocheckpoint`.execute(database.db);
      expect(setting.rows).toEqual([{ wal_autocheckpoint: 0 }]);
      await migrateToLatest(database.db);
      // 2,000 pages of the log: more than the 1,000 at which the writer would checkpoint by itself.
      const text = 'x'.repeat(4_000);
      await database.db.transaction().execute(async (trx) => {
        for (let i = 0; i < 2_000; i++) {
          await trx.insertInto('regions').values({ code: `R${i}`, name: text, lat: 0, lon: 0 }).execute();
        }
      });
      expect(fileSize(`${location}-wal`)).toBeGreaterThan(8_000_000);
      expect(await until(() => fileSize(location) > 8_000_000, 10_000)).toBe(true);
      expect(await database.db.selectFrom('regions').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).toEqual({ n: 2_000 });
    } finally {
      await database.close();
    }
    // Closed: the log folded back into the one database file.
    expect(fileSize(`${location}-wal`)).toBe(0);
    const reopened = new BetterSqlite3(location, { readonly: true });
    expect(reopened.pragma('integrity_check', { simple: true })).toBe('ok');
    reopened.close();
  });

  it('hand checkpoints back to the writer, and say so, when the thread fails', async () => {
    const dir = tempDir();
    const writer = new BetterSqlite3(`${dir.path}/writer.sqlite`);
    try {
      writer.pragma('journal_mode = WAL');
      // The thread cannot open a database that is not there, and stops.
      const failure = await new Promise<Error>((resolve) => checkpointOnAThread(`${dir.path}/missing.sqlite`, writer, resolve));
      expect(failure.message).toMatch(/SQLITE_CANTOPEN/);
      expect(writer.pragma('wal_autocheckpoint', { simple: true })).toBe(1_000);
    } finally {
      writer.close();
      dir.remove();
    }
  });
});
