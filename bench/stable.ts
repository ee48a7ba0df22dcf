/**
 * Benchmark of the stable mechanism beside the optimal one on generated national rounds
 * (fixtures/generate-round.ts) of 100,000 and 300,000 students.
 *
 *   node --import tsx bench/stable.ts [100k] [300k]
 *
 * Each size runs in a fresh process (so the memory of one does not slow the next) and prints:
 * - compatibility: the compatibility lists both mechanisms start from;
 * - deferred acceptance alone (solveStable; best of 3 runs), and the stable mechanism end to
 *   end (solveRound: compatibility, deferred acceptance, the result with cut-offs and
 *   recommendations);
 * - the optimal solve alone (solveOptimal, 2 threads), the shortage gaps alone, and the
 *   optimal mechanism end to end (solveRound: with gaps, cut-offs and recommendations);
 * - as a check, the blocking pairs of the stable result (must be 0) and the students placed.
 * Generating and validating the round are not timed.
 */
import { spawnSync } from 'node:child_process';
import { buildCompatibility, buildOfferIndex } from '../solver/compatibility.ts';
import { solveOptimal } from '../solver/optimal-mechanism.ts';
import { buildShortageTable } from '../solver/shortage-table.ts';
import { computeShortageGaps } from '../solver/shortage-gap.ts';
import { solveRound } from '../solver/solve-round.ts';
import { findBlockingPairs } from '../solver/stability-check.ts';
import { solveStable } from '../solver/stable-mechanism.ts';
import { validateRound } from '../solver/validate-round.ts';
import { generateRound } from '../fixtures/generate-round.ts';

const SIZES: Record<string, number> = { '100k': 100_000, '300k': 300_000 };
const SEED = 1;

interface Measurement {
  students: number;
  pairs: number;
  compatibilityMs: number;
  deferredAcceptanceMs: number;
  stableEndToEndMs: number;
  optimalSolveMs: number;
  gapMs: number;
  optimalEndToEndMs: number;
  stablePlaced: number;
  optimalPlaced: number;
  blockingPairs: number;
}

if (process.argv[2] === '--measure') {
  process.stdout.write(JSON.stringify(await measure(Number(process.argv[3]))) + '\n');
} else {
  main(process.argv.slice(2));
}

function main(requested: string[]): void {
  const names = requested.length > 0 ? requested : Object.keys(SIZES);
  for (const name of names) if (!(name in SIZES)) throw new Error(`unknown size '${name}' (choose from ${Object.keys(SIZES).join(', ')})`);
  for (const name of names) {
    const run = spawnSync(process.execPath, ['--import', 'tsx', import.meta.filename, '--measure', String(SIZES[name])], { encoding: 'utf8', maxBuffer: 1 << 20 });
    if (run.status !== 0) throw new Error(`the ${name} measurement failed:\n${run.stderr}`);
    const m = JSON.parse(run.stdout) as Measurement;
    console.log(`\n== ${name} students (national round, seed ${SEED}): ${m.pairs.toLocaleString('en')} compatible pairs`);
    console.log(`compatibility                     ${ms(m.compatibilityMs)}`);
    console.log(`stable: deferred acceptance      ${ms(m.deferredAcceptanceMs)}   (best of 3; placed ${m.stablePlaced.toLocaleString('en')}, blocking pairs ${m.blockingPairs})`);
    console.log(`stable: end to end (solveRound)   ${ms(m.stableEndToEndMs)}`);
    console.log(`optimal: flow solve (2 threads)   ${ms(m.optimalSolveMs)}   (placed ${m.optimalPlaced.toLocaleString('en')})`);
    console.log(`optimal: shortage gaps            ${ms(m.gapMs)}`);
    console.log(`optimal: end to end (solveRound)  ${ms(m.optimalEndToEndMs)}`);
    if (m.blockingPairs !== 0) console.log(`\n!!!!!! the stable result has ${m.blockingPairs} blocking pairs !!!!!!\n`);
  }
}

async function measure(students: number): Promise<Measurement> {
  const outcome = validateRound(generateRound({ students, seed: SEED }));
  if (!outcome.ok) throw new Error('the generated round is invalid');
  const { model } = outcome;

  let started = performance.now();
  const index = buildOfferIndex(model);
  const compatibility = buildCompatibility(index);
  const compatibilityMs = performance.now() - started;

  const runs = [0, 1, 2].map(() => {
    const start = performance.now();
    const { assignment } = solveStable(index, compatibility);
    return { assignment, ms: performance.now() - start };
  });
  const deferredAcceptanceMs = Math.min(...runs.map((run) => run.ms));
  const stable = runs[0].assignment;
  const blockingPairs = findBlockingPairs(model, compatibility, stable, 1).count;

  started = performance.now();
  await solveRound(model, { mechanism: 'stable' });
  const stableEndToEndMs = performance.now() - started;

  started = performance.now();
  const optimal = await solveOptimal(model, compatibility, { threads: 2 });
  const optimalSolveMs = performance.now() - started;

  started = performance.now();
  computeShortageGaps(model, optimal, buildShortageTable(model, optimal.assignment));
  const gapMs = performance.now() - started;

  started = performance.now();
  await solveRound(model, { mechanism: 'optimal', threads: 2 });
  const optimalEndToEndMs = performance.now() - started;

  const placed = (assignment: Int32Array) => assignment.reduce((count, o) => count + (o >= 0 ? 1 : 0), 0);
  return {
    students,
    pairs: compatibility.offer.length,
    compatibilityMs,
    deferredAcceptanceMs,
    stableEndToEndMs,
    optimalSolveMs,
    gapMs,
    optimalEndToEndMs,
    stablePlaced: placed(stable),
    optimalPlaced: placed(optimal.assignment),
    blockingPairs,
  };
}

function ms(value: number): string {
  return `${(value / 1000).toFixed(2).padStart(6)} s`;
}
