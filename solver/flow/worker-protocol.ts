import type { ComponentJob } from './flow-job.ts';

/** Messages between the worker pool and flow-worker.ts. */
export interface WorkerRequest {
  /** All arrays on SharedArrayBuffers: posting shares them, nothing is copied. */
  job: ComponentJob;
  /** Shared counters, indexed by the CONTROL_* constants. */
  control: Int32Array;
}

export type WorkerResponse = { ok: true } | { ok: false; name: string; message: string };

/** Next component to hand out; a worker sets it past the end to make everyone stop. */
export const CONTROL_NEXT_COMPONENT = 0;
/** Arcs in the components solved so far, for progress reports. */
export const CONTROL_SOLVED_ARCS = 1;
export const CONTROL_SIZE = 2;
