/**
 * How the results list is narrowed and ordered. Names match the query parameters of
 * `GET /runs/{runId}/results` (docs/api.md), so the filter is sent as it is.
 */
export interface ResultsFilter {
  specialty?: string;
  region?: string;
  college?: string;
  enterprise?: string;
  status?: 'placed' | 'unplaced';
  /** Search: the start of a student id (for key holders only). */
  q?: string;
}

/**
 * The server's sort keys for results: `position` is the round file's order (the default);
 * it cannot sort by outcome, and sorts by `student` only for a key holder (public rows
 * carry pseudonyms).
 */
export type SortColumn = 'position' | 'student' | 'specialty' | 'region' | 'college' | 'enterprise' | 'rank' | 'km';

export interface ResultsSort {
  column: SortColumn;
  order: 'asc' | 'desc';
}
