/**
 * The four lists of a round (colleges, enterprises, offers, students): reading them whole (to
 * export or snapshot a round), listing them a page at a time, and writing them.
 */
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import type { Insertable, Selectable } from 'kysely';
import { insertInBatches } from '../db/batches.ts';
import type { Db } from '../db/open-database.ts';
import type { DatabaseSchema } from '../db/schema.ts';
import { keyset, slicesInPositionOrder, toPage, type CursorValue, type SortDirection } from '../http/pagination.ts';
import type { EntityKind } from '../rounds/entity-rows.ts';

/** Rows read between two turns of the event loop when loading a whole list (a few ms of work). */
const LOAD_SLICE_ROWS = 5000;

/**
 * The JSON text of every entity of a kind, in the round's order. Read a slice at a time: one
 * query for the 100,000 students of a large round would hold the event loop (and every request
 * waiting on it) for a tenth of a second and more.
 */
export async function loadEntityTexts(db: Db, roundId: string, kind: EntityKind): Promise<string[]> {
  const texts: string[] = [];
  const query = db.selectFrom(kind).select(['position', 'data']).where('round_id', '=', roundId);
  for await (const rows of slicesInPositionOrder(query, LOAD_SLICE_ROWS)) {
    for (const row of rows) texts.push(row.data);
    await yieldToEventLoop();
  }
  return texts;
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

export async function findEntity<K extends EntityKind>(db: Db, roundId: string, kind: K, id: string): Promise<Selectable<DatabaseSchema[K]> | undefined> {
  // The four tables share round_id and id, which is all this query names.
  const row = await db.selectFrom(kind as EntityKind).selectAll().where('round_id', '=', roundId).where('id', '=', id).executeTakeFirst();
  return row as Selectable<DatabaseSchema[K]> | undefined;
}

/** Writes an entity's row anew (its data and the columns copied from it), keeping its round and id. */
export async function replaceEntity<K extends EntityKind>(db: Db, kind: K, row: Insertable<DatabaseSchema[K]>): Promise<void> {
  const { round_id, id, ...fields } = row as Insertable<DatabaseSchema[EntityKind]>;
  await db
    .updateTable(kind as EntityKind)
    .set(fields as never)
    .where('round_id', '=', round_id)
    .where('id', '=', id)
    .execute();
}

// Well under the bound-parameter limits (32,766 in SQLite, 65,535 in PostgreSQL).
const IDS_PER_QUERY = 10_000;

/** Which of `ids` are students of the round. */
export async function knownStudentIds(db: Db, roundId: string, ids: readonly string[]): Promise<Set<string>> {
  const known = new Set<string>();
  for (let start = 0; start < ids.length; start += IDS_PER_QUERY) {
    const rows = await db.selectFrom('students').select('id').where('round_id', '=', roundId).where('id', 'in', ids.slice(start, start + IDS_PER_QUERY)).execute();
    for (const row of rows) known.add(row.id);
  }
  return known;
}

export async function studentCodeHashes(db: Db, roundId: string): Promise<Map<string, string>> {
  const rows = await db.selectFrom('students').select(['id', 'code_hash']).where('round_id', '=', roundId).where('code_hash', 'is not', null).execute();
  return new Map(rows.map((row) => [row.id, row.code_hash!]));
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
