/** A worker thread that runs one import check (off-loop-checks.ts) and posts its answer back. */
import { parentPort, workerData } from 'node:worker_threads';
import { ProblemError } from '../http/problem.ts';
import { CHECKS, problemOf, type CheckAnswer, type CheckName } from './off-loop-checks.ts';

const { name, input } = workerData as { name: CheckName; input: never };
let answer: CheckAnswer;
try {
  const { lists, ...findings } = CHECKS[name](input);
  const slices = Object.fromEntries(Object.entries(lists).map(([list, rows]) => [list, [...(rows as Iterable<object[]>)].map((slice) => JSON.stringify(slice))]));
  answer = { findings, slices };
} catch (error) {
  if (!(error instanceof ProblemError)) throw error;
  answer = { problem: problemOf(error) };
}
parentPort!.postMessage(answer);
