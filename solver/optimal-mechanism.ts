/**
 * The optimal mechanism: build the allocation network, solve it exactly, read the placement
 * off the flow. The network and the flow are kept: the shortage gap and the explanations
 * work on the optimal solution's residual network.
 */
import { availableParallelism } from 'node:os';
import { assignmentFromFlow, buildAllocationNetwork, type AllocationNetwork } from './allocation-network.ts';
import type { CompatibilityLists } from './compatibility.ts';
import { solveMinCostFlow, solvesOnWorkers } from './flow/solve-min-cost-flow.ts';
import { FlowWorkerPool } from './flow/worker-pool.ts';
import type { ProgressListener } from './progress.ts';
import type { RoundModel } from './round-model.ts';

export interface OptimalAllocation {
  network: AllocationNetwork;
  flow: Float64Array;
  assignment: Int32Array;
}

/** Whether solveOptimal puts the network on shared memory (for the flow's worker threads). */
export function sharesNetwork(threads: number | undefined): boolean {
  return (threads ?? 2) > 1;
}

export async function solveOptimal(
  model: RoundModel,
  compatibility: CompatibilityLists,
  options: { threads?: number; onProgress?: ProgressListener } = {},
): Promise<OptimalAllocation> {
  // The network has an arc per compatible pair and a few more per student and offer; the
  // workers boot on the other cores while it is built.
  const pool = solvesOnWorkers(compatibility.offer.length, options.threads) ? new FlowWorkerPool(options.threads ?? availableParallelism()) : undefined;
  let solution;
  let network;
  try {
    network = buildAllocationNetwork(model, compatibility, { shared: sharesNetwork(options.threads) });
    options.onProgress?.({ phase: 'network', fraction: 1 });
    solution = await solveMinCostFlow(network.problem, {
      threads: options.threads,
      pool,
      onProgress: (fraction) => options.onProgress?.({ phase: 'solve', fraction }),
    });
  } finally {
    await pool?.close();
  }
  // Every student has a bypass arc to the sink, so the network is always feasible and bounded.
  if (solution.status !== 'optimal') throw new Error(`internal error: the allocation network came out ${solution.status}`);
  return { network, flow: solution.flow, assignment: assignmentFromFlow(model, compatibility, network, solution.flow) };
}
