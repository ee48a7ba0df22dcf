// Worker-thread entry point of shortage-gap-thread.ts: computes the gaps of the one task it is given.
import { parentPort } from 'node:worker_threads';
import { computeShortageGaps } from './shortage-gap.ts';
import type { GapTask } from './shortage-gap-thread.ts';

parentPort!.once('message', ({ model, optimal, table }: GapTask) => parentPort!.postMessage(computeShortageGaps(model, optimal, table)));
