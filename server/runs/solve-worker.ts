/**
 * A run's solve, on its own worker thread so that the HTTP server's event loop never waits
 * for it. It reads the snapshot, validates and solves it, and sends back everything the main
 * thread stores: the result rows, the gzipped result document and the summary. It touches no
 * database: the main thread is the only writer, so SQLite never has two writers to arbitrate.
 */
import { setPriority } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import { gunzipSync, gzipSync } from 'node:zlib';
import { documentJson } from '../../solver/document-json.ts';
import type { SolvePhase } from '../../solver/progress.ts';
import { solveRound } from '../../solver/solve-round.ts';
import { describeOutcome } from '../../solver/mechanism-comparison.ts';
import { formatIssue, validateRound } from '../../solver/validate-round.ts';
import { sliced } from '../db/row-slices.ts';
import { buildResultRows } from './result-rows.ts';
import { buildRunSummary } from './run-summary.ts';
import type { SolveWorkerData, WorkerMessage } from './worker-protocol.ts';

const port = parentPort!;
const send = (message: WorkerMessage) => port.postMessage(message);

let lastPhase = '';
let lastPercent = -1;
function progress(phase: SolvePhase, fraction: number) {
  const percent = Math.min(100, Math.floor(fraction * 100));
  if (phase === lastPhase && percent === lastPercent) return;
  lastPhase = phase;
  lastPercent = percent;
  send({ type: 'progress', phase, percent });
}

/**
 * On Linux, a thread's priority is its own (setpriority on "process" 0 changes only the calling
 * thread), and threads it starts inherit it: this lowers the solve's worker and its flow
 * threads, never the HTTP thread. Elsewhere it would lower the whole process, so it is skipped.
 */
function lowerPriority(nice: number): void {
  if (nice > 0 && process.platform === 'linux') setPriority(0, nice);
}

async function solve({ snapshot, threads, nice }: SolveWorkerData): Promise<void> {
  lowerPriority(nice);
  progress('validate', 0);
  const document: unknown = JSON.parse(gunzipSync(snapshot).toString('utf8'));
  const outcome = validateRound(document, { cap: 5 });
  if (!outcome.ok) {
    send({ type: 'failed', error: `the snapshot is not a valid round: ${outcome.errors.map(formatIssue).join('; ')}` });
    return;
  }
  progress('validate', 1);
  const solution = await solveRound(outcome.model, { threads, document, onProgress: ({ phase, fraction }) => progress(phase, fraction) });
  const rows = buildResultRows(solution);
  for (const slice of sliced(rows)) send({ type: 'rows', json: JSON.stringify(slice) });
  const { result } = solution;
  send({
    type: 'done',
    inputHash: result.inputHash,
    solver: { name: result.solver.name, version: result.solver.version },
    result: gzipSync(documentJson(result)),
    summary: buildRunSummary(result, describeOutcome(solution.model, solution.compatibility, solution.mechanism, solution.assignment)),
  });
}

solve(workerData as SolveWorkerData).catch((error: unknown) => {
  send({ type: 'failed', error: error instanceof Error ? error.message : String(error) });
});
