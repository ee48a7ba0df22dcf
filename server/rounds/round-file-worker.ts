/** A worker thread that checks one large round file (round-file.ts) and posts the outcome back (import-round.ts). */
import { parentPort, workerData } from 'node:worker_threads';
import { ProblemError } from '../http/problem.ts';
import type { RoundFileAnswer } from './import-round.ts';
import { checkRoundFile } from './round-file.ts';
import { ENTITY_KINDS, type EntityKind } from './entity-rows.ts';

let answer: RoundFileAnswer;
try {
  const { rows, ...checked } = checkRoundFile((workerData as { text: string }).text);
  const slices = Object.fromEntries(ENTITY_KINDS.map((kind) => [kind, [...rows[kind]].map((slice) => JSON.stringify(slice))]));
  answer = { checked: { ...checked, head: rows.head, slices: slices as Record<EntityKind, string[]> } };
} catch (error) {
  if (!(error instanceof ProblemError)) throw error;
  answer = { problem: { status: error.status, type: error.problemType, detail: error.message, errors: error.errors, errorCount: error.errorCount } };
}
parentPort!.postMessage(answer);
