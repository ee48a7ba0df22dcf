import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DimacsParseError, DimacsParser, parseDimacs } from '../../solver/flow/dimacs-parser.ts';
import { writeDimacsProblem, writeDimacsSolution } from '../../solver/flow/dimacs-writer.ts';
import type { FlowProblem } from '../../solver/flow/problem.ts';
import { solveMinCostFlowSync } from '../../solver/flow/solve-min-cost-flow-sync.ts';
import { smallProblem, toFlowProblem } from './support/random-problems.ts';

const encode = (text: string) => new TextEncoder().encode(text);

function problemText(problem: FlowProblem, comments: string[] = []): string {
  const chunks: string[] = [];
  writeDimacsProblem(problem, (chunk) => chunks.push(chunk), comments);
  return chunks.join('');
}

function plain(problem: FlowProblem) {
  const lower = problem.lower ?? new Float64Array(problem.arcCount);
  return {
    nodeCount: problem.nodeCount,
    arcCount: problem.arcCount,
    supply: [...problem.supply],
    tail: [...problem.tail],
    head: [...problem.head],
    lower: [...lower],
    capacity: [...problem.capacity],
    cost: [...problem.cost],
  };
}

function parseError(text: string): DimacsParseError {
  try {
    parseDimacs(encode(text));
  } catch (error) {
    if (error instanceof DimacsParseError) return error;
    throw error;
  }
  throw new Error('expected a DimacsParseError');
}

describe('DIMACS problems', () => {
  it('round-trips random problems, also when fed in arbitrary chunks', () => {
    fc.assert(
      fc.property(smallProblem(8, 20), fc.array(fc.nat(), { maxLength: 6 }), (data, cuts) => {
        // The writer writes capacity below lower as "unlimited" (LEMON's convention), so such
        // arcs are left out here: they cannot be told apart from infinite ones in the file.
        const problem = toFlowProblem({ ...data, arcs: data.arcs.filter((a) => a.capacity >= a.lower) });
        const bytes = encode(problemText(problem, ['round trip']));
        expect(plain(parseDimacs(bytes))).toEqual(plain(problem));
        const parser = new DimacsParser();
        const offsets = [0, ...cuts.map((c) => c % (bytes.length + 1)).sort((a, b) => a - b), bytes.length];
        for (let i = 0; i + 1 < offsets.length; i++) parser.push(bytes.subarray(offsets[i], offsets[i + 1]));
        expect(plain(parser.finish())).toEqual(plain(problem));
      }),
      { numRuns: 200, seed: 8 },
    );
  });

  it('reads comments, blank lines, CRLF, extra blanks, a missing final newline, and capacities below the lower bound as unlimited', () => {
    const text = 'c hello\r\n\r\np min 3 2\r\n  n 1 4\nn 3 -4\nc between\na 1 2 1 0 7\n\ta\t2 3  0 9 -2   \na 1 3 0 -1 0';
    expect(() => parseDimacs(encode(text))).toThrow(/^line 9: more arc lines than the 2 announced on line 3/);
    const problem = parseDimacs(encode(text.replace('p min 3 2', 'p min 3 3')));
    expect(plain(problem)).toEqual({
      nodeCount: 3,
      arcCount: 3,
      supply: [4, 0, -4],
      tail: [0, 1, 0],
      head: [1, 2, 2],
      lower: [1, 0, 0],
      capacity: [Infinity, 9, Infinity],
      cost: [7, -2, 0],
    });
  });

  it('names the line of malformed input', () => {
    const cases: [string, number, RegExp][] = [
      ['a 1 2 0 1 1\n', 1, /arc line before the problem line/],
      ['p max 2 1\n', 1, /only minimum-cost-flow/],
      ['p min 2 1\np min 2 1\n', 2, /second problem line/],
      ['p min 2 1\nn 1 1\nn 1 2\n', 3, /second supply line for node 1/],
      ['c x\np min 2 1\na 1 3 0 1 1\n', 3, /node id 3 out of range 1..2/],
      ['p min 2 1\na 1 2 0 1\n', 2, /expected cost, found end of line/],
      ['p min 2 1\na 1 2 0 1 x\n', 2, /expected cost, found 'x'/],
      ['p min 2 1\na 1 2 0 1 5 6\n', 2, /unexpected '6' at the end of the line/],
      ['p min 2 1\na 1 2 0 1 1.5\n', 2, /expected cost, found '1.5'/],
      ['p min 2 1\na 1 2 0 1 99999999999999999\n', 2, /cost '99999999999999999' is too large/],
      ['p min 2 1\nx 1\n', 2, /unknown line type 'x'/],
      ['p min 2 1\na 1 2 0 1 1\na 2 1 0 1 1\n', 3, /more arc lines than the 1 announced on line 1/],
      ['p min 2 2\na 1 2 0 1 1\n', 2, /announces 2 arcs but the file has 1/],
      ['c only a comment\n', 1, /no problem line/],
    ];
    for (const [text, line, message] of cases) {
      const error = parseError(text);
      expect(error.line, text).toBe(line);
      expect(error.message, text).toMatch(message);
      expect(error.message, text).toMatch(new RegExp(`^line ${line}: `));
    }
  });
});

describe('DIMACS solutions', () => {
  const text = 'p min 4 5\nn 1 2\nn 4 -2\na 1 2 0 1 1\na 1 3 0 2 2\na 2 4 0 2 1\na 3 4 0 2 1\na 2 3 0 5 9\n';

  it('writes "s COST" then "f SRC DST FLOW" for arcs with flow (1-based)', () => {
    const problem = parseDimacs(encode(text));
    const out: string[] = [];
    writeDimacsSolution(problem, solveMinCostFlowSync(problem), (chunk) => out.push(chunk));
    expect(out.join('')).toBe('s 5\nf 1 2 1\nf 1 3 1\nf 2 4 1\nf 3 4 1\n');
    const costOnly: string[] = [];
    writeDimacsSolution(problem, solveMinCostFlowSync(problem), (chunk) => costOnly.push(chunk), { costOnly: true });
    expect(costOnly.join('')).toBe('s 5\n');
  });

  it('says INFEASIBLE or UNBOUNDED without flow lines', () => {
    for (const [input, expected] of [
      [text.replace('n 4 -2', 'n 4 -9'), 's INFEASIBLE\n'],
      ['p min 2 2\na 1 2 0 -1 -1\na 2 1 0 -1 0\n', 's UNBOUNDED\n'],
    ]) {
      const problem = parseDimacs(encode(input));
      const out: string[] = [];
      writeDimacsSolution(problem, solveMinCostFlowSync(problem), (chunk) => out.push(chunk));
      expect(out.join('')).toBe(expected);
    }
  });

  it('hands out large outputs in bounded chunks', () => {
    const arcs = Array.from({ length: 20_000 }, (_, i) => ({ tail: i, head: 20_000, lower: 0, capacity: 1, cost: i }));
    const problem = toFlowProblem({ supply: [...new Array(20_000).fill(1), -20_000], arcs });
    const chunks: string[] = [];
    writeDimacsProblem(problem, (chunk) => chunks.push(chunk));
    expect(chunks.length).toBeGreaterThan(5);
    expect(Math.max(...chunks.map((c) => c.length))).toBeLessThan(70_000);
    expect(chunks.every((c) => c.endsWith('\n'))).toBe(true);
  });
});
