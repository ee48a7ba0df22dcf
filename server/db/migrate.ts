/**
 * Brings the database schema up to date at start. Migrations live in code (./migrations),
 * listed here in order: a static provider, so nothing depends on reading a folder at run time.
 */
import { Migrator, type Migration, type MigrationProvider } from 'kysely';
import { initialSchema } from './migrations/0001-initial.ts';
import { largeValuesApart } from './migrations/0002-large-values-apart.ts';
import { lookupKeys } from './migrations/0003-lookup-keys.ts';
import type { Db } from './open-database.ts';

const MIGRATIONS: Record<string, Migration> = {
  '0001-initial': initialSchema,
  '0002-large-values-apart': largeValuesApart,
  '0003-lookup-keys': lookupKeys,
};

const provider: MigrationProvider = { getMigrations: async () => MIGRATIONS };

/** Applies every pending migration; returns the names applied. Throws if one fails. */
export async function migrateToLatest(db: Db): Promise<string[]> {
  const { error, results } = await new Migrator({ db, provider }).migrateToLatest();
  if (error) throw new Error(`database migration failed: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
