/**
 * Benchmark of the minimum-cost-flow engine against LEMON's NetworkSimplex on round-shaped
 * problems (bench/round-flow-generator.ts) of 100,000 and 300,000 students, or on DIMACS files
 * given by path (bench/solver.ts passes the `dual-match graph` files of its rounds).
 *
 *   node --import tsx bench/flow.ts [100k] [300k] [FILE.min ...]
 *
 * For each size it writes the DIMACS file once (bench/out/, git-ignored), then measures, each in
 * a fresh process so that the peak memory is that run's own:
 * - ours with 2 worker threads and with 1 thread: parse time, solve time, peak RSS;
 * - the `dual-match flow FILE --cost-only` command end to end (process start to exit);
 * - LEMON (bench/lemon/lemon-ns.cpp, built with g++ when liblemon-dev is installed): parse and
 *   solve times.
 * The optimal costs must be equal; a difference is printed as a loud MISMATCH. CPU times are
 * printed beside wall times: when other processes compete for the cores, wall times grow but CPU
 * times stay comparable (the bench warns when the load average says so).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readSync, renameSync, statSync, writeSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { join } from 'node:path';
import { DimacsParser } from '../solver/flow/dimacs-parser.ts';
import { writeDimacsProblem } from '../solver/flow/dimacs-writer.ts';
import { solveMinCostFlow } from '../solver/flow/solve-min-cost-flow.ts';
import { FlowWorkerPool } from '../solver/flow/worker-pool.ts';
import { generateRoundFlow } from './round-flow-generator.ts';

const HERE = import.meta.dirname;
const OUT = join(HERE, 'out');
const REPO = join(HERE, '..');
const SIZES: Record<string, number> = { '100k': 100_000, '300k': 300_000 };
const SEED = 1;

interface OurRun {
  arcs: number;
  parseMs: number;
  solveMs: number;
  /** CPU time of the solve, all threads together. */
  solveCpuMs: number;
  cost: string;
  peakRssMb: number;
}

interface LemonRun {
  parseMs: number;
  solveMs: number;
  solveCpuMs: number;
  cost: string;
}

if (process.argv[2] === '--measure') {
  const result = await measureOurs(process.argv[3], Number(process.argv[4]));
  process.stdout.write(JSON.stringify(result) + '\n');
} else {
  await main(process.argv.slice(2));
}

async function main(requested: string[]): Promise<void> {
  const names = requested.length > 0 ? requested : Object.keys(SIZES);
  for (const name of names) if (!(name in SIZES) && !existsSync(name)) throw new Error(`unknown size '${name}' (choose from ${Object.keys(SIZES).join(', ')}, or give a DIMACS file)`);
  mkdirSync(OUT, { recursive: true });
  const lemon = buildLemon();
  const load = loadavg()[0];
  if (load > 1) console.log(`warning: load average ${load.toFixed(1)} on ${availableParallelism()} cores: other processes compete, wall times will be inflated (compare CPU times)`);
  for (const name of names) {
    const file = name in SIZES ? ensureProblemFile(name, SIZES[name]) : name;
    console.log(`\n== ${name in SIZES ? `${name} students: ` : ''}${file} (${(statSync(file).size / 1e6).toFixed(0)} MB)`);
    const parallel = runOurs(file, 2);
    const serial = runOurs(file, 1);
    const endToEnd = runCommand(file);
    const reference = lemon ? runLemon(lemon, file) : null;

    console.log(`arcs                     ${parallel.arcs.toLocaleString('en')}`);
    console.log(`ours, 2 threads          parse ${ms(parallel.parseMs)}  solve ${ms(parallel.solveMs)} (cpu ${ms(parallel.solveCpuMs)})  peak RSS ${parallel.peakRssMb} MB`);
    console.log(`ours, 1 thread           parse ${ms(serial.parseMs)}  solve ${ms(serial.solveMs)} (cpu ${ms(serial.solveCpuMs)})  peak RSS ${serial.peakRssMb} MB`);
    console.log(`dual-match flow (e2e)    ${ms(endToEnd.wallMs)}  (2 threads, process start to exit, --cost-only)`);
    if (reference) {
      console.log(`LEMON NetworkSimplex     parse ${ms(reference.parseMs)}  solve ${ms(reference.solveMs)} (cpu ${ms(reference.solveCpuMs)})`);
      console.log(`solve time LEMON / ours  ${(reference.solveMs / parallel.solveMs).toFixed(2)}x (2 threads), ${(reference.solveMs / serial.solveMs).toFixed(2)}x (1 thread)`);
    } else {
      console.log('LEMON                    skipped: liblemon-dev not installed or not buildable (apt-get install liblemon-dev g++)');
    }
    const costs = [parallel.cost, serial.cost, endToEnd.cost, ...(reference ? [reference.cost] : [])];
    console.log(`optimal cost             ${costs.join(' / ')}`);
    if (new Set(costs).size !== 1) console.log(`\n!!!!!! MISMATCH: the optimal costs differ: ${costs.join(' vs ')} !!!!!!\n`);
  }
}

/** Generates and writes the problem file unless it is already there. */
function ensureProblemFile(name: string, students: number): string {
  const file = join(OUT, `round-${name}-seed${SEED}.min`);
  if (existsSync(file)) return file;
  const started = performance.now();
  const problem = generateRoundFlow({ students, seed: SEED });
  const fd = openSync(file + '.partial', 'w');
  writeDimacsProblem(problem, (chunk) => writeSync(fd, chunk), [`round-shaped flow problem: ${students} students, seed ${SEED} (bench/round-flow-generator.ts)`]);
  closeSync(fd);
  renameSync(file + '.partial', file);
  console.log(`generated ${file} in ${ms(performance.now() - started)}`);
  return file;
}

/** Our solver in a fresh process (see measureOurs). */
function runOurs(file: string, threads: number): OurRun {
  const output = execFileSync(process.execPath, ['--import', 'tsx', join(HERE, 'flow.ts'), '--measure', file, String(threads)], { cwd: REPO, encoding: 'utf8', maxBuffer: 1 << 20 });
  return JSON.parse(output) as OurRun;
}

/** Parses and solves in this process, as the CLI does: the pool boots while the file is parsed. */
async function measureOurs(file: string, threads: number): Promise<OurRun> {
  const pool = threads > 1 ? new FlowWorkerPool(threads) : undefined;
  let started = performance.now();
  const parser = new DimacsParser({ shared: threads > 1 });
  const fd = openSync(file, 'r');
  const buffer = new Uint8Array(16 << 20);
  for (let n; (n = readSync(fd, buffer, 0, buffer.length, null)) > 0; ) parser.push(buffer.subarray(0, n));
  closeSync(fd);
  const problem = parser.finish();
  const parseMs = performance.now() - started;
  started = performance.now();
  const cpuStart = process.cpuUsage();
  const solution = await solveMinCostFlow(problem, { threads, pool });
  const solveMs = performance.now() - started;
  const cpu = process.cpuUsage(cpuStart);
  await pool?.close();
  if (solution.status !== 'optimal') throw new Error(`${file}: ${solution.status}`);
  // maxRSS covers the worker threads too: they share the process.
  return {
    arcs: problem.arcCount,
    parseMs,
    solveMs,
    solveCpuMs: (cpu.user + cpu.system) / 1000,
    cost: String(solution.totalCost),
    peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
  };
}

function runCommand(file: string): { wallMs: number; cost: string } {
  const started = performance.now();
  const result = spawnSync(process.execPath, [join(REPO, 'cli', 'dual-match.js'), 'flow', file, '--cost-only', '--threads', '2'], { encoding: 'utf8' });
  const wallMs = performance.now() - started;
  if (result.status !== 0) throw new Error(`dual-match flow failed: ${result.stderr}`);
  return { wallMs, cost: result.stdout.replace(/^s /, '').trim() };
}

/** Builds bench/out/lemon-ns when LEMON's headers are installed; null when they are not. */
function buildLemon(): string | null {
  if (!existsSync('/usr/include/lemon/network_simplex.h')) return null;
  const source = join(HERE, 'lemon', 'lemon-ns.cpp');
  const binary = join(OUT, 'lemon-ns');
  if (!existsSync(binary) || statSync(binary).mtimeMs < statSync(source).mtimeMs) {
    try {
      execFileSync('g++', ['-O3', '-march=native', '-std=c++17', '-o', binary, source], { stdio: 'inherit' });
    } catch (error) {
      console.log(`LEMON skipped: could not build ${source}: ${(error as Error).message}`);
      return null;
    }
  }
  return binary;
}

function runLemon(binary: string, file: string): LemonRun {
  const output = execFileSync(binary, [file], { encoding: 'utf8' });
  const field = (name: string) => {
    const match = new RegExp(`^${name} (\\S+)$`, 'm').exec(output);
    if (!match) throw new Error(`lemon-ns printed no ${name}:\n${output}`);
    return match[1];
  };
  if (field('status') !== 'optimal') throw new Error(`LEMON: ${field('status')}`);
  return { parseMs: Number(field('parse_ms')), solveMs: Number(field('solve_ms')), solveCpuMs: Number(field('solve_cpu_ms')), cost: field('cost') };
}

function ms(milliseconds: number): string {
  return `${(milliseconds / 1000).toFixed(2)} s`.padStart(8);
}
