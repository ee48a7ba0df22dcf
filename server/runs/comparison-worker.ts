/** A worker thread that counts the students whose outcome differs between two runs (run-comparison.ts). */
import { parentPort, workerData } from 'node:worker_threads';
import { openReader } from '../db/open-database.ts';
import { changedOutcomes } from './run-comparison.ts';

const { location, a, b } = workerData as { location: string; a: string; b: string };
const { reader, close } = openReader(location);
try {
  parentPort!.postMessage(await changedOutcomes(reader, a, b));
} finally {
  await close();
}
