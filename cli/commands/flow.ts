import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { DimacsParseError, DimacsParser } from '../../solver/flow/dimacs-parser.ts';
import { writeDimacsSolution } from '../../solver/flow/dimacs-writer.ts';
import { FlowRangeError } from '../../solver/flow/exactness.ts';
import type { FlowProblem } from '../../solver/flow/problem.ts';
import { solveMinCostFlow } from '../../solver/flow/solve-min-cost-flow.ts';
import { FlowWorkerPool } from '../../solver/flow/worker-pool.ts';
import { parseCommandArgs, parseThreads } from '../args.ts';
import { InputError } from '../usage-error.ts';

const USAGE = `usage: dual-match flow FILE.min [--cost-only] [--threads N]

Solves a DIMACS minimum-cost-flow problem exactly (FILE.min, or - for standard input) and prints
the solution in DIMACS form: "s COST", then "f SRC DST FLOW" for each arc with non-zero flow.
An infeasible or unbounded problem prints "s INFEASIBLE" or "s UNBOUNDED" and exits with 1.

options:
  --cost-only    print only the "s" line
  --threads N    worker threads (default: the number of cores; 1 solves without workers)
  -h, --help     show this help`;

/**
 * Files larger than this (about 500,000 arcs, where solving starts to use worker threads) start
 * the worker pool before parsing, so that it boots meanwhile.
 */
const EARLY_POOL_MIN_BYTES = 12_000_000;
const READ_CHUNK_BYTES = 16 << 20;

export async function run(argv: string[]): Promise<number> {
  const args = parseCommandArgs(argv, {
    usage: USAGE,
    options: { 'cost-only': { type: 'boolean' }, threads: { type: 'string' } },
    positionals: { min: 1, max: 1 },
  });
  if (!args) return 0;
  const threads = parseThreads(args.values.threads) ?? availableParallelism();
  const file = args.positionals[0];

  const pool = threads > 1 && file !== '-' && fileSize(file) >= EARLY_POOL_MIN_BYTES ? new FlowWorkerPool(threads) : undefined;
  try {
    let started = performance.now();
    const problem = await readProblem(file);
    log(`read ${problem.nodeCount} nodes and ${problem.arcCount} arcs in ${seconds(started)}`);

    started = performance.now();
    const progress = process.stderr.isTTY ? (fraction: number) => process.stderr.write(`\rdual-match flow: solving ${Math.floor(fraction * 100)}%`) : undefined;
    const solution = await solveMinCostFlow(problem, { threads, pool, onProgress: progress }).catch((error: unknown) => {
      if (error instanceof FlowRangeError) throw new InputError(`${file}: ${error.message}`);
      throw error;
    });
    if (progress) process.stderr.write('\r\x1b[K');
    log(`${solution.status}${solution.status === 'optimal' ? `, cost ${solution.totalCost}` : ''}, solved in ${seconds(started)}`);

    writeDimacsSolution(problem, solution, (chunk) => process.stdout.write(chunk), { costOnly: args.values['cost-only'] });
    if (solution.status !== 'optimal') {
      process.stderr.write(`dual-match flow: the problem is ${solution.status}${solution.status === 'infeasible' ? ': the supplies cannot be routed within the capacities' : ': a negative-cost cycle has unlimited capacity'}\n`);
      return 1;
    }
    return 0;
  } finally {
    await pool?.close();
  }
}

function fileSize(file: string): number {
  try {
    return statSync(file).size;
  } catch {
    return 0; // reported properly when the file is read
  }
}

/**
 * Feeds the file (or standard input) through the incremental parser into shared arrays. A file
 * is read synchronously into one reused buffer, which measured faster than a stream's fresh
 * chunks; standard input has to be a stream.
 */
async function readProblem(file: string): Promise<FlowProblem> {
  const parser = new DimacsParser({ shared: true });
  const name = file === '-' ? 'standard input' : file;
  try {
    if (file === '-') {
      for await (const chunk of process.stdin) parser.push(chunk as Buffer);
    } else {
      const fd = openSync(file, 'r');
      try {
        const buffer = new Uint8Array(READ_CHUNK_BYTES);
        for (let n; (n = readSync(fd, buffer, 0, buffer.length, null)) > 0; ) parser.push(buffer.subarray(0, n));
      } finally {
        closeSync(fd);
      }
    }
    return parser.finish();
  } catch (error) {
    if (error instanceof DimacsParseError) throw new InputError(`${name}: ${error.message}`);
    const code = (error as NodeJS.ErrnoException).code;
    if (code) throw new InputError(`cannot read ${name}: ${(error as Error).message}`);
    throw error;
  }
}

function log(message: string): void {
  process.stderr.write(`dual-match flow: ${message}\n`);
}

function seconds(since: number): string {
  return `${((performance.now() - since) / 1000).toFixed(2)} s`;
}
