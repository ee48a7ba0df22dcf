import { ComponentSolver, solveClaimedComponents } from './component-solver.ts';
import { validateFlowProblem } from './exactness.ts';
import { completeFlowJob, prepareFlowJob } from './flow-job.ts';
import type { FlowProblem } from './problem.ts';
import type { FlowSolution } from './solution.ts';

export interface SyncSolveOptions {
  /** Split the problem around a hub into independent components (default true). */
  decompose?: boolean;
  /** Called with the fraction of the arcs solved so far (0..1) after each component. */
  onProgress?: (fraction: number) => void;
}

/**
 * Solves on the calling thread: for small problems, and inside worker threads. Throws a
 * FlowRangeError for data that cannot be solved exactly in float64 (see exactness.ts).
 */
export function solveMinCostFlowSync(problem: FlowProblem, options: SyncSolveOptions = {}): FlowSolution {
  validateFlowProblem(problem);
  const prepared = prepareFlowJob(problem, { shared: false, decompose: options.decompose ?? true });
  if ('solution' in prepared) return prepared.solution;
  const { job } = prepared;
  const { componentCount, arcStart } = job.decomposition;
  const totalArcs = arcStart[componentCount];
  let next = 0;
  let solvedArcs = 0;
  solveClaimedComponents(job, new ComponentSolver(), () => next++, {
    onSolved(k) {
      solvedArcs += arcStart[k + 1] - arcStart[k];
      if (totalArcs > 0) options.onProgress?.(solvedArcs / totalArcs);
    },
    onInfeasible() {
      next = componentCount;
    },
  });
  options.onProgress?.(1);
  return completeFlowJob(job);
}
