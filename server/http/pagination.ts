/**
 * Cursor ("keyset") paging: a page ends at some row; the cursor carries that row's sort key
 * and the next page starts strictly after it. Unlike offsets, the cost of a page does not
 * grow with its depth, and rows inserted meanwhile do not shift pages.
 *
 * The cursor is opaque to clients (base64url JSON) and checked on the way in: it must be a
 * list of strings and numbers of the expected length, or the request is a 400.
 */
import { z } from '@hono/zod-openapi';
import { sql, type SelectQueryBuilder } from 'kysely';
import { badRequest } from './problem.ts';
import { textIssue } from './storable-input.ts';

export type CursorValue = string | number;
export type SortDirection = 'asc' | 'desc';

export const MAX_PAGE_SIZE = 1000;

export const PageQuery = {
  cursor: z.string().max(2000).optional().openapi({ description: 'The `nextCursor` of the previous page.' }),
  limit: z.coerce.number().int().min(1).max(MAX_PAGE_SIZE).default(50).openapi({ description: `Page size, 1..${MAX_PAGE_SIZE}.` }),
  order: z.enum(['asc', 'desc']).default('asc'),
};

export function pageSchema<T extends z.ZodType>(item: T) {
  return z.object({
    items: z.array(item),
    nextCursor: z.string().nullable().openapi({ description: 'Pass as `cursor` for the next page; null on the last page.' }),
  });
}

export function encodeCursor(values: CursorValue[]): string {
  return Buffer.from(JSON.stringify(values)).toString('base64url');
}

export function decodeCursor(cursor: string | undefined, length: number): CursorValue[] | null {
  if (cursor === undefined) return null;
  let values: unknown;
  try {
    values = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    values = undefined;
  }
  const valid =
    Array.isArray(values) && values.length === length && values.every((v) => (typeof v === 'string' && textIssue(v) === null) || (typeof v === 'number' && Number.isFinite(v)));
  if (!valid) throw badRequest('the cursor is not valid; use the nextCursor of a previous page of the same query', [{ path: 'cursor', message: 'not a cursor of this list', rule: 'cursor' }]);
  return values as CursorValue[];
}

/**
 * Applies a keyset page to a query: order by (`column`, `tie`) in `direction`, start after
 * `after`, fetch one row more than `limit` to know whether another page follows. `column` and
 * `tie` are fixed column names chosen by the caller, never client input.
 */
export function keyset<QB extends SelectQueryBuilder<any, any, any>>(
  query: QB,
  options: { column: string; tie: string; direction: SortDirection; after: CursorValue[] | null; limit: number },
): QB {
  const { column, tie, direction, after, limit } = options;
  const comparison = direction === 'asc' ? '>' : '<';
  let q = query;
  if (after) {
    // A row-value comparison, which both SQLite and PostgreSQL turn into one index range: the
    // equivalent `a > x or (a = x and b > y)` makes PostgreSQL read every row before the cursor.
    q = q.where((eb) => eb(sql`(${sql.ref(column)}, ${sql.ref(tie)})`, comparison, sql`(${after[0]}, ${after[1]})`)) as QB;
  }
  if (column !== tie) q = q.orderBy(sql.ref(column), direction) as QB;
  return q.orderBy(sql.ref(tie), direction).limit(limit + 1) as QB;
}

/**
 * Every row of a query, in `position` order, `sliceSize` rows a query: for reading whole lists
 * of any size without one long query (the query must select `position`; `column` names it
 * where a join makes the bare name ambiguous, as `results.position`).
 */
export async function* slicesInPositionOrder<Row extends { position: number }>(query: SelectQueryBuilder<any, any, Row>, sliceSize: number, column = 'position'): AsyncGenerator<Row[]> {
  let after: CursorValue[] | null = null;
  for (;;) {
    const rows: Row[] = await keyset(query, { column, tie: column, direction: 'asc', after, limit: sliceSize - 1 }).execute();
    if (rows.length > 0) yield rows;
    if (rows.length < sliceSize) return;
    const last = rows[rows.length - 1].position;
    after = [last, last];
  }
}

/** Cuts the extra row off and makes the cursor from the last row kept. */
export function toPage<Row, Item>(rows: Row[], limit: number, cursorOf: (row: Row) => CursorValue[], toItem: (row: Row) => Item): { items: Item[]; nextCursor: string | null } {
  const more = rows.length > limit;
  const kept = more ? rows.slice(0, limit) : rows;
  return { items: kept.map(toItem), nextCursor: more ? encodeCursor(cursorOf(kept[kept.length - 1])) : null };
}
