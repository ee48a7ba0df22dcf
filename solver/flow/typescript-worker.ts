/**
 * A worker thread that runs a TypeScript module. Workers start in worker-bootstrap.mjs, plain
 * JavaScript that registers tsx before importing the module (Node 20 cannot pass `--import tsx`
 * to a worker); the module finds its own data beside `entry` in `workerData`.
 */
import { Worker } from 'node:worker_threads';

const BOOTSTRAP = new URL('./worker-bootstrap.mjs', import.meta.url);

export function startTypeScriptWorker(entry: URL, data: object = {}): Worker {
  return new Worker(BOOTSTRAP, { workerData: { ...data, entry: entry.href } });
}
