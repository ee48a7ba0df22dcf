/**
 * Solving a round end to end: compatibility, the chosen mechanism, the result document.
 * This is the one entry point the CLI, the server and the benchmarks share.
 */
import { buildCompatibility, buildOfferIndex, type CompatibilityLists, type OfferIndex } from './compatibility.ts';
import { inputHash } from './input-hash.ts';
import { sharesNetwork, solveOptimal, type OptimalAllocation } from './optimal-mechanism.ts';
import type { ProgressListener } from './progress.ts';
import { completeResult, draftResult } from './result-builder.ts';
import type { RoundModel } from './round-model.ts';
import type { Mechanism, Result } from './schema.ts';
import { computeShortageGaps } from './shortage-gap.ts';
import { ShortageGapThread } from './shortage-gap-thread.ts';
import { buildShortageTable } from './shortage-table.ts';
import { solveStable } from './stable-mechanism.ts';

export interface SolveOptions {
  /** Overrides `round.mechanism` (default "optimal"). */
  mechanism?: Mechanism;
  /** Worker threads for the flow solver; 1 solves on the calling thread. */
  threads?: number;
  onProgress?: ProgressListener;
  /** The document as read, for `inputHash` (defaults to the parsed round). */
  document?: unknown;
  /** `inputHash` computed elsewhere (in parallel: it is awaited only for the result); replaces `document`. */
  inputHash?: Promise<string>;
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
  const hash = options.inputHash ?? inputHash(options.document ?? model.round);
  const index = buildOfferIndex(model);
  const compatibility = buildCompatibility(index, (fraction) => options.onProgress?.({ phase: 'compatibility', fraction }));
  options.onProgress?.({ phase: 'compatibility', fraction: 1 });
  let assignment: Int32Array;
  let optimal: OptimalAllocation | undefined;
  let gapThread: ShortageGapThread | undefined;
  if (mechanism === 'stable') {
    assignment = solveStable(index, compatibility, { onProgress: options.onProgress }).assignment;
  } else {
    if (ShortageGapThread.wanted(model, compatibility.offer.length, sharesNetwork(options.threads))) gapThread = new ShortageGapThread();
    try {
      optimal = await solveOptimal(model, compatibility, { threads: options.threads, onProgress: options.onProgress });
    } catch (error) {
      await gapThread?.close();
      throw error;
    }
    assignment = optimal.assignment;
  }
  options.onProgress?.({ phase: 'analysis', fraction: 0 });
  const shortage = buildShortageTable(model, assignment);
  // On the worker the gaps are computed while the rest of the result is built.
  const gaps = !optimal ? undefined : gapThread ? gapThread.gaps(model, optimal, shortage) : computeShortageGaps(model, optimal, shortage);
  const draft = draftResult(model, mechanism, assignment, index, compatibility, shortage);
  const result = completeResult(draft, await hash, await gaps);
  options.onProgress?.({ phase: 'analysis', fraction: 1 });
  return { model, index, compatibility, mechanism, assignment, optimal, result };
}
