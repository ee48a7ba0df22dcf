/**
 * How many result rows a filter will give, read off the run's summary, so the table's
 * scrollbar is right from the first page without the server counting. Known for the filters
 * the summary breaks down by: specialty, region (or both: a shortage cell) and
 * placed/unplaced; for a college, an enterprise or a search the server counts (`count=true`).
 */
import type { RunSummary } from '../api/types.ts';
import type { ResultsFilter } from './results-filter.ts';

export function expectedCount(run: RunSummary, filter: ResultsFilter): number | undefined {
  if (filter.college || filter.enterprise || filter.q) return undefined;
  const { specialty, region } = filter;
  let group: { students: number; placed: number } | undefined;
  if (specialty && region) group = run.shortage.find((cell) => cell.specialty === specialty && cell.region === region);
  else if (specialty) group = run.bySpecialty.find((bar) => bar.code === specialty);
  else if (region) group = run.byRegion.find((bar) => bar.code === region);
  else group = run.summary;
  if (!group) return undefined;
  if (filter.status === 'placed') return group.placed;
  if (filter.status === 'unplaced') return group.students - group.placed;
  return group.students;
}
