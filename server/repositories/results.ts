/**
 * A finished run's result rows: filtered, sorted pages for the results lists, one student's
 * row for the lookup, and aggregates for comparisons. Every filter and sort has an index that
 * ends in `position` (see the migration), so a page is an index range scan at any depth.
 */
import type { SelectQueryBuilder } from 'kysely';
import type { Db } from '../db/open-database.ts';
import { reusableQuery } from '../db/reusable-query.ts';
import type { DatabaseSchema, ResultRow } from '../db/schema.ts';
import { badRequest } from '../http/problem.ts';
import { decodeCursor, encodeCursor, keyset, slicesInPositionOrder, type CursorValue, type SortDirection } from '../http/pagination.ts';

export const RESULT_FILTERS = ['specialty', 'region', 'college', 'enterprise', 'offer', 'status'] as const;
export type ResultFilters = Partial<Record<(typeof RESULT_FILTERS)[number], string>> & { studentPrefix?: string };

/** Sort keys; the nullable ones (unplaced students have no rank, km or enterprise) list their nulls last. */
export const RESULT_SORTS = ['position', 'student', 'specialty', 'region', 'college', 'enterprise', 'rank', 'km'] as const;
export type ResultSort = (typeof RESULT_SORTS)[number];
const NULLABLE_SORTS: readonly ResultSort[] = ['enterprise', 'rank', 'km'];

/** Every column but the explanation, which only a student's own outcome shows: lists need not read it. */
const LIST_COLUMNS = [
  'run_id', 'position', 'student', 'name', 'score', 'priority', 'college', 'college_name', 'specialty', 'region', 'status', 'offer', 'enterprise',
  'enterprise_name', 'rank', 'km', 'reason', 'detail',
] as const satisfies readonly (keyof ResultRow)[];
export type ResultListRow = Omit<ResultRow, 'explanation'>;
const RESULT_COLUMNS = [...LIST_COLUMNS, 'explanation'] as const satisfies readonly (keyof ResultRow)[];

type ResultsQuery = SelectQueryBuilder<DatabaseSchema, 'results', ResultListRow>;

function filtered(db: Db, runId: string, filters: ResultFilters): ResultsQuery {
  let q = db.selectFrom('results').select(LIST_COLUMNS).where('run_id', '=', runId);
  for (const column of RESULT_FILTERS) {
    const value = filters[column];
    if (value !== undefined) q = q.where(column, '=', value);
  }
  // A prefix range rather than LIKE (case-insensitive in SQLite, not in PostgreSQL): it uses the
  // index and has no wildcards to escape. Both compare text byte by byte (the column's "C"
  // collation in PostgreSQL), where the prefix followed by anything but the last code point,
  // U+10FFFF (a noncharacter), sorts below the prefix followed by it.
  if (filters.studentPrefix) q = q.where('student', '>=', filters.studentPrefix).where('student', '<', `${filters.studentPrefix}\u{10FFFF}`);
  return q;
}

export interface ResultPageQuery {
  filters: ResultFilters;
  sort: ResultSort;
  order: SortDirection;
  cursor: string | undefined;
  limit: number;
}

/** The sort keys whose values are numbers (the others are text); position and rank are integer columns. */
const NUMERIC_SORTS: readonly ResultSort[] = ['position', 'rank', 'km'];
const INTEGER_SORTS: readonly ResultSort[] = ['position', 'rank'];

/** A value an integer column can be compared with on both databases (PostgreSQL refuses 2.5 or 2^31 for an integer). */
const isInteger32 = (value: unknown): value is number => Number.isInteger(value) && Math.abs(value as number) <= 2 ** 31 - 1;

export function isNullableSort(sort: ResultSort): boolean {
  return NULLABLE_SORTS.includes(sort);
}

/** Whether a sort key's values are numbers (else text). */
export function isNumericSort(sort: ResultSort): boolean {
  return NUMERIC_SORTS.includes(sort);
}

/**
 * Where a page starts. Cursors are `[part, value, position]`: part 0 walks the rows that have
 * a value for the sort key, part 1 then the rows without one (by position). A cursor must
 * carry a value of the sort key's type: comparing a number column with text is not an order
 * both databases (nor the in-memory public index) agree on, and comparing an integer column
 * with a fraction (or with a number beyond 32 bits) is an error on PostgreSQL.
 */
export interface ResultCursor {
  part: 0 | 1;
  value: CursorValue;
  position: number;
}

export function decodeResultCursor(cursor: string | undefined, sort: ResultSort): ResultCursor | null {
  const after = decodeCursor(cursor, 3);
  if (after === null) return null;
  const [part, value, position] = after;
  const valueType = isNumericSort(sort) ? 'number' : 'string';
  const valueFits = typeof value === valueType && (!INTEGER_SORTS.includes(sort) || isInteger32(value));
  if ((part !== 0 && part !== 1) || !isInteger32(position) || (part === 0 && !valueFits)) {
    throw badRequest('the cursor is not valid for this list', [{ path: 'cursor', message: 'not a cursor of this list', rule: 'cursor' }]);
  }
  return { part, value, position };
}

/** The cursor of the page after the one that ends with `last`. */
export function nextResultCursor(value: CursorValue | null, position: number): string {
  return encodeCursor(value === null ? [1, 0, position] : [0, value, position]);
}

/** A page of rows, sorted by `sort` then position, rows without a value for the sort key last. */
export async function resultPage(db: Db, runId: string, query: ResultPageQuery): Promise<{ rows: ResultListRow[]; nextCursor: string | null }> {
  const { sort, order, limit } = query;
  const after = decodeResultCursor(query.cursor, sort);
  const part = after?.part ?? 0;
  const base = filtered(db, runId, query.filters);
  let rows: ResultListRow[] = [];
  if (part === 0) {
    const withValue = isNullableSort(sort) ? base.where(sort, 'is not', null) : base;
    rows = await keyset(withValue, { column: sort, tie: 'position', direction: order, after: after && [after.value, after.position], limit }).execute();
  }
  if (rows.length <= limit && isNullableSort(sort)) {
    const nullsAfter: CursorValue[] | null = part === 1 ? [after!.position, after!.position] : null;
    const withoutValue = base.where(sort, 'is', null);
    const more = await keyset(withoutValue, { column: 'position', tie: 'position', direction: order, after: nullsAfter, limit: limit - rows.length }).execute();
    rows = rows.concat(more);
  }
  const hasMore = rows.length > limit;
  const kept = hasMore ? rows.slice(0, limit) : rows;
  const last = kept[kept.length - 1];
  return { rows: kept, nextCursor: hasMore ? nextResultCursor(last[sort] as CursorValue | null, last.position) : null };
}

export async function countResults(db: Db, runId: string, filters: ResultFilters): Promise<number> {
  const row = await filtered(db, runId, filters).clearSelect().select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

// The hottest query of the public's: compiled once (reusable-query.ts).
const studentResultQuery = reusableQuery((db: Db, runId: string, roundId: string, student: string) =>
  db
    .selectFrom('students')
    .leftJoin('results', (join) => join.onRef('results.student', '=', 'students.id').on('results.run_id', '=', runId))
    .select('students.code_hash')
    .select(RESULT_COLUMNS.map((column) => `results.${column}` as const))
    .where('students.round_id', '=', roundId)
    .where('students.id', '=', student),
);

/**
 * What a student's lookup needs, in one read: the hash of the student's personal code (null
 * when the round has no such student, or no code for it) and the student's row in the run.
 */
export async function findStudentResult(db: Db, run: { id: string; round_id: string }, student: string): Promise<{ codeHash: string | null; row: ResultRow | undefined }> {
  const [found] = await studentResultQuery(db, run.id, run.round_id, student);
  if (!found) return { codeHash: null, row: undefined };
  const { code_hash, ...row } = found;
  return { codeHash: code_hash, row: row.run_id === null ? undefined : (row as ResultRow) };
}

/**
 * Every row of a run whose student has a personal code, with the code's hash, in the round's
 * order, a slice at a time (for the lookup index of a published run).
 */
export function studentResultsInOrder(db: Db, run: { id: string; round_id: string }, sliceSize: number): AsyncGenerator<(ResultRow & { code_hash: string })[]> {
  const query = db
    .selectFrom('results')
    .innerJoin('students', (join) => join.onRef('students.id', '=', 'results.student').on('students.round_id', '=', run.round_id))
    .select(RESULT_COLUMNS.map((column) => `results.${column}` as const))
    .select('students.code_hash')
    .where('results.run_id', '=', run.id)
    .where('students.code_hash', 'is not', null)
    .$narrowType<{ code_hash: string }>();
  return slicesInPositionOrder(query, sliceSize, 'results.position');
}

/** All rows of a run in the round's order, a slice at a time (for CSV exports of any size). */
export function resultRowsInOrder(db: Db, runId: string, filters: ResultFilters, sliceSize = 5000): AsyncGenerator<ResultListRow[]> {
  return slicesInPositionOrder(filtered(db, runId, filters), sliceSize);
}
