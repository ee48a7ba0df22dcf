// Worker threads start here: plain JavaScript, so that it can register tsx before loading the
// TypeScript entry point named in workerData.entry. (`execArgv: ['--import', 'tsx']` does not
// work for workers on Node 20.)
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.entry);
