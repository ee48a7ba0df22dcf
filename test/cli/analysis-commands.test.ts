/**
 * `dual-match check | explain | compare | vacancies`, run as real processes on files.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Result } from '../../solver/schema.ts';
import { validateRound } from '../../solver/validate-round.ts';
import { tinyRound } from '../helpers/tiny-round.ts';

const repo = new URL('../..', import.meta.url).pathname;

function dualMatch(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const run = spawnSync(process.execPath, ['cli/dual-match.js', ...args], { cwd: repo, encoding: 'utf8', timeout: 60_000 });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

const dir = mkdtempSync(join(tmpdir(), 'dual-match-cli-'));
const file = (name: string) => join(dir, name);
const round = tinyRound({
  students: [
    { id: 'S1', score: 90, preferences: ['O1', 'O2'] },
    { id: 'S2', score: 50, preferences: ['O1'] },
    { id: 'S3', score: 70, preferences: ['O2'] },
    { id: 'S4', score: 60, preferences: ['O1'] },
  ],
  offers: [{ id: 'O1' }, { id: 'O2', places: 2 }, { id: 'O3', enterprise: 'E-B', places: 2 }],
  policy: { preferredOnly: true },
});

beforeAll(() => {
  writeFileSync(file('round.json'), JSON.stringify(round));
  for (const mechanism of ['optimal', 'stable']) {
    const solved = dualMatch('solve', file('round.json'), '--mechanism', mechanism, '--out', file(`${mechanism}.json`), '--quiet');
    expect(solved.status).toBe(0);
  }
});

const readResult = (name: string) => JSON.parse(readFileSync(file(name), 'utf8')) as Result;

describe('dual-match check', () => {
  it('exits 0 for the results the solver writes', () => {
    const optimal = dualMatch('check', file('round.json'), file('optimal.json'));
    expect(optimal).toMatchObject({ status: 0, stdout: `valid: ${file('optimal.json')}: optimal result of round tiny (4 students; matches a fresh solve)\n` });
    const stable = dualMatch('check', file('round.json'), file('stable.json'), '--no-resolve');
    expect(stable).toMatchObject({ status: 0, stdout: `valid: ${file('stable.json')}: stable result of round tiny (4 students; no blocking pair; not compared with a fresh solve)\n` });
  });

  it('exits 1 with a readable report listing the problems', () => {
    const result = readResult('stable.json');
    // S1 dropped from its offer: it is missing, O-place left free, S1 blocks with it.
    const holder = result.assignments.find((a) => a.student === 'S1')!;
    result.assignments = result.assignments.filter((a) => a.student !== 'S1');
    result.unplaced.push({ student: 'S1', reason: 'capacity', detail: 'tampered' });
    writeFileSync(file('tampered.json'), JSON.stringify(result));
    const checked = dualMatch('check', file('round.json'), file('tampered.json'));
    expect(checked.status).toBe(1);
    const lines = checked.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^INVALID: .*tampered\.json: stable result of round tiny: \d+ problems$/);
    expect(lines).toContain(`  [blocking-pair] student "S1" and offer "${holder.offer}" block (case a of the spec's definition)`);
    expect(lines.some((line) => line.startsWith('  [summary] summary.placed is'))).toBe(true);

    const json = dualMatch('check', file('round.json'), file('tampered.json'), '--json', '--no-resolve');
    expect(json.status).toBe(1);
    expect(JSON.parse(json.stdout)).toMatchObject({ ok: false, mechanism: 'stable', blockingPairs: expect.any(Number), resolved: false });
  });

  it('exits 1 on files it cannot read and 2 on usage errors', () => {
    writeFileSync(file('broken.json'), '{"format": ');
    expect(dualMatch('check', file('round.json'), file('broken.json')).status).toBe(1);
    expect(dualMatch('check', file('round.json'), file('nope.json')).status).toBe(1);
    expect(dualMatch('check', file('round.json')).status).toBe(2);
    expect(dualMatch('check', file('round.json'), file('optimal.json'), '--frobnicate').status).toBe(2);
  });
});

describe('dual-match explain', () => {
  it('explains a student in English, or as structured JSON', () => {
    const text = dualMatch('explain', file('round.json'), file('stable.json'), 'S2');
    expect(text.status).toBe(0);
    expect(text.stdout).toContain('S2 is not placed (reason: capacity).');
    expect(text.stdout).toContain('O1 (your 1st choice, 0 km): full (1 of 1 place); the last student it admitted ranks above you');
    const json = dualMatch('explain', file('round.json'), file('optimal.json'), 'S2', '--json');
    expect(json.status).toBe(0);
    expect(JSON.parse(json.stdout)).toMatchObject({ student: 'S2', mechanism: 'optimal', betterOffers: [{ offer: 'O1', why: { kind: expect.any(String) } }] });
  });

  it('exits 1 for an unknown student or a result of another round', () => {
    const unknown = dualMatch('explain', file('round.json'), file('stable.json'), 'S-NOBODY');
    expect(unknown).toMatchObject({ status: 1, stderr: expect.stringContaining('no student "S-NOBODY" in round tiny') });
    writeFileSync(file('other-round.json'), JSON.stringify({ ...round, round: { ...round.round, id: 'other' } }));
    const other = dualMatch('explain', file('other-round.json'), file('stable.json'), 'S1');
    expect(other).toMatchObject({ status: 1, stderr: expect.stringContaining('is not a result of this round file') });
  });
});

describe('dual-match compare', () => {
  it('puts the two mechanisms side by side', () => {
    const table = dualMatch('compare', file('round.json'));
    expect(table.status).toBe(0);
    const rows = table.stdout.split('\n');
    expect(rows[0]).toBe('round tiny');
    expect(rows.find((row) => row.startsWith('students placed'))).toMatch(/^students placed\s+3 of 4\s+2 of 4$/);
    expect(rows.find((row) => row.startsWith('students with justified envy'))).toMatch(/\s+0$/);
    const json = JSON.parse(dualMatch('compare', file('round.json'), '--json').stdout);
    expect(json.optimal.placed).toBe(3);
    expect(json.stable).toMatchObject({ placed: 2, justifiedEnvy: 0 });
  });
});

describe('dual-match vacancies', () => {
  it('writes the follow-up round of unplaced students and unused places', () => {
    const written = dualMatch('vacancies', file('round.json'), file('stable.json'), '--widen-km', '300', '--out', file('vacancies.json'));
    expect(written).toMatchObject({ status: 0, stderr: 'vacancy round tiny-vacancies: 2 students, 2 offers with 3 places\n' });
    const vacancies = JSON.parse(readFileSync(file('vacancies.json'), 'utf8'));
    expect(validateRound(vacancies).ok).toBe(true);
    expect(vacancies.students.map((s: { id: string; mobility: unknown }) => [s.id, s.mobility])).toEqual([
      ['S2', { maxKm: 300 }],
      ['S4', { maxKm: 300 }],
    ]);
    const toStdout = dualMatch('vacancies', file('round.json'), file('stable.json'));
    expect(JSON.parse(toStdout.stdout).students[0].mobility).toBeUndefined();
  });

  it('exits 2 on a bad --widen-km and 1 on a result of another round', () => {
    expect(dualMatch('vacancies', file('round.json'), file('stable.json'), '--widen-km', 'far').status).toBe(2);
    expect(dualMatch('vacancies', file('other-round.json'), file('stable.json')).status).toBe(1);
  });
});
