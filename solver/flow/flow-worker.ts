import { parentPort } from 'node:worker_threads';
import { ComponentSolver, solveClaimedComponents } from './component-solver.ts';
import type { WorkerRequest, WorkerResponse } from './worker-protocol.ts';
import { CONTROL_NEXT_COMPONENT, CONTROL_SOLVED_ARCS } from './worker-protocol.ts';
import { warmUp } from './worker-warm-up.ts';

/**
 * Worker-thread entry point (loaded through worker-bootstrap.mjs). For each request it claims
 * components from the shared counter until none is left, writing results into the shared job.
 */
const port = parentPort;
if (!port) throw new Error('flow-worker.ts must run in a worker thread');
const solver = new ComponentSolver();
// Requests that arrive meanwhile wait in the message queue.
warmUp(solver);

port.on('message', (request: WorkerRequest) => {
  const { job, control } = request;
  const { componentCount, arcStart } = job.decomposition;
  let response: WorkerResponse;
  try {
    solveClaimedComponents(job, solver, () => Atomics.add(control, CONTROL_NEXT_COMPONENT, 1), {
      onSolved(k) {
        Atomics.add(control, CONTROL_SOLVED_ARCS, arcStart[k + 1] - arcStart[k]);
      },
      onInfeasible() {
        Atomics.store(control, CONTROL_NEXT_COMPONENT, componentCount);
      },
    });
    response = { ok: true };
  } catch (error) {
    // Let the other workers stop too: the job has failed.
    Atomics.store(control, CONTROL_NEXT_COMPONENT, componentCount);
    const { name, message } = error instanceof Error ? error : { name: 'Error', message: String(error) };
    response = { ok: false, name, message };
  }
  // The pool may stay alive for later jobs: do not keep a big component's buffers meanwhile.
  solver.releaseMemory();
  port.postMessage(response);
});
