/** The messages between the run queue (main thread) and a solve worker. */
import type { RunSummaryPayload } from './run-summary.ts';
import type { ResultRowInput } from './result-rows.ts';

export interface SolveWorkerData {
  /** The run's snapshot: the round document as it is solved, gzipped JSON. */
  snapshot: Uint8Array;
  /** Flow-engine threads. */
  threads: number;
  /** The nice value of the solve's threads (0: unchanged). */
  nice: number;
}

export type WorkerMessage =
  | { type: 'progress'; phase: string; percent: number }
  /** Result rows in slices, each a JSON array of ResultRowInput (why: db/row-slices.ts). */
  | { type: 'rows'; json: string }
  | { type: 'done'; inputHash: string; solver: { name: string; version: string }; result: Uint8Array; summary: RunSummaryPayload }
  | { type: 'failed'; error: string };
