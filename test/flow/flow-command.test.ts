import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeDimacsProblem } from '../../solver/flow/dimacs-writer.ts';
import { toFlowProblem, type ProblemData } from './support/random-problems.ts';

const repo = join(import.meta.dirname, '..', '..');
let dir: string;

/** Runs `dual-match flow ...` as a real process. */
function flow(args: string[], input?: string) {
  const result = spawnSync(process.execPath, ['cli/dual-match.js', 'flow', ...args], { cwd: repo, input, encoding: 'utf8', timeout: 60_000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

const TINY = 'c tiny\np min 4 5\nn 1 2\nn 4 -2\na 1 2 0 1 1\na 1 3 0 2 2\na 2 4 0 2 1\na 3 4 0 2 1\na 2 3 0 5 9\n';

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'dual-match-flow-'));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('dual-match flow', () => {
  it('prints the optimal solution in DIMACS form and exits 0', () => {
    const path = file('tiny.min', TINY);
    const result = flow([path]);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('s 5\nf 1 2 1\nf 1 3 1\nf 2 4 1\nf 3 4 1\n');
    expect(result.stderr).toMatch(/read 4 nodes and 5 arcs/);
    expect(flow([path, '--cost-only', '--threads', '1']).stdout).toBe('s 5\n');
  });

  it('reads standard input given -', () => {
    const result = flow(['-', '--cost-only'], TINY);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('s 5\n');
  });

  it('exits 1 with s INFEASIBLE for an infeasible problem', () => {
    const result = flow([file('infeasible.min', TINY.replace('n 4 -2', 'n 4 -5').replace('n 1 2', 'n 1 5'))]);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('s INFEASIBLE\n');
    expect(result.stderr).toMatch(/the problem is infeasible/);
  });

  it('exits 1 naming the line of malformed input, or an unreadable file', () => {
    const malformed = flow([file('bad.min', TINY.replace('a 2 4 0 2 1', 'a 2 4 zero 2 1'))]);
    expect(malformed.code).toBe(1);
    expect(malformed.stdout).toBe('');
    expect(malformed.stderr).toMatch(/bad\.min: line 7: expected lower bound, found 'zero'/);
    const missing = flow([join(dir, 'missing.min')]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/cannot read .*missing\.min/);
  });

  it('exits 2 for bad usage and 0 for --help', () => {
    expect(flow([]).code).toBe(2);
    expect(flow(['a.min', 'b.min']).code).toBe(2);
    expect(flow(['a.min', '--frobnicate']).code).toBe(2);
    const badThreads = flow(['a.min', '--threads', 'two']);
    expect(badThreads.code).toBe(2);
    expect(badThreads.stderr).toMatch(/--threads must be a whole number from 1 to 64/);
    const help = flow(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/usage: dual-match flow FILE\.min/);
  });

  it('solves a round-shaped file big enough for worker threads, with the same answer as one thread', () => {
    // 6,000 students with 100 offers each: ~600,000 arcs, ~12.7 MB, above the sizes where the
    // command starts its worker pool early and the solver uses it.
    let seed = 3;
    // A small linear congruential generator: deterministic, good enough to scatter arcs.
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const students = 6000;
    const offers = 600;
    const sink = students + offers;
    const data: ProblemData = { supply: new Array(sink + 1).fill(0), arcs: [] };
    for (let s = 0; s < students; s++) {
      data.supply[s] = 1;
      const specialty = s % 30;
      for (let k = 0; k < 100; k++) {
        data.arcs.push({ tail: s, head: students + specialty * 20 + Math.floor(random() * 20), lower: 0, capacity: 1, cost: Math.floor(random() * 10_000) });
      }
      data.arcs.push({ tail: s, head: sink, lower: 0, capacity: 1, cost: 3e9 });
    }
    for (let o = 0; o < offers; o++) data.arcs.push({ tail: students + o, head: sink, lower: 0, capacity: 1 + Math.floor(random() * 12), cost: 0 });
    data.supply[sink] = -students;
    const chunks: string[] = [];
    writeDimacsProblem(toFlowProblem(data), (chunk) => chunks.push(chunk));
    const path = file('round.min', chunks.join(''));

    const parallel = flow([path, '--threads', '2']);
    const serial = flow([path, '--threads', '1']);
    expect(parallel.code).toBe(0);
    expect(serial.code).toBe(0);
    expect(parallel.stdout).toBe(serial.stdout);
    expect(parallel.stdout).toMatch(/^s \d+\n(f \d+ \d+ 1\n)+/);
  });
});
