/**
 * The optimal mechanism: build the allocation network, solve it exactly, read the placement
 * off the flow. The network and the flow are kept: the shortage gap and the explanations
 * work on the optimal solution's residual network.
 */
import { assignmentFromFlow, buildAllocationNetwork, type AllocationNetwork } from './allocation-network.ts';
import type { CompatibilityLists } from './compatibility.ts';
import { solveMinCostFlow } from './flow/solve-min-cost-flow.ts';
import type { ProgressListener } from './progress.ts';
import type { RoundModel } from './round-model.ts';

export interface OptimalAllocation {
  network: AllocationNetwork;
  flow: Float64Array;
  assignment: Int32Array;
}

export async function solveOptimal(
  model: RoundModel,
  compatibility: CompatibilityLists,
  options: { threads?: number; onProgress?: ProgressListener } = {},
): Promise<OptimalAllocation> {
  const network = buildAllocationNetwork(model, compatibility, { shared: (options.threads ?? 2) > 1 });
  options.onProgress?.({ phase: 'network', fraction: 1 });
  const solution = await solveMinCostFlow(network.problem, {
    threads: options.threads,
    onProgress: (fraction) => options.onProgress?.({ phase: 'solve', fraction }),
  });
  // Every student has a bypass arc to the sink, so the network is always feasible and bounded.
  if (solution.status !== 'optimal') throw new Error(`internal error: the allocation network came out ${solution.status}`);
  return { network, flow: solution.flow, assignment: assignmentFromFlow(model, compatibility, network, solution.flow) };
}
