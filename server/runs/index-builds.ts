/**
 * Builds the in-memory indexes of published runs on a worker thread (index-build-worker.ts).
 * Reading and rendering 100,000 rows is seconds of CPU; on the event loop, even cut into
 * slices, it made every request wait behind it, and under load the slices waited behind the
 * requests, so an index took half a minute to be ready. The worker reads through a connection
 * of its own and hands the index back as typed arrays, transferred without a copy.
 */
import { answerOfWorker } from '../../solver/flow/typescript-worker.ts';
import { PublicResultsIndex, type PublicIndexParts } from './public-results-index.ts';
import { StudentLookupIndex, type LookupIndexParts } from './student-lookup-index.ts';

const ENTRY = new URL('./index-build-worker.ts', import.meta.url);

export type IndexBuildRequest =
  | { kind: 'public'; location: string; runId: string; codeSalt: string }
  | { kind: 'lookup'; location: string; runId: string; roundId: string };

export type IndexBuildMessage = { parts: PublicIndexParts | LookupIndexParts } | { error: string };

async function buildInWorker(request: IndexBuildRequest): Promise<PublicIndexParts | LookupIndexParts> {
  const message = await answerOfWorker<IndexBuildMessage>(ENTRY, { request }, `the ${request.kind} index of ${request.runId}`);
  if ('parts' in message) return message.parts;
  throw new Error(message.error);
}

/** A published run's public rows index. `location`: the database (DATABASE_URL or DATABASE_PATH). */
export async function buildPublicIndex(location: string, runId: string, codeSalt: string): Promise<PublicResultsIndex> {
  return new PublicResultsIndex((await buildInWorker({ kind: 'public', location, runId, codeSalt })) as PublicIndexParts);
}

/** A published run's lookup index. */
export async function buildLookupIndex(location: string, runId: string, roundId: string): Promise<StudentLookupIndex> {
  return new StudentLookupIndex((await buildInWorker({ kind: 'lookup', location, runId, roundId })) as LookupIndexParts);
}
