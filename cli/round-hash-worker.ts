// Worker-thread entry point of round-hash.ts: reads the file as readJsonFile does and posts its inputHash.
import { readFile } from 'node:fs/promises';
import { parentPort, workerData } from 'node:worker_threads';
import { inputHash } from '../solver/input-hash.ts';

const text = await readFile((workerData as { path: string }).path, 'utf8');
parentPort!.postMessage(inputHash(JSON.parse(text.replace(/^\uFEFF/, ''))));
