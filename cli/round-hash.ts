/**
 * Reading a round file to solve it, with its `inputHash` computed on a worker thread from the
 * file itself. Canonicalising and hashing a national round takes about a second; the worker
 * does it (reading and parsing the file again) on a core that is otherwise idle while the
 * main thread parses, validates and starts solving the round.
 */
import { statSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { inputHash } from '../solver/input-hash.ts';
import type { RoundModel } from '../solver/round-model.ts';
import { readRound } from './round-file.ts';

const BOOTSTRAP = new URL('../solver/flow/worker-bootstrap.mjs', import.meta.url);
const ENTRY = new URL('./round-hash-worker.ts', import.meta.url).href;

/**
 * Below this file size (about 120,000 students) the worker's start-up and second parse cost
 * more than the hash it takes off the main thread (~0.25 s at 100,000 students).
 */
const WORKER_MIN_BYTES = 20_000_000;

export async function readRoundToSolve(path: string, options: { quietWarnings?: boolean } = {}): Promise<{ model: RoundModel; inputHash: Promise<string> }> {
  const worker = path !== '-' && fileSize(path) >= WORKER_MIN_BYTES ? new Worker(BOOTSTRAP, { workerData: { entry: ENTRY, path } }) : null;
  const hashed = worker && hashOf(worker);
  let read;
  try {
    read = await readRound(path, options);
  } catch (error) {
    // Nobody will wait for the hash: do not let the worker hold the process up.
    await worker?.terminate();
    throw error;
  }
  const { document, model } = read;
  // A worker that failed on a file read fine here, or none: hash on this thread.
  return { model, inputHash: hashed ? hashed.catch(() => inputHash(document)) : Promise.resolve(inputHash(document)) };
}

/** The file's size, 0 when it cannot be read (reading it reports why). */
function fileSize(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}

function hashOf(worker: Worker): Promise<string> {
  const hash = new Promise<string>((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`the input hash worker exited with code ${code}`)));
  });
  // A failed read terminates the worker, and nobody waits: no unhandled rejection.
  hash.catch(() => undefined);
  return hash;
}
