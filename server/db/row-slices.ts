/**
 * Rows made on a worker thread (a run's results; a large import's or vacancy round's entities)
 * cross to the main thread as JSON text, a slice at a time. A string crosses as one copy, where objects are
 * rebuilt field by field on the receiving thread; and 100,000 row objects kept there until
 * they are stored were copied again and again by the garbage collector (pauses of 190-540 ms
 * as a 100k run's rows came in). The store parses one slice at a time.
 */

/** About 1.5 MB of JSON a slice of results: parsing one holds the event loop for a few ms. */
export const ROWS_PER_SLICE = 2000;

export function sliced<T>(rows: readonly T[]): T[][] {
  const slices: T[][] = [];
  for (let start = 0; start < rows.length; start += ROWS_PER_SLICE) slices.push(rows.slice(start, start + ROWS_PER_SLICE));
  return slices;
}

export function* parsedSlices<T>(slices: readonly string[]): Generator<T[]> {
  for (const json of slices) yield JSON.parse(json) as T[];
}
