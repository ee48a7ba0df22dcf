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

/**
 * Starts a worker that posts one answer and ends (a build, a check): resolves with the answer;
 * rejects if the worker fails or ends without one. `what` names the work in that error.
 */
export function answerOfWorker<T>(entry: URL, data: object, what: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const worker = startTypeScriptWorker(entry, data);
    let answered = false;
    worker.once('message', (answer: T) => {
      answered = true;
      resolve(answer);
    });
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (!answered) reject(new Error(`the worker for ${what} stopped (exit code ${code}) without an answer`));
    });
  });
}
