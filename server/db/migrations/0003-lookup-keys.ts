/**
 * Lookup keys (auth/lookup-key.ts): a round's public salt and cost for deriving its students'
 * keys. Rounds from before keep null: their code hashes were salted with the secret code
 * salt, which cannot be published (it also makes the pseudonyms), so only codes are checked
 * there. Portable DDL only.
 */
import type { Kysely, Migration } from 'kysely';
import { textColumnType } from '../open-database.ts';
import { moveRoundHeadLast } from './column-order.ts';

export const lookupKeys: Migration = {
  async up(db: Kysely<any>) {
    await db.schema.alterTable('rounds').addColumn('lookup_salt', textColumnType(db)).execute();
    await db.schema.alterTable('rounds').addColumn('lookup_cost', 'integer').execute();
    await moveRoundHeadLast(db);
  },
};
