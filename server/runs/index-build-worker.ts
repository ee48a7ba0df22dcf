/** A worker thread that reads one index of a published run and posts it back (index-builds.ts). */
import { parentPort, workerData } from 'node:worker_threads';
import { pseudonymiser } from '../auth/pseudonyms.ts';
import { openReader } from '../db/open-database.ts';
import type { IndexBuildMessage, IndexBuildRequest } from './index-builds.ts';
import { PublicResultsIndex } from './public-results-index.ts';
import { StudentLookupIndex } from './student-lookup-index.ts';

/** The buffers of every typed array in `value` that owns its buffer whole (the rest is copied). */
function ownBuffers(value: unknown, found = new Set<ArrayBuffer>()): ArrayBuffer[] {
  if (ArrayBuffer.isView(value)) {
    if (value.buffer instanceof ArrayBuffer && value.byteOffset === 0 && value.byteLength === value.buffer.byteLength) found.add(value.buffer);
  } else if (value !== null && typeof value === 'object') {
    for (const item of Object.values(value)) ownBuffers(item, found);
  }
  return [...found];
}

const request = (workerData as { request: IndexBuildRequest }).request;
let message: IndexBuildMessage;
try {
  const { reader, close } = openReader(request.location);
  try {
    const parts =
      request.kind === 'public'
        ? await PublicResultsIndex.read(reader, request.runId, pseudonymiser(request.codeSalt, request.runId))
        : await StudentLookupIndex.read(reader, { id: request.runId, round_id: request.roundId });
    message = { parts };
  } finally {
    await close();
  }
} catch (error) {
  message = { error: error instanceof Error ? error.message : String(error) };
}
parentPort!.postMessage(message, 'parts' in message ? ownBuffers(message.parts) : []);
