/**
 * The four lists of a round (colleges, enterprises, offers, students): reading them whole (to
 * export or snapshot a round), listing them a page at a time, and writing them.
 */
import type { Insertable } from 'kysely';
import { insertInBatches } from '../db/batches.ts';
import type { Db } from '../db/open-database.ts';
import type { DatabaseSchema, OfferRow } from '../db/schema.ts';
import { keyset, toPage, type CursorValue, type SortDirection } from '../http/pagination.ts';
import type { EntityKind } from '../rounds/entity-rows.ts';

/** The JSON text of every entity of a kind, in the round's order. */
export async function loadEntityTexts(db: Db, roundId: string, kind: EntityKind): Promise<string[]> {
  const rows = await db.selectFrom(kind).select('data').where('round_id', '=', roundId).orderBy('position').execute();
  return rows.map((row) => row.data);
}

export async function insertEntities<K extends EntityKind>(db: Db, kind: K, rows: readonly Insertable<DatabaseSchema[K]>[]): Promise<void> {
  await insertInBatches(db, kind, rows);
}

export async function deleteEntities(db: Db, roundId: string, kind: EntityKind): Promise<void> {
  await db.deleteFrom(kind).where('round_id', '=', roundId).execute();
}

export async function nextPosition(db: Db, roundId: string, kind: EntityKind): Promise<number> {
  const row = await db.selectFrom(kind).select((eb) => eb.fn.max('position').as('max')).where('round_id', '=', roundId).executeTakeFirst();
  return row?.max === null || row?.max === undefined ? 0 : Number(row.max) + 1;
}

/** id -> region of a round's colleges or enterprises (students and offers carry their region). */
export async function regionsById(db: Db, roundId: string, kind: 'colleges' | 'enterprises'): Promise<Map<string, string>> {
  const rows = await db.selectFrom(kind).select(['id', 'region']).where('round_id', '=', roundId).execute();
  return new Map(rows.map((row) => [row.id, row.region]));
}

export async function findOffer(db: Db, roundId: string, offerId: string): Promise<OfferRow | undefined> {
  return db.selectFrom('offers').selectAll().where('round_id', '=', roundId).where('id', '=', offerId).executeTakeFirst();
}

export async function replaceOffer(db: Db, row: Insertable<DatabaseSchema['offers']>): Promise<void> {
  const { round_id, id, ...fields } = row;
  await db.updateTable('offers').set(fields).where('round_id', '=', round_id).where('id', '=', id).execute();
}

export async function studentCodeHashes(db: Db, roundId: string): Promise<Map<string, string>> {
  const rows = await db.selectFrom('students').select(['id', 'code_hash']).where('round_id', '=', roundId).where('code_hash', 'is not', null).execute();
  return new Map(rows.map((row) => [row.id, row.code_hash!]));
}

export async function findStudentCodeHash(db: Db, roundId: string, studentId: string): Promise<string | null> {
  const row = await db.selectFrom('students').select('code_hash').where('round_id', '=', roundId).where('id', '=', studentId).executeTakeFirst();
  return row?.code_hash ?? null;
}

/** What each list can be filtered and sorted by: table columns, named as in the API. */
export const ENTITY_LISTS = {
  colleges: { filters: ['region'], sorts: ['position', 'id'] },
  enterprises: { filters: ['region'], sorts: ['position', 'id'] },
  offers: { filters: ['enterprise', 'specialty', 'region'], sorts: ['position', 'id', 'places'] },
  students: { filters: ['college', 'specialty', 'region'], sorts: ['position', 'id', 'score'] },
} as const satisfies Record<EntityKind, { filters: readonly string[]; sorts: readonly string[] }>;

export interface EntityListQuery {
  /** The list's filters, plus `id` (used to show an enterprise key only its own enterprise). */
  filters: Record<string, string | undefined>;
  sort: string;
  order: SortDirection;
  after: CursorValue[] | null;
  limit: number;
}

/** A page of a list; items are the entities as in the round file (students also say whether they have a code). */
export async function listEntities(db: Db, roundId: string, kind: EntityKind, query: EntityListQuery) {
  const spec = ENTITY_LISTS[kind];
  if (!(spec.sorts as readonly string[]).includes(query.sort)) throw new Error(`internal error: ${kind} cannot be sorted by ${query.sort}`);
  // The four tables share id, position and data; the filter and sort columns come from ENTITY_LISTS.
  let q = db.selectFrom(kind as 'students').selectAll().where('round_id', '=', roundId);
  for (const column of spec.filters) {
    const value = query.filters[column];
    if (value !== undefined) q = q.where(column as 'region', '=', value);
  }
  if (query.filters.id !== undefined) q = q.where('id', '=', query.filters.id);
  const rows = (await keyset(q, { column: query.sort, tie: 'id', direction: query.order, after: query.after, limit: query.limit }).execute()) as unknown as Record<string, unknown>[];
  return toPage(
    rows,
    query.limit,
    (row) => [row[query.sort] as CursorValue, row.id as string],
    (row) => {
      const item = JSON.parse(row.data as string) as Record<string, unknown>;
      return kind === 'students' ? { ...item, hasCode: row.code_hash !== null } : item;
    },
  );
}
