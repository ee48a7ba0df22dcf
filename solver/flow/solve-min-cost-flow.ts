import { availableParallelism } from 'node:os';
import { validateFlowProblem } from './exactness.ts';
import { completeFlowJob, prepareFlowJob } from './flow-job.ts';
import { toSharedFlowProblem, type FlowProblem } from './problem.ts';
import type { FlowSolution } from './solution.ts';
import { solveMinCostFlowSync } from './solve-min-cost-flow-sync.ts';
import { FlowWorkerPool } from './worker-pool.ts';

export interface FlowSolveOptions {
  /** Worker threads to use (default: the number of cores). 1 solves on the calling thread. */
  threads?: number;
  /**
   * A pool to reuse; given one, the solve always runs on it (whatever `threads` and the size).
   * Without one, a pool is started for this call only, and only for problems large enough.
   */
  pool?: FlowWorkerPool;
  /** Split the problem around a hub into independent components (default true). */
  decompose?: boolean;
  /** Called now and then with the fraction of the arcs solved so far (0..1). */
  onProgress?: (fraction: number) => void;
}

/**
 * Below this many arcs a fresh pool costs more than it saves: a worker takes ~0.45 s to start
 * (tsx, module loading, JIT warm-up), about what one thread needs for 1.5M round-shaped arcs.
 */
const PARALLEL_MIN_ARCS = 500_000;

/**
 * Whether solveMinCostFlow, given no pool, starts one for a problem of this size: a caller that
 * knows the size early can start the pool itself, so that the workers boot while it builds the
 * problem.
 */
export function solvesOnWorkers(arcCount: number, threads = availableParallelism()): boolean {
  return threads > 1 && arcCount >= PARALLEL_MIN_ARCS;
}

/**
 * Solves a minimum-cost-flow problem exactly: presolve, decomposition around a hub, then the
 * components, largest first, on worker threads reading the problem from shared memory. The flow
 * and potentials returned may live on SharedArrayBuffers. Throws a FlowRangeError for data that
 * cannot be solved exactly in float64 (see exactness.ts).
 */
export async function solveMinCostFlow(problem: FlowProblem, options: FlowSolveOptions = {}): Promise<FlowSolution> {
  const threads = options.threads ?? availableParallelism();
  if (!options.pool && !solvesOnWorkers(problem.arcCount, threads)) return solveMinCostFlowSync(problem, options);
  validateFlowProblem(problem);
  // Workers boot while this thread decomposes.
  const pool = options.pool ?? new FlowWorkerPool(threads);
  try {
    const prepared = prepareFlowJob(toSharedFlowProblem(problem), { shared: true, decompose: options.decompose ?? true });
    if ('solution' in prepared) return prepared.solution;
    await pool.run(prepared.job, options.onProgress);
    return completeFlowJob(prepared.job);
  } finally {
    if (!options.pool) await pool.close();
  }
}
