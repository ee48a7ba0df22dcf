/**
 * Solving a round end to end: compatibility, the chosen mechanism, the result document.
 * This is the one entry point the CLI, the server and the benchmarks share.
 */
import { buildCompatibility, buildOfferIndex, type CompatibilityLists, type OfferIndex } from './compatibility.ts';
import { inputHash } from './input-hash.ts';
import { solveOptimal, type OptimalAllocation } from './optimal-mechanism.ts';
import type { ProgressListener } from './progress.ts';
import { buildResult } from './result-builder.ts';
import type { RoundModel } from './round-model.ts';
import type { Mechanism, Result } from './schema.ts';
import { solveStable } from './stable-mechanism.ts';

export interface SolveOptions {
  /** Overrides `round.mechanism` (default "optimal"). */
  mechanism?: Mechanism;
  /** Worker threads for the flow solver; 1 solves on the calling thread. */
  threads?: number;
  onProgress?: ProgressListener;
  /** The document as read, for `inputHash` (defaults to the parsed round). */
  document?: unknown;
}

export interface RoundSolution {
  model: RoundModel;
  index: OfferIndex;
  compatibility: CompatibilityLists;
  mechanism: Mechanism;
  assignment: Int32Array;
  /** Present for the optimal mechanism: the network and flow (the gap works on them). */
  optimal?: OptimalAllocation;
  result: Result;
}

export async function solveRound(model: RoundModel, options: SolveOptions = {}): Promise<RoundSolution> {
  const mechanism = options.mechanism ?? model.round.round.mechanism ?? 'optimal';
  const hash = inputHash(options.document ?? model.round);
  const index = buildOfferIndex(model);
  const compatibility = buildCompatibility(index, (fraction) => options.onProgress?.({ phase: 'compatibility', fraction }));
  options.onProgress?.({ phase: 'compatibility', fraction: 1 });
  let assignment: Int32Array;
  let optimal: OptimalAllocation | undefined;
  if (mechanism === 'stable') {
    assignment = solveStable(index, compatibility, { onProgress: options.onProgress }).assignment;
  } else {
    optimal = await solveOptimal(model, compatibility, { threads: options.threads, onProgress: options.onProgress });
    assignment = optimal.assignment;
  }
  options.onProgress?.({ phase: 'analysis', fraction: 0 });
  const result = buildResult(model, mechanism, hash, assignment, index, compatibility, optimal);
  options.onProgress?.({ phase: 'analysis', fraction: 1 });
  return { model, index, compatibility, mechanism, assignment, optimal, result };
}
