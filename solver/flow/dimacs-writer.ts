import type { FlowProblem } from './problem.ts';
import type { FlowSolution } from './solution.ts';

/**
 * Writers for DIMACS problems and solutions. They hand out text in chunks of about 64 KB through
 * a callback (a file descriptor, a stream, an array in tests), never one giant string.
 */
export type WriteChunk = (chunk: string) => void;

const CHUNK_SIZE = 1 << 16;

/** Collects lines and passes them on in chunks. */
class ChunkedWriter {
  private parts: string[] = [];
  private size = 0;

  constructor(private readonly write: WriteChunk) {}

  line(text: string): void {
    this.parts.push(text);
    this.size += text.length + 1;
    if (this.size >= CHUNK_SIZE) this.flush();
  }

  flush(): void {
    if (this.parts.length === 0) return;
    this.parts.push('');
    this.write(this.parts.join('\n'));
    this.parts = [];
    this.size = 0;
  }
}

/**
 * Writes the problem (1-based node ids). An uncapacitated arc is written with capacity
 * lower - 1, the convention LEMON's reader and ours share for "no limit".
 */
export function writeDimacsProblem(problem: FlowProblem, write: WriteChunk, comments: string[] = []): void {
  const { nodeCount, arcCount, supply, tail, head, lower, capacity, cost } = problem;
  const out = new ChunkedWriter(write);
  for (const comment of comments) out.line(`c ${comment}`);
  out.line(`p min ${nodeCount} ${arcCount}`);
  for (let v = 0; v < nodeCount; v++) if (supply[v] !== 0) out.line(`n ${v + 1} ${supply[v]}`);
  for (let a = 0; a < arcCount; a++) {
    const lo = lower ? lower[a] : 0;
    const cap = capacity[a] === Infinity ? lo - 1 : capacity[a];
    out.line(`a ${tail[a] + 1} ${head[a] + 1} ${lo} ${cap} ${cost[a]}`);
  }
  out.flush();
}

/**
 * Writes a solution the DIMACS way: `s COST`, then `f SRC DST FLOW` for every arc with non-zero
 * flow (1-based ids, in arc order). A problem without an optimum gets `s INFEASIBLE` or
 * `s UNBOUNDED` and no flow lines.
 */
export function writeDimacsSolution(problem: FlowProblem, solution: FlowSolution, write: WriteChunk, options: { costOnly?: boolean } = {}): void {
  const out = new ChunkedWriter(write);
  if (solution.status !== 'optimal') {
    out.line(`s ${solution.status.toUpperCase()}`);
    out.flush();
    return;
  }
  out.line(`s ${solution.totalCost}`);
  if (!options.costOnly) {
    const { tail, head } = problem;
    const flow = solution.flow;
    for (let a = 0; a < problem.arcCount; a++) if (flow[a] !== 0) out.line(`f ${tail[a] + 1} ${head[a] + 1} ${flow[a]}`);
  }
  out.flush();
}
