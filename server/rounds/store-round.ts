/**
 * Writing a whole, validated round in one transaction: the round row, its four lists (in
 * batches) and any regions and specialties not seen before. Used by round imports and by
 * vacancy rounds. Either everything is written or, on any error, nothing.
 *
 * The rows are made beforehand (roundRows), in slices: a large round file's on a worker thread
 * (off-loop-checks.ts), parsed a slice at a time as they are stored.
 */
import type { Insertable } from 'kysely';
import type { RoundCodeSalts } from '../auth/personal-codes.ts';
import type { CollegesTable, EnterprisesTable, OffersTable, StudentsTable } from '../db/schema.ts';
import type { Db } from '../db/open-database.ts';
import { sliced } from '../db/row-slices.ts';
import { conflict } from '../http/problem.ts';
import { insertEntities } from '../repositories/round-entities.ts';
import type { RoundHead } from '../repositories/rounds.ts';
import { addReferenceData } from '../repositories/reference-data.ts';
import type { Round } from '../../solver/schema.ts';
import { collegeRow, enterpriseRow, offerRow, studentRow } from './entity-rows.ts';

/** A round's lists as the rows they are stored in, in slices; students' rows have no code hash yet. */
export interface RoundLists {
  colleges: Iterable<Insertable<CollegesTable>[]>;
  enterprises: Iterable<Insertable<EnterprisesTable>[]>;
  offers: Iterable<Insertable<OffersTable>[]>;
  students: Iterable<Insertable<StudentsTable>[]>;
}

export interface RoundRows {
  head: RoundHead;
  lists: RoundLists;
}

export interface StoreRoundInput {
  rows: RoundRows;
  /** Personal-code hashes by student id. */
  codeHashes: Map<string, string>;
  /** The salts the hashes were made with (a vacancy round keeps its source round's). */
  salts: RoundCodeSalts;
  createdBy: string | null;
  sourceRunId: string | null;
}

/** A round's offers as rows (each with its enterprise's region), in slices. */
export function offerRows(round: Round): Insertable<OffersTable>[][] {
  const enterpriseRegion = new Map(round.enterprises.map((e) => [e.id, e.region]));
  return sliced(round.offers.map((o, i) => offerRow(round.round.id, o, i, enterpriseRegion.get(o.enterprise)!)));
}

/** A round's students as rows (each with its college's region, no code hash yet), in slices. */
export function studentRows(round: Round): Insertable<StudentsTable>[][] {
  const collegeRegion = new Map(round.colleges.map((c) => [c.id, c.region]));
  return sliced(round.students.map((s, i) => studentRow(round.round.id, s, i, collegeRegion.get(s.college)!, null)));
}

export function roundRows(round: Round): RoundRows {
  const { colleges, enterprises, offers: _offers, students: _students, ...head } = round;
  const id = round.round.id;
  return {
    head,
    lists: {
      colleges: sliced(colleges.map((c, i) => collegeRow(id, c, i))),
      enterprises: sliced(enterprises.map((e, i) => enterpriseRow(id, e, i))),
      offers: offerRows(round),
      students: studentRows(round),
    },
  };
}

export async function storeRound(db: Db, input: StoreRoundInput): Promise<void> {
  const { head, lists } = input.rows;
  const id = head.round.id;
  const now = new Date().toISOString();
  await db.transaction().execute(async (trx) => {
    // Not "check, then insert": two imports of one id at the same moment (on PostgreSQL) would
    // both pass the check. The second insert waits for the first to commit and then does nothing.
    const inserted = await trx
      .insertInto('rounds')
      .values({
        id,
        scope_region: head.round.scope?.region ?? null,
        mechanism: head.round.mechanism ?? 'optimal',
        status: 'draft',
        revision: 1,
        head_json: JSON.stringify(head),
        code_salt: input.salts.code_salt,
        lookup_salt: input.salts.lookup_salt,
        lookup_cost: input.salts.lookup_cost,
        published_run_id: null,
        source_run_id: input.sourceRunId,
        created_by: input.createdBy,
        created_at: now,
        updated_at: now,
      })
      .onConflict((oc) => oc.column('id').doNothing())
      .executeTakeFirst();
    if (inserted.numInsertedOrUpdatedRows === 0n) throw conflict(`a round with id "${id}" already exists; import under another id`);
    await addReferenceData(trx, head.regions, head.specialties);
    for (const slice of lists.colleges) await insertEntities(trx, 'colleges', slice);
    for (const slice of lists.enterprises) await insertEntities(trx, 'enterprises', slice);
    for (const slice of lists.offers) await insertEntities(trx, 'offers', slice);
    for (const slice of lists.students) await insertEntities(trx, 'students', slice.map((row) => ({ ...row, code_hash: input.codeHashes.get(row.id) ?? null })));
  });
}
