/**
 * Sizes libuv's thread pool to the machine's cores, unless the operator set
 * UV_THREADPOOL_SIZE. Loaded with `--require` (`npm start`): libuv reads the variable when
 * the pool first starts, and Node's ES module loader already reads files through the pool,
 * so a module of the server would set it too late.
 *
 * What the server puts on the pool is processor work (scrypt of personal codes in lookups and
 * imports, gzip of large answers). Node's default of 4 threads on a 2-core machine had them
 * take turns with the event loop, which answers every request. Lookups by code with 2 threads
 * (bench:server's phase alone on a kept 100k database, 100 connections, 9 trials of 20-30 s
 * each, in turns) gave 3,597-5,402 req/s (mean 4,426) against 3,469-5,387 (3,989), a median
 * p99 of 47 ms against 51, and a slowest request of 102-952 ms (median 396) against 193-1,487
 * (1,068).
 * At least 2, so that one slow file read cannot hold up every lookup.
 */
if (!process.env.UV_THREADPOOL_SIZE) process.env.UV_THREADPOOL_SIZE = String(Math.max(2, require('node:os').availableParallelism()));
