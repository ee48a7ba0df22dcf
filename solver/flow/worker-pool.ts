import type { Worker } from 'node:worker_threads';
import { FlowRangeError } from './exactness.ts';
import type { ComponentJob } from './flow-job.ts';
import { CONTROL_SIZE, CONTROL_SOLVED_ARCS, type WorkerRequest, type WorkerResponse } from './worker-protocol.ts';

import { startTypeScriptWorker } from './typescript-worker.ts';

const ENTRY = new URL('./flow-worker.ts', import.meta.url);
const PROGRESS_INTERVAL_MS = 100;

/**
 * Worker threads that solve the components of shared jobs. Workers start booting as soon as the
 * pool is made (so that start-up overlaps the decomposition), serve one job at a time (later
 * jobs wait their turn), and do not keep the process alive while idle. A long-lived owner (the
 * server) can keep one pool for many solves; `close` ends the workers.
 */
export class FlowWorkerPool {
  /** null where a worker died; it is restarted when next needed. */
  private readonly workers: (Worker | null)[] = [];
  private queue: Promise<void> = Promise.resolve();
  private closed = false;

  constructor(readonly size: number) {
    if (!Number.isInteger(size) || size < 1) throw new RangeError(`worker pool size must be a positive integer, got ${size}`);
    for (let i = 0; i < size; i++) this.workers.push(this.startWorker(i));
  }

  /** Solves every component of the job; resolves once all workers are done with it. */
  run(job: ComponentJob, onProgress?: (fraction: number) => void): Promise<void> {
    if (this.closed) return Promise.reject(new Error('the flow worker pool is closed'));
    const result = this.queue.then(() => this.runNow(job, onProgress));
    this.queue = result.catch(() => undefined);
    return result;
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.workers.map((worker) => worker?.terminate()));
  }

  private async runNow(job: ComponentJob, onProgress?: (fraction: number) => void): Promise<void> {
    const control = new Int32Array(new SharedArrayBuffer(CONTROL_SIZE * 4));
    const request: WorkerRequest = { job, control };
    const totalArcs = job.decomposition.arcStart[job.decomposition.componentCount];
    const report = () => onProgress?.(totalArcs === 0 ? 1 : Atomics.load(control, CONTROL_SOLVED_ARCS) / totalArcs);
    const timer = onProgress ? setInterval(report, PROGRESS_INTERVAL_MS) : null;
    timer?.unref();
    try {
      const outcomes = await Promise.allSettled(this.workers.map((_, i) => this.runOnWorker(i, request)));
      const failure = outcomes.find((o): o is PromiseRejectedResult => o.status === 'rejected');
      if (failure) throw failure.reason;
      onProgress?.(1);
    } finally {
      if (timer) clearInterval(timer);
    }
  }

  /** Sends the job to worker i and waits for its answer. */
  private runOnWorker(i: number, request: WorkerRequest): Promise<void> {
    const worker = this.workers[i] ?? (this.workers[i] = this.startWorker(i));
    return new Promise<void>((resolve, reject) => {
      const cleanup = () => {
        worker.off('message', onMessage);
        worker.off('error', onError);
        worker.off('exit', onExit);
        worker.unref();
      };
      const onMessage = (response: WorkerResponse) => {
        cleanup();
        if (response.ok) resolve();
        else reject(response.name === 'FlowRangeError' ? new FlowRangeError(response.message) : new Error(`flow worker: ${response.message}`));
      };
      const fail = (error: Error) => {
        cleanup();
        reject(error);
      };
      const onError = (error: Error) => fail(new Error(`flow worker failed: ${error.message}`, { cause: error }));
      const onExit = (code: number) => fail(new Error(`flow worker exited with code ${code}`));
      worker.on('message', onMessage);
      worker.on('error', onError);
      worker.on('exit', onExit);
      worker.ref();
      worker.postMessage(request);
    });
  }

  private startWorker(i: number): Worker {
    const worker = startTypeScriptWorker(ENTRY);
    worker.unref();
    // A worker that fails while idle must not crash the process; its slot is refilled when
    // next needed (a failure during a job is reported by runOnWorker's own listeners).
    worker.on('error', () => undefined);
    worker.on('exit', () => {
      if (this.workers[i] === worker) this.workers[i] = null;
    });
    return worker;
  }
}
