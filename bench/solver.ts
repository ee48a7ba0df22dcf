/**
 * The solver against its speed targets, in one run:
 *
 *   npm run bench [-- [--sizes 1000,10000] [--runs 3]]
 *
 * For each size (default 1k, 10k, 100k and 300k students) it generates the national round
 * once (`dual-match generate`, seed 1, into bench/out/, git-ignored; reused while there: delete
 * it after changing the generator) and its DIMACS form (`dual-match graph`), then measures,
 * every run in a fresh process started as a user starts it:
 * - `dual-match solve` (the optimal mechanism, default threads): wall time from process start
 *   to exit, and peak RSS (through GNU time, when /usr/bin/time is installed);
 * - javascript-lp-solver on the same problem, the optimal mechanism's minimum-cost-flow LP
 *   (`linearProgram`, the tests' oracle in test/flow/support/reference-solvers.ts), in a child
 *   process stopped after 60 s; the ratio is its solve time over ours on the same problem in
 *   the same process (solveMinCostFlowSync, one thread), and the optimal costs must agree;
 * - `dual-match solve --mechanism stable` end to end, and from 100k students on, deferred
 *   acceptance alone (bench/stable.ts, best of 3);
 * prints every figure that has a target with PASS or MISS, and last runs bench/flow.ts on the
 * rounds' DIMACS files: `dual-match flow` beside LEMON's NetworkSimplex.
 *
 * With --runs N each timing is taken N times and printed as "min / median"; targets are judged
 * on the median. Wall times on a shared machine grow with its load, printed with the results.
 */
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, readSync, renameSync } from 'node:fs';
import { availableParallelism, freemem, loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { buildAllocationNetwork } from '../solver/allocation-network.ts';
import { buildCompatibility, buildOfferIndex } from '../solver/compatibility.ts';
import { solveMinCostFlowSync } from '../solver/flow/solve-min-cost-flow-sync.ts';
import { validateRound } from '../solver/validate-round.ts';
import { linearProgram } from '../test/flow/support/reference-solvers.ts';

const HERE = import.meta.dirname;
const REPO = join(HERE, '..');
const OUT = join(HERE, 'out');
const CLI = join(REPO, 'cli', 'dual-match.js');
const SEED = 1;
const DEFAULT_SIZES = [1_000, 10_000, 100_000, 300_000];
const LP_TIME_LIMIT_MS = 60_000;
/** bench/stable.ts measures deferred acceptance alone from this size on (its target is at 300k). */
const DEFERRED_ACCEPTANCE_MIN_STUDENTS = 100_000;

const COLUMNS = ['students', 'arcs', 'optimal e2e', 'peak RSS', 'javascript-lp-solver', 'LP / ours', 'stable e2e', 'deferred acceptance'];
const WIDTHS = [9, 12, 17, 10, 31, 10, 17, 19];

interface Target {
  students: number;
  what: string;
  limit: number;
  unit: 's' | 'GB';
  value: (row: Row) => number | null;
}

const TARGETS: Target[] = [
  { students: 100_000, what: 'optimal, end to end', limit: 3, unit: 's', value: (row) => median(row.optimal) / 1000 },
  { students: 300_000, what: 'optimal, end to end', limit: 15, unit: 's', value: (row) => median(row.optimal) / 1000 },
  { students: 300_000, what: 'optimal, peak RSS', limit: 3, unit: 'GB', value: (row) => (row.peakRssMb === null ? null : row.peakRssMb / 1024) },
  { students: 300_000, what: 'stable, deferred acceptance', limit: 3, unit: 's', value: (row) => (row.deferredAcceptanceMs === null ? null : row.deferredAcceptanceMs / 1000) },
];

/** What the LP child reports, a JSON object per line: our solve first, then the LP's outcome. */
type LpReport =
  | { kind: 'ours'; ms: number; cost: string }
  | { kind: 'solving' }
  | { kind: 'solved'; ms: number; cost: number }
  | { kind: 'failed'; why: string };

interface LpOutcome {
  /** Our solve of the same problem in the LP's process. */
  ours: { ms: number; cost: string } | null;
  lp: { kind: 'solved'; ms: number; cost: number } | { kind: 'stopped' } | { kind: 'failed'; why: string };
}

interface Row {
  students: number;
  arcs: number;
  optimal: number[];
  peakRssMb: number | null;
  lp: LpOutcome;
  stable: number[];
  deferredAcceptanceMs: number | null;
}

if (process.argv[2] === '--lp') measureLp(process.argv[3]);
else await main();

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { sizes: { type: 'string' }, runs: { type: 'string', default: '1' } } });
  const sizes = values.sizes ? values.sizes.split(',').map((text) => wholeNumber('--sizes', text)) : DEFAULT_SIZES;
  const runs = wholeNumber('--runs', values.runs!);
  mkdirSync(OUT, { recursive: true });
  console.log(`dual-match bench: ${availableParallelism()} cores, load average ${loadAverage()}, ${runs} run${runs === 1 ? '' : 's'} per timing (min / median)`);

  const inputs = sizes.map((students) => {
    const round = ensureRound(students);
    return { students, round, graph: ensureGraph(round) };
  });

  const rows: Row[] = [];
  printHeader();
  for (const { students, round, graph } of inputs) {
    const optimal = repeat(runs, () => timeCli(['solve', round, '--quiet', '--out', join(OUT, `result-${students}-optimal.json`)]));
    const stable = repeat(runs, () => timeCli(['solve', round, '--mechanism', 'stable', '--quiet', '--out', join(OUT, `result-${students}-stable.json`)]));
    const peaks = optimal.map((run) => run.peakRssMb).filter((mb): mb is number => mb !== null);
    const row: Row = {
      students,
      arcs: arcCountOf(graph),
      optimal: optimal.map((run) => run.ms),
      peakRssMb: peaks.length > 0 ? Math.max(...peaks) : null,
      lp: await runLp(round),
      stable: stable.map((run) => run.ms),
      deferredAcceptanceMs: students >= DEFERRED_ACCEPTANCE_MIN_STUDENTS ? deferredAcceptanceMs(students) : null,
    };
    rows.push(row);
    printRow(row);
  }

  console.log(`\nTargets (on the median; load average now ${loadAverage()}):`);
  const judged = TARGETS.filter((target) => rows.some((row) => row.students === target.students));
  if (judged.length === 0) console.log(`  none at these sizes (targets are at ${[...new Set(TARGETS.map((t) => t.students.toLocaleString('en')))].join(' and ')} students)`);
  for (const target of judged) {
    const value = target.value(rows.find((row) => row.students === target.students)!);
    if (value === null) {
      console.log(`  ${target.students.toLocaleString('en').padStart(7)} students, ${target.what}: not measured here`);
      continue;
    }
    const verdict = value < target.limit ? 'PASS' : 'MISS';
    console.log(`  ${target.students.toLocaleString('en').padStart(7)} students, ${target.what.padEnd(28)} ${value.toFixed(2).padStart(6)} ${target.unit}   target < ${target.limit} ${target.unit}   ${verdict}`);
  }

  console.log("\n`dual-match flow` on the rounds' DIMACS files beside LEMON's NetworkSimplex (bench/flow.ts):");
  const flow = spawnSync(process.execPath, ['--import', 'tsx', join(HERE, 'flow.ts'), ...inputs.map((input) => input.graph)], { cwd: REPO, stdio: 'inherit' });
  if (flow.status !== 0) throw new Error('bench/flow.ts failed');
}

function wholeNumber(flag: string, text: string): number {
  const value = Number(text);
  if (!/^\d+$/.test(text) || value < 1) throw new Error(`${flag}: expected whole numbers above 0, got '${text}'`);
  return value;
}

function loadAverage(): string {
  return loadavg()[0].toFixed(1);
}

/** The generated round of this size, written once. */
function ensureRound(students: number): string {
  const file = join(OUT, `round-${students}-seed${SEED}.json`);
  if (!existsSync(file)) {
    cli(['generate', '--students', String(students), '--seed', String(SEED), '--out', `${file}.partial`]);
    renameSync(`${file}.partial`, file);
  }
  return file;
}

/** The round's allocation network in DIMACS form, written once. */
function ensureGraph(round: string): string {
  const file = round.replace(/\.json$/, '.min');
  if (!existsSync(file)) {
    cli(['graph', round, '--out', `${file}.partial`]);
    renameSync(`${file}.partial`, file);
  }
  return file;
}

function cli(args: string[]): void {
  const run = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', stdio: ['ignore', 'ignore', 'pipe'] });
  if (run.status !== 0) throw new Error(`dual-match ${args.join(' ')} failed:\n${run.stderr}`);
}

/** The arc count on the DIMACS problem line ("p min NODES ARCS"), among the first lines. */
function arcCountOf(graph: string): number {
  const fd = openSync(graph, 'r');
  const head = Buffer.alloc(4096);
  const length = readSync(fd, head, 0, head.length, 0);
  closeSync(fd);
  const match = /^p min \d+ (\d+)$/m.exec(head.toString('utf8', 0, length));
  if (!match) throw new Error(`${graph}: no problem line`);
  return Number(match[1]);
}

function repeat<T>(runs: number, measure: () => T): T[] {
  return Array.from({ length: runs }, measure);
}

/** One `dual-match` command in a fresh process: wall time from start to exit, and peak RSS. */
function timeCli(args: string[]): { ms: number; peakRssMb: number | null } {
  const gnuTime = existsSync('/usr/bin/time');
  const rssFile = join(OUT, 'peak-rss.txt');
  const command = gnuTime ? ['/usr/bin/time', '-f', '%M', '-o', rssFile, process.execPath, CLI, ...args] : [process.execPath, CLI, ...args];
  const started = performance.now();
  const run = spawnSync(command[0], command.slice(1), { encoding: 'utf8', stdio: ['ignore', 'ignore', 'pipe'] });
  const ms = performance.now() - started;
  if (run.status !== 0) throw new Error(`dual-match ${args.join(' ')} failed:\n${run.stderr}`);
  // GNU time reports the largest RSS of the command and the processes it waited for, in KiB.
  const peakRssMb = gnuTime ? Number(readFileSync(rssFile, 'utf8').trim().split('\n').pop()) / 1024 : null;
  return { ms, peakRssMb };
}

/** Deferred acceptance alone, from bench/stable.ts's own measurement (best of 3). */
function deferredAcceptanceMs(students: number): number {
  const run = spawnSync(process.execPath, ['--import', 'tsx', join(HERE, 'stable.ts'), '--measure', String(students)], { cwd: REPO, encoding: 'utf8', maxBuffer: 1 << 20 });
  if (run.status !== 0) throw new Error(`bench/stable.ts failed:\n${run.stderr}`);
  return (JSON.parse(run.stdout) as { deferredAcceptanceMs: number }).deferredAcceptanceMs;
}

/** javascript-lp-solver in a child process (measureLp), stopped LP_TIME_LIMIT_MS after it starts solving. */
function runLp(round: string): Promise<LpOutcome> {
  const child = spawn(process.execPath, ['--import', 'tsx', import.meta.filename, '--lp', round], { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'] });
  const outcome: LpOutcome = { ours: null, lp: { kind: 'failed', why: '' } };
  let pending = '';
  let stderr = '';
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    const lines = (pending + chunk).split('\n');
    pending = lines.pop()!;
    for (const line of lines) {
      const report = JSON.parse(line) as LpReport;
      if (report.kind === 'ours') outcome.ours = { ms: report.ms, cost: report.cost };
      else if (report.kind === 'solving') {
        timer = setTimeout(() => {
          stopped = true;
          child.kill('SIGKILL');
        }, LP_TIME_LIMIT_MS);
      } else outcome.lp = report;
    }
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      if (stopped) outcome.lp = { kind: 'stopped' };
      else if (code !== 0) outcome.lp = { kind: 'failed', why: lastLine(stderr) || `exit code ${code}` };
      resolve(outcome);
    });
  });
}

function lastLine(text: string): string {
  const lines = text.trim().split('\n').filter((line) => /\S/.test(line) && !/^\s+at /.test(line));
  return lines.pop() ?? '';
}

/**
 * The child's side of runLp: builds the round's allocation network as the solver does, solves
 * it with our engine, then says "solving" (the time limit starts then) and solves its LP.
 */
function measureLp(round: string): void {
  const report = (line: LpReport) => process.stdout.write(JSON.stringify(line) + '\n');
  const outcome = validateRound(JSON.parse(readFileSync(round, 'utf8')));
  if (!outcome.ok) throw new Error(`${round} is not a valid round`);
  const { problem } = buildAllocationNetwork(outcome.model, buildCompatibility(buildOfferIndex(outcome.model)));
  let started = performance.now();
  const ours = solveMinCostFlowSync(problem);
  report({ kind: 'ours', ms: performance.now() - started, cost: String(ours.totalCost) });
  // javascript-lp-solver fills a dense tableau of float64: a column per arc, a row per bounded
  // arc and two per node (each equality is two inequalities).
  let bounded = 0;
  for (let a = 0; a < problem.arcCount; a++) if (problem.capacity[a] !== Infinity) bounded++;
  const tableauBytes = 8 * (problem.arcCount + 1) * (bounded + 2 * problem.nodeCount + 1);
  if (tableauBytes > freemem() / 2) {
    report({ kind: 'failed', why: `not run: its dense tableau needs ${(tableauBytes / 2 ** 30).toFixed(0)} GB` });
    return;
  }
  report({ kind: 'solving' });
  started = performance.now();
  const lp = linearProgram(problem);
  const ms = performance.now() - started;
  if (lp.status !== 'optimal') throw new Error(`javascript-lp-solver: ${lp.status}`);
  report({ kind: 'solved', ms, cost: lp.cost });
}

function printHeader(): void {
  console.log();
  console.log(COLUMNS.map((column, i) => column.padStart(WIDTHS[i])).join(' '));
}

function printRow(row: Row): void {
  const { ours, lp } = row.lp;
  const cells = [
    row.students.toLocaleString('en'),
    row.arcs.toLocaleString('en'),
    seconds(row.optimal),
    row.peakRssMb === null ? 'n/a' : `${(row.peakRssMb / 1024).toFixed(2)} GB`,
    lp.kind === 'solved' ? `${(lp.ms / 1000).toFixed(2)} s` : lp.kind === 'stopped' ? `> ${LP_TIME_LIMIT_MS / 1000} s (stopped)` : 'not solved',
    !ours ? '-' : lp.kind === 'solved' ? `${(lp.ms / ours.ms).toFixed(1)}x` : lp.kind === 'stopped' ? `> ${(LP_TIME_LIMIT_MS / ours.ms).toFixed(0)}x` : '-',
    seconds(row.stable),
    row.deferredAcceptanceMs === null ? '-' : `${(row.deferredAcceptanceMs / 1000).toFixed(2)} s`,
  ];
  console.log(cells.map((cell, i) => cell.padStart(WIDTHS[i])).join(' '));
  const note = ours ? `ours on the same LP: ${(ours.ms / 1000).toFixed(2)} s (one thread)` : '';
  if (lp.kind === 'failed') console.log(`${' '.repeat(WIDTHS[0])}   javascript-lp-solver: ${lp.why}${note && `; ${note}`}`);
  else if (note) console.log(`${' '.repeat(WIDTHS[0])}   ${note}`);
  if (lp.kind === 'solved' && ours && String(lp.cost) !== ours.cost) console.log(`\n!!!!!! MISMATCH: the LP's optimum ${lp.cost} differs from ours ${ours.cost} !!!!!!\n`);
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

function seconds(values: number[]): string {
  const min = Math.min(...values) / 1000;
  return values.length === 1 ? `${min.toFixed(2)} s` : `${min.toFixed(2)} / ${(median(values) / 1000).toFixed(2)} s`;
}
