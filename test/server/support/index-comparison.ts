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
  const fromIndex = await openHarness(location, { env, solve: false });
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
