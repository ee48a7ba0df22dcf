/**
 * `dual-match solve | graph | flow`, run as real processes on files: determinism, exit codes,
 * and the DIMACS network agreeing with the solved result.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildAllocationNetwork, meritCost, placementCost } from '../../solver/allocation-network.ts';
import { buildCompatibility, buildOfferIndex } from '../../solver/compatibility.ts';
import { assignmentOfResult } from '../../solver/result-assignment.ts';
import { studentOfferKm } from '../../solver/round-model.ts';
import { ResultSchema } from '../../solver/schema.ts';
import { modelOf } from '../helpers/solve.ts';

const repo = new URL('../..', import.meta.url).pathname;
const demo = join(repo, 'fixtures/demo/kostanay-2026-autumn.json');
const dir = mkdtempSync(join(tmpdir(), 'dual-match-solve-'));

function dualMatch(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const run = spawnSync(process.execPath, ['cli/dual-match.js', ...args], { cwd: repo, encoding: 'utf8', timeout: 60_000, maxBuffer: 1 << 28 });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

describe('dual-match solve', () => {
  it('gives byte-identical results for the same file, recording its hash and the solver version', () => {
    const first = dualMatch('solve', demo, '--quiet');
    const second = dualMatch('solve', demo, '--quiet');
    expect(first.status).toBe(0);
    expect(second.stdout).toBe(first.stdout);
    const result = ResultSchema.parse(JSON.parse(first.stdout));
    expect(result.inputHash).toMatch(/^sha256:[0-9a-f]{64}$|^[0-9a-f]{64}$/);
    expect(result.solver.version).toBe(JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')).version);
    expect(result.assignments.length + result.unplaced.length).toBe(result.summary.students);
    expect(result.summary.placed).toBe(result.assignments.length);
  });

  it('exits 1 naming every bad field and writes nothing, exits 2 on bad usage', () => {
    const round = JSON.parse(readFileSync(demo, 'utf8'));
    round.students[3].specialty = 'no-such-specialty';
    round.offers[0].places = -1;
    writeFileSync(join(dir, 'bad.json'), JSON.stringify(round));
    const out = join(dir, 'never-written.json');
    const bad = dualMatch('solve', join(dir, 'bad.json'), '--out', out);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain('students[3].specialty');
    expect(bad.stderr).toContain('offers[0].places');
    expect(() => readFileSync(out)).toThrow();

    expect(dualMatch('solve', join(dir, 'missing.json')).status).toBe(1);
    expect(dualMatch('solve', demo, '--mechanism', 'fastest').status).toBe(2);
    expect(dualMatch('solve').status).toBe(2);
  });
});

describe('dual-match graph | dual-match flow', () => {
  it('writes a DIMACS network whose optimal cost is the cost of the solved assignment', () => {
    const solved = dualMatch('solve', demo, '--quiet');
    const graph = dualMatch('graph', demo, '--out', join(dir, 'demo.min'));
    expect(graph.status).toBe(0);
    const text = readFileSync(join(dir, 'demo.min'), 'utf8');
    expect(text).toMatch(/^p min \d+ \d+$/m);
    const flow = dualMatch('flow', join(dir, 'demo.min'), '--cost-only');
    expect(flow.status).toBe(0);
    const cost = Number(/^s (-?\d+)$/m.exec(flow.stdout)?.[1]);

    // The network's cost of the result, computed from the result file and the cost rules.
    const document = JSON.parse(readFileSync(demo, 'utf8'));
    const model = modelOf(document);
    const network = buildAllocationNetwork(model, buildCompatibility(buildOfferIndex(model)));
    const { assignment, problems } = assignmentOfResult(model, ResultSchema.parse(JSON.parse(solved.stdout)));
    expect(problems).toEqual([]);
    let resultCost = 0;
    for (const s of network.students) {
      const o = assignment[s];
      resultCost += o >= 0 ? placementCost(model, s, o, studentOfferKm(model, s, o)) : network.levelWeight * (1 + model.studentPriority[s]) + meritCost(model, s);
    }
    expect(cost).toBe(resultCost);
  });

  it('reports an infeasible DIMACS problem clearly with exit code 1', () => {
    writeFileSync(join(dir, 'infeasible.min'), 'p min 2 1\nn 1 5\nn 2 -5\na 1 2 0 3 1\n');
    const flow = dualMatch('flow', join(dir, 'infeasible.min'));
    expect(flow.status).toBe(1);
    expect(flow.stdout).toContain('s INFEASIBLE');
    expect(flow.stderr).toMatch(/infeasible/);
  });
});
