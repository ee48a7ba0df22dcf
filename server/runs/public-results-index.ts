/**
 * The public rows of a published run, held in memory for the public result pages.
 *
 * A results day is many people paging through the same published run: the first pages come
 * from the response cache, but pages deep in a sort order (by distance, by rank, filtered by a
 * college...) are each asked for once, and each would cost a database query, a pseudonym per
 * row and JSON. A published run never changes, so this instance reads its rows once (on a
 * worker thread), renders each public row's JSON once (packed-strings.ts), and answers any
 * page with a binary search, a walk along a precomputed order and a copy of the rows' bytes. It answers exactly as `resultPage` does
 * over the database (same order, same cursors, so a cursor from either works with the other;
 * test/server/public-results-index checks one against the other).
 *
 * Text keys are ordered as the databases order them (code-point-order.ts).
 */
import type { Db } from '../db/open-database.ts';
import type { SortDirection } from '../http/pagination.ts';
import {
  decodeResultCursor,
  isNullableSort,
  isNumericSort,
  nextResultCursor,
  RESULT_FILTERS,
  RESULT_SORTS,
  resultRowsInOrder,
  type ResultFilters,
  type ResultSort,
} from '../repositories/results.ts';
import { compareCodePoints, sortByCodePoints } from './code-point-order.ts';
import { firstIndexWhere } from './first-index-where.ts';
import { packedLength, PackedStringsBuilder, type PackedStrings } from './packed-strings.ts';
import { resultItem } from './result-views.ts';
import { INDEX_SLICE_ROWS } from './run-indexes.ts';

const COMMA = 0x2c;

/** The public may not sort by student id (it sees pseudonyms). */
export type PublicSort = Exclude<ResultSort, 'student'>;
const PUBLIC_SORTS = RESULT_SORTS.filter((sort): sort is PublicSort => sort !== 'student');
/** The filter columns, all text; kept as codes (the text sort keys are among them). */
const TEXT_COLUMNS = RESULT_FILTERS;
type TextColumn = (typeof TEXT_COLUMNS)[number];
type TextSort = Extract<PublicSort, TextColumn>;

export interface PublicPageQuery {
  filters: Omit<ResultFilters, 'studentPrefix'>;
  sort: PublicSort;
  order: SortDirection;
  cursor: string | undefined;
  limit: number;
}

/** A text column as codes into its distinct values, which are sorted: codes compare as the values do. */
export interface TextCodes {
  values: string[];
  /** Per row; -1 for null. */
  codes: Int32Array<ArrayBuffer>;
}

/**
 * A text column gathered row by row: its distinct values in the order first seen, and each
 * row's index into them. Only the distinct values are sorted at the end.
 */
export class TextColumnCodes {
  private readonly firstSeen: string[] = [];
  private readonly idOf = new Map<string, number>();
  private readonly ids: number[] = [];

  add(value: string | null): void {
    if (value === null) {
      this.ids.push(-1);
      return;
    }
    let id = this.idOf.get(value);
    if (id === undefined) {
      id = this.firstSeen.length;
      this.firstSeen.push(value);
      this.idOf.set(value, id);
    }
    this.ids.push(id);
  }

  finish(): TextCodes {
    const { firstSeen, idOf, ids } = this;
    const values = sortByCodePoints(firstSeen);
    const codeOfId = new Int32Array(firstSeen.length);
    for (let code = 0; code < values.length; code++) codeOfId[idOf.get(values[code])!] = code;
    const codes = new Int32Array(ids.length);
    for (let row = 0; row < ids.length; row++) codes[row] = ids[row] === -1 ? -1 : codeOfId[ids[row]];
    return { values, codes };
  }
}

/** A text column's codes, and each value's code for the filters. */
interface TextColumnIndex extends TextCodes {
  codeOf: Map<string, number>;
}

/** Where a text value falls among the sorted codes: its code, or halfway between its neighbours. */
function codeForComparison(text: TextColumnIndex, value: string): number {
  const exact = text.codeOf.get(value);
  if (exact !== undefined) return exact;
  return firstIndexWhere(text.values.length, (code) => compareCodePoints(text.values[code], value) > 0) - 0.5;
}

/**
 * Rows with a key (NaN = none) in (key, row) order: the distinct keys sorted natively, then a
 * counting sort of the rows by the rank of their key (found by binary search among the
 * distinct keys), which keeps row (= position) order among equal keys. No comparator sort and
 * no map of numbers: either is many times slower on 300,000 rows.
 */
function orderByKey(keys: Float64Array): { ordered: Int32Array<ArrayBuffer>; missing: Int32Array<ArrayBuffer> } {
  const present = keys.filter((key) => !Number.isNaN(key)).sort();
  let count = 0;
  for (let i = 0; i < present.length; i++) if (i === 0 || present[i] !== present[i - 1]) present[count++] = present[i];
  const distinct = present.subarray(0, count);
  const rankOf = (key: number) => firstIndexWhere(distinct.length, (rank) => distinct[rank] >= key);
  const ranks = new Int32Array(keys.length);
  const starts = new Int32Array(distinct.length + 1);
  const missing: number[] = [];
  for (let row = 0; row < keys.length; row++) {
    if (Number.isNaN(keys[row])) {
      missing.push(row);
      continue;
    }
    ranks[row] = rankOf(keys[row]);
    starts[ranks[row] + 1]++;
  }
  for (let rank = 0; rank < distinct.length; rank++) starts[rank + 1] += starts[rank];
  const ordered = new Int32Array(keys.length - missing.length);
  for (let row = 0; row < keys.length; row++) if (!Number.isNaN(keys[row])) ordered[starts[ranks[row]]++] = row;
  return { ordered, missing: Int32Array.from(missing) };
}

/** A text column's codes as sort keys: NaN for null. */
function textKeys(text: TextCodes): Float64Array<ArrayBuffer> {
  const keys = new Float64Array(text.codes.length);
  for (let row = 0; row < keys.length; row++) keys[row] = text.codes[row] === -1 ? NaN : text.codes[row];
  return keys;
}

/**
 * Adds to `found` the rows of `rows` that match, walking from `from` in `step`'s direction,
 * until it holds one more than `limit` (which tells that there is a next page). A function of
 * the module rather than a closure made for each page: under tsx (esbuild's keepNames) every
 * named function made at run time is wrapped to keep its name, which defines a property each
 * time (0.4 % of the server's busy time on bench:server's page mix, profiled).
 */
function collectMatching(found: number[], rows: Int32Array, from: number, step: 1 | -1, limit: number, matches: (row: number) => boolean): void {
  for (let i = from; i >= 0 && i < rows.length && found.length <= limit; i += step) if (matches(rows[i])) found.push(rows[i]);
}

/** What an index is made of: typed arrays and short lists, which pass between threads whole. */
export interface PublicIndexParts {
  /** The public JSON of every row, in position order. */
  json: PackedStrings;
  text: Record<TextColumn, TextCodes>;
  /** Per sort: each row's key (NaN when it has none), and the rows with and without one in order. */
  keys: Record<PublicSort, Float64Array<ArrayBuffer>>;
  orders: Record<PublicSort, { ordered: Int32Array<ArrayBuffer>; missing: Int32Array<ArrayBuffer> }>;
}

export class PublicResultsIndex {
  private readonly json: PackedStrings;
  private readonly text: Record<TextColumn, TextColumnIndex>;
  private readonly keys: PublicIndexParts['keys'];
  private readonly orders: PublicIndexParts['orders'];

  constructor(parts: PublicIndexParts) {
    this.json = parts.json;
    this.keys = parts.keys;
    this.orders = parts.orders;
    this.text = Object.fromEntries(
      TEXT_COLUMNS.map((column) => {
        const { values, codes } = parts.text[column];
        return [column, { values, codes, codeOf: new Map(values.map((value, code) => [value, code])) }];
      }),
    ) as Record<TextColumn, TextColumnIndex>;
  }

  get rows(): number {
    return this.keys.position.length;
  }

  /** Reads and renders a run's rows (a long job: on a worker thread, see index-builds.ts). */
  static async read(db: Db, runId: string, pseudonym: (student: string) => string): Promise<PublicIndexParts> {
    const json = new PackedStringsBuilder();
    const positions: number[] = [];
    const columns = Object.fromEntries(TEXT_COLUMNS.map((column) => [column, new TextColumnCodes()])) as Record<TextColumn, TextColumnCodes>;
    const ranks: number[] = [];
    const kms: number[] = [];
    for await (const rows of resultRowsInOrder(db, runId, {}, INDEX_SLICE_ROWS)) {
      for (const row of rows) {
        json.add(JSON.stringify(resultItem(row, 'public', pseudonym)));
        positions.push(row.position);
        for (const column of TEXT_COLUMNS) columns[column].add(row[column]);
        ranks.push(row.rank ?? NaN);
        kms.push(row.km ?? NaN);
      }
    }
    const text = Object.fromEntries(TEXT_COLUMNS.map((column) => [column, columns[column].finish()])) as Record<TextColumn, TextCodes>;
    const keys: PublicIndexParts['keys'] = {
      position: new Float64Array(positions),
      specialty: textKeys(text.specialty),
      region: textKeys(text.region),
      college: textKeys(text.college),
      enterprise: textKeys(text.enterprise),
      rank: new Float64Array(ranks),
      km: new Float64Array(kms),
    };
    const orders = Object.fromEntries(PUBLIC_SORTS.map((sort) => [sort, orderByKey(keys[sort])])) as PublicIndexParts['orders'];
    return { json: json.finish(), text, keys, orders };
  }

  /** A page's body (UTF-8 JSON), as `resultPage` and the results route would have made it. */
  pageBody(query: PublicPageQuery, withTotal: boolean): Uint8Array<ArrayBuffer> {
    const { sort, order, limit } = query;
    const after = decodeResultCursor(query.cursor, sort);
    const matches = this.matcher(query.filters);
    const found: number[] = [];
    if (matches) {
      const { ordered, missing } = this.orders[sort];
      const step = order === 'asc' ? 1 : -1;
      if ((after?.part ?? 0) === 0) {
        const start = after === null ? (step === 1 ? 0 : ordered.length - 1) : this.startAfter(ordered, sort, this.sortKeyOf(sort, after.value), after.position, step);
        collectMatching(found, ordered, start, step, limit, matches);
      }
      if (found.length <= limit && isNullableSort(sort)) {
        const start = after?.part === 1 ? this.startAfter(missing, 'position', after.position, after.position, step) : step === 1 ? 0 : missing.length - 1;
        collectMatching(found, missing, start, step, limit, matches);
      }
    }
    const hasMore = found.length > limit;
    const kept = hasMore ? found.slice(0, limit) : found;
    const last = kept[kept.length - 1];
    const nextCursor = hasMore ? nextResultCursor(this.sortValueOf(sort, last), this.keys.position[last]) : null;
    const total = withTotal ? `,"total":${matches ? this.count(matches) : 0}` : '';
    return this.concatenate(kept, '{"items":[', `],"nextCursor":${JSON.stringify(nextCursor)}${total}}`);
  }

  /**
   * `head`, the rows' JSON separated by commas, and `tail`, in one buffer. Each row is copied
   * with `set` from a view of its bytes: Node 20's `Buffer#copy` makes that view too, and more
   * besides (a micro-benchmark of 75 random rows of 230 bytes out of 23 MB: 21-34 µs a page
   * against 31-45).
   */
  private concatenate(rows: number[], head: string, tail: string): Uint8Array<ArrayBuffer> {
    const { json } = this;
    const { bytes, starts } = json;
    let length = Buffer.byteLength(head) + Buffer.byteLength(tail) + Math.max(0, rows.length - 1);
    for (const row of rows) length += packedLength(json, row);
    const body = Buffer.allocUnsafeSlow(length);
    let at = body.write(head, 0);
    for (let i = 0; i < rows.length; i++) {
      if (i > 0) body[at++] = COMMA;
      const from = starts[rows[i]];
      const to = starts[rows[i] + 1];
      body.set(bytes.subarray(from, to), at);
      at += to - from;
    }
    body.write(tail, at);
    return new Uint8Array(body.buffer, body.byteOffset, body.length);
  }

  /** A test of a row against the filters; null when a filter names a value no row has. */
  private matcher(filters: PublicPageQuery['filters']): ((row: number) => boolean) | null {
    const tests: { codes: Int32Array; code: number }[] = [];
    for (const column of TEXT_COLUMNS) {
      const value = filters[column];
      if (value === undefined) continue;
      const code = this.text[column].codeOf.get(value);
      if (code === undefined) return null;
      tests.push({ codes: this.text[column].codes, code });
    }
    return (row) => tests.every((test) => test.codes[row] === test.code);
  }

  private count(matches: (row: number) => boolean): number {
    let total = 0;
    for (let row = 0; row < this.rows; row++) if (matches(row)) total++;
    return total;
  }

  /** A cursor's value as a key of this index. */
  private sortKeyOf(sort: PublicSort, value: string | number): number {
    return typeof value === 'string' ? codeForComparison(this.text[sort as TextSort], value) : value;
  }

  /** A row's value for the sort key, as a cursor carries it (null when it has none). */
  private sortValueOf(sort: PublicSort, row: number): string | number | null {
    const key = this.keys[sort][row];
    if (Number.isNaN(key)) return null;
    return isNumericSort(sort) ? key : this.text[sort as TextSort].values[key];
  }

  /** The index in `rows` of the first row strictly after (key, position) walking in `step`'s direction. */
  private startAfter(rows: Int32Array, sort: PublicSort, key: number, position: number, step: 1 | -1): number {
    const keys = this.keys[sort];
    const positions = this.keys.position;
    // The first row whose (key, position) is above the cursor's.
    const low = firstIndexWhere(rows.length, (i) => keys[rows[i]] > key || (keys[rows[i]] === key && positions[rows[i]] > position));
    if (step === 1) return low;
    // Walking down: the last row below the cursor (skipping one equal to it).
    let index = low - 1;
    if (index >= 0 && keys[rows[index]] === key && positions[rows[index]] === position) index--;
    return index;
  }
}
