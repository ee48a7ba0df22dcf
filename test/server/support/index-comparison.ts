/**
 * Two apps over one new database, for checking an in-memory index against the database path:
 * `fromDatabase` with the index off (it also solves the runs), `fromIndex` with it on (it does
 * not solve, so runs are claimed by the other). Both get `env`; `indexOff` turns the index off.
 */
import { openHarness, type Harness } from './harness.ts';
import { testDatabases } from './test-database.ts';

export interface IndexComparison {
  location: string;
  fromDatabase: Harness;
  fromIndex: Harness;
  close(): Promise<void>;
}

export async function openIndexComparison(env: Record<string, string>, indexOff: Record<string, string>): Promise<IndexComparison> {
  const databases = testDatabases();
  const location = await databases.create();
  const fromDatabase = await openHarness(location, { env: { ...env, ...indexOff } });
  // The two apps share one process and, on SQLite, one file. The run queue's upkeep (re-queueing
  // runs whose instance died) writes every heartbeat; the index app's write would wait on
  // SQLite's lock while the other app stores a run, and better-sqlite3 waits synchronously
  // (busy_timeout, 5 s), which stalled the whole process, the store included: a run of 700
  // students took 21-32 s to finish instead of 1, and public-results-index's setup up to 127 s
  // (it once hit its 2-minute limit). The index app solves nothing, so its upkeep waits longer
  // than any test.
  const fromIndex = await openHarness(location, { env: { ...env, RUN_HEARTBEAT_MS: '600000', RUN_STALE_MS: '1800000' }, solve: false });
  return {
    location,
    fromDatabase,
    fromIndex,
    async close() {
      await fromIndex.close();
      await fromDatabase.close();
      await databases.remove();
    },
  };
}
