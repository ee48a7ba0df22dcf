/**
 * Writing a whole, validated round in one transaction: the round row, its four lists (in
 * batches) and any regions and specialties not seen before. Used by round imports and by
 * vacancy rounds. Either everything is written or, on any error, nothing.
 */
import type { Db } from '../db/open-database.ts';
import { conflict } from '../http/problem.ts';
import { insertEntities } from '../repositories/round-entities.ts';
import type { RoundHead } from '../repositories/rounds.ts';
import { addReferenceData } from '../repositories/reference-data.ts';
import type { Round } from '../../solver/schema.ts';
import { collegeRow, enterpriseRow, offerRow, studentRow } from './entity-rows.ts';

export interface StoreRoundInput {
  round: Round;
  /** Personal-code hashes by student id. */
  codeHashes: Map<string, string>;
  codeSalt: string;
  createdBy: string | null;
  sourceRunId: string | null;
}

function headOf(round: Round): RoundHead {
  const { colleges: _c, enterprises: _e, offers: _o, students: _s, ...head } = round;
  return head;
}

export async function storeRound(db: Db, input: StoreRoundInput): Promise<void> {
  const { round } = input;
  const id = round.round.id;
  const collegeRegion = new Map(round.colleges.map((c) => [c.id, c.region]));
  const enterpriseRegion = new Map(round.enterprises.map((e) => [e.id, e.region]));
  const now = new Date().toISOString();
  await db.transaction().execute(async (trx) => {
    // Not "check, then insert": two imports of one id at the same moment (on PostgreSQL) would
    // both pass the check. The second insert waits for the first to commit and then does nothing.
    const inserted = await trx
      .insertInto('rounds')
      .values({
        id,
        scope_region: round.round.scope?.region ?? null,
        mechanism: round.round.mechanism ?? 'optimal',
        status: 'draft',
        revision: 1,
        head_json: JSON.stringify(headOf(round)),
        code_salt: input.codeSalt,
        published_run_id: null,
        source_run_id: input.sourceRunId,
        created_by: input.createdBy,
        created_at: now,
        updated_at: now,
      })
      .onConflict((oc) => oc.column('id').doNothing())
      .executeTakeFirst();
    if (inserted.numInsertedOrUpdatedRows === 0n) throw conflict(`a round with id "${id}" already exists; import under another id`);
    await addReferenceData(trx, round.regions, round.specialties);
    await insertEntities(trx, 'colleges', round.colleges.map((c, i) => collegeRow(id, c, i)));
    await insertEntities(trx, 'enterprises', round.enterprises.map((e, i) => enterpriseRow(id, e, i)));
    await insertEntities(trx, 'offers', round.offers.map((o, i) => offerRow(id, o, i, enterpriseRegion.get(o.enterprise)!)));
    await insertEntities(trx, 'students', round.students.map((s, i) => studentRow(id, s, i, collegeRegion.get(s.college)!, input.codeHashes.get(s.id) ?? null)));
  });
}
