import { EXACT_INTEGER_LIMIT } from './exactness.ts';
import { allocateFlowProblem, allocateFloat64, type FlowProblem } from './problem.ts';

/**
 * Reader for the DIMACS minimum-cost-flow format:
 *
 *   c any comment
 *   p min NODES ARCS
 *   n ID SUPPLY            (positive: supply, negative: demand; at most once per node)
 *   a SRC DST LOW CAP COST (exactly ARCS of them)
 *
 * Node ids are 1-based in the file and 0-based in the FlowProblem. As in LEMON's reader, a
 * capacity below the arc's lower bound means "no capacity limit" (Infinity).
 *
 * A round's file can be ~400 MB, so this is a hand-written byte scanner fed in chunks (no strings,
 * no split, no regular expressions); the arrays are allocated once from the `p` line.
 */
export class DimacsParseError extends Error {
  override name = 'DimacsParseError';
  constructor(
    readonly line: number,
    detail: string,
  ) {
    super(`line ${line}: ${detail}`);
  }
}

const NEWLINE = 0x0a;
const CARRIAGE_RETURN = 0x0d;
const SPACE = 0x20;
const TAB = 0x09;
const MINUS = 0x2d;
const PLUS = 0x2b;
const DIGIT_0 = 0x30;
const LETTER_A = 0x61;
const LETTER_C = 0x63;
const LETTER_N = 0x6e;
const LETTER_P = 0x70;

/** Largest node or arc count accepted (typed-array indices are int32). */
const MAX_COUNT = 2 ** 31 - 1;

export interface DimacsParseOptions {
  /** Allocate the problem on SharedArrayBuffers (for the parallel solver). */
  shared?: boolean;
}

/** Parses a whole DIMACS text held in memory. */
export function parseDimacs(bytes: Uint8Array, options: DimacsParseOptions = {}): FlowProblem {
  const parser = new DimacsParser(options);
  parser.push(bytes);
  return parser.finish();
}

/** Incremental parser: `push` chunks as they are read (lines may straddle chunks), then `finish`. */
export class DimacsParser {
  private readonly shared: boolean;
  private problem: FlowProblem | null = null;
  private line = 0;
  private problemLine = 0;
  private arcsRead = 0;
  private supplySet: Uint8Array | null = null;
  /** Bytes of an unfinished line left at the end of the previous chunk. */
  private carry: Uint8Array | null = null;

  constructor(options: DimacsParseOptions = {}) {
    this.shared = options.shared ?? false;
  }

  push(chunk: Uint8Array): void {
    // A plain Uint8Array view: Buffers and Uint8Arrays mixed would make the scanner's element
    // accesses polymorphic, which V8 compiles to slower code.
    let bytes = new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    if (this.carry) {
      const newline = bytes.indexOf(NEWLINE);
      if (newline < 0) {
        this.carry = concat(this.carry, bytes);
        return;
      }
      const joined = concat(this.carry, bytes.subarray(0, newline + 1));
      this.carry = null;
      this.parseLines(joined, 0, joined.length);
      bytes = bytes.subarray(newline + 1);
    }
    const lastNewline = bytes.lastIndexOf(NEWLINE);
    if (lastNewline >= 0) this.parseLines(bytes, 0, lastNewline + 1);
    if (lastNewline + 1 < bytes.length) this.carry = copyOf(bytes.subarray(lastNewline + 1));
  }

  finish(): FlowProblem {
    if (this.carry) {
      // The last line has no newline: add one, so that the scanner always meets one.
      const last = concat(this.carry, Uint8Array.of(NEWLINE));
      this.carry = null;
      this.parseLines(last, 0, last.length);
    }
    const problem = this.problem ?? this.fail(this.line, 'no problem line (p min NODES ARCS) found');
    if (this.arcsRead !== problem.arcCount) {
      this.fail(this.line, `the problem line (line ${this.problemLine}) announces ${problem.arcCount} arcs but the file has ${this.arcsRead}`);
    }
    return problem;
  }

  /** Parses the lines in bytes[start, end), each ending with a newline. */
  private parseLines(bytes: Uint8Array, start: number, end: number): void {
    let p = start;
    let line = this.line;
    // The arc arrays and counters live in locals while scanning (refreshed after a `p` line).
    let problem = this.problem;
    let arcsRead = this.arcsRead;
    try {
      while (p < end) {
        if (problem !== null && bytes[p] === LETTER_A) {
          p = scanPlainArcs(bytes, p, end, problem, arcsRead);
          line += plainArcs;
          arcsRead += plainArcs;
          if (p >= end) break;
        }
        // One line of any kind, with every check (including the arc line scanPlainArcs stopped at).
        line++;
        p = skipBlanks(bytes, p);
        const kind = bytes[p];
        if (kind === LETTER_A) {
          if (problem === null) this.fail(line, 'arc line before the problem line');
          if (arcsRead >= problem.arcCount) this.fail(line, `more arc lines than the ${problem.arcCount} announced on line ${this.problemLine}`);
          p = readIntegers(bytes, p + 1, 5);
          if (p < 0) this.failOnField(bytes, line, ARC_FIELDS);
          const tail = fields[0];
          const head = fields[1];
          const low = fields[2];
          const capacity = fields[3];
          const n = problem.nodeCount;
          if (tail < 1 || tail > n) this.fail(line, `node id ${tail} out of range 1..${n}`);
          if (head < 1 || head > n) this.fail(line, `node id ${head} out of range 1..${n}`);
          problem.tail[arcsRead] = tail - 1;
          problem.head[arcsRead] = head - 1;
          problem.capacity[arcsRead] = capacity < low ? Infinity : capacity;
          problem.cost[arcsRead] = fields[4];
          if (low !== 0) {
            problem.lower ??= allocateFloat64(problem.arcCount, this.shared);
            problem.lower[arcsRead] = low;
          }
          arcsRead++;
        } else if (kind === LETTER_N) {
          p = this.readSupply(bytes, p + 1, line);
        } else if (kind === LETTER_P) {
          p = this.readProblemLine(bytes, p + 1, line);
          problem = this.problem;
        } else if (kind === LETTER_C || kind === NEWLINE || kind === CARRIAGE_RETURN) {
          p = bytes.indexOf(NEWLINE, p) + 1;
          continue;
        } else {
          this.fail(line, `unknown line type '${String.fromCharCode(kind)}' (expected c, p, n or a)`);
        }
        // Only blanks may follow the last field.
        p = skipBlanks(bytes, p);
        if (bytes[p] === CARRIAGE_RETURN) p++;
        if (bytes[p] !== NEWLINE) this.fail(line, `unexpected ${describe(bytes, p)} at the end of the line`);
        p++;
      }
    } finally {
      this.line = line;
      this.arcsRead = arcsRead;
    }
  }

  private readSupply(bytes: Uint8Array, p: number, line: number): number {
    const problem = this.problem ?? this.fail(line, 'node line before the problem line');
    p = readIntegers(bytes, p, 2);
    if (p < 0) this.failOnField(bytes, line, NODE_FIELDS);
    const id = fields[0];
    if (id < 1 || id > problem.nodeCount) this.fail(line, `node id ${id} out of range 1..${problem.nodeCount}`);
    const seen = (this.supplySet ??= new Uint8Array(problem.nodeCount));
    if (seen[id - 1]) this.fail(line, `second supply line for node ${id}`);
    seen[id - 1] = 1;
    problem.supply[id - 1] = fields[1];
    return p;
  }

  private readProblemLine(bytes: Uint8Array, p: number, line: number): number {
    if (this.problem) this.fail(line, `second problem line (the first is line ${this.problemLine})`);
    p = skipBlanks(bytes, p);
    if (!(bytes[p] === 0x6d && bytes[p + 1] === 0x69 && bytes[p + 2] === 0x6e && isSeparator(bytes[p + 3]))) {
      this.fail(line, "expected 'p min NODES ARCS': only minimum-cost-flow files are supported");
    }
    p = readIntegers(bytes, p + 3, 2);
    if (p < 0) this.failOnField(bytes, line, PROBLEM_FIELDS);
    const [nodeCount, arcCount] = fields;
    if (nodeCount < 0 || nodeCount > MAX_COUNT) this.fail(line, `node count ${nodeCount} out of range 0..${MAX_COUNT}`);
    if (arcCount < 0 || arcCount > MAX_COUNT) this.fail(line, `arc count ${arcCount} out of range 0..${MAX_COUNT}`);
    try {
      this.problem = allocateFlowProblem(nodeCount, arcCount, { shared: this.shared });
    } catch (error) {
      if (!(error instanceof RangeError)) throw error;
      this.fail(line, `not enough memory for ${nodeCount} nodes and ${arcCount} arcs`);
    }
    this.problemLine = line;
    return p;
  }

  /** Throws for the field readIntegers failed on. */
  private failOnField(bytes: Uint8Array, line: number, names: readonly string[]): never {
    const what = names[failedField];
    const token = describe(bytes, skipBlanks(bytes, failedAt));
    this.fail(line, failure === TOO_LARGE ? `${what} ${token} is too large (limit 2^53)` : `expected ${what}, found ${token}`);
  }

  private fail(line: number, detail: string): never {
    throw new DimacsParseError(line, detail);
  }
}

const ARC_FIELDS = ['source node id', 'target node id', 'lower bound', 'capacity', 'cost'] as const;
const NODE_FIELDS = ['node id', 'supply'] as const;
const PROBLEM_FIELDS = ['node count', 'arc count'] as const;

/** Arc lines read by the last scanPlainArcs. */
let plainArcs = 0;

/**
 * The fast path for the bulk of a file: consecutive lines `a SRC DST 0 CAP COST` with valid node
 * ids, a zero lower bound, no carriage return and no trailing text, stored straight into the
 * problem from arc index `first` on. Stops at the first line that is anything else (left to the
 * general path, which also produces the error messages); returns where it stopped and sets
 * plainArcs. Kept small so that V8 optimises it as one tight loop.
 */
function scanPlainArcs(bytes: Uint8Array, p: number, end: number, problem: FlowProblem, first: number): number {
  const { tail, head, capacity, cost, nodeCount, arcCount } = problem;
  let a = first;
  while (p < end && a < arcCount && bytes[p] === LETTER_A) {
    const q = readIntegers(bytes, p + 1, 5);
    if (q < 0 || bytes[q] !== NEWLINE) break;
    const t = fields[0];
    const h = fields[1];
    if (t < 1 || t > nodeCount || h < 1 || h > nodeCount || fields[2] !== 0) break;
    tail[a] = t - 1;
    head[a] = h - 1;
    capacity[a] = fields[3] < 0 ? Infinity : fields[3];
    cost[a] = fields[4];
    a++;
    p = q + 1;
  }
  plainArcs = a - first;
  return p;
}

// What readIntegers read, or where and why it failed. Module-level typed arrays and numbers:
// no allocation per line.
const fields = new Float64Array(5);
let failedField = 0;
let failedAt = 0;
let failure = 0;
const NOT_AN_INTEGER = 1;
const TOO_LARGE = 2;

/**
 * Reads `count` blank-separated, optionally signed integers starting at bytes[p] into fields;
 * returns the position after the last one, or -1 (see failedField, failedAt, failure). The line
 * must end with a newline inside `bytes`, which stops every scan.
 */
function readIntegers(bytes: Uint8Array, p: number, count: number): number {
  for (let i = 0; i < count; i++) {
    let c = bytes[p];
    while (c === SPACE || c === TAB) c = bytes[++p];
    const start = p;
    const negative = c === MINUS;
    if (negative || c === PLUS) c = bytes[++p];
    let digit = c - DIGIT_0;
    if (digit < 0 || digit > 9) return failed(i, start, NOT_AN_INTEGER);
    let value = 0;
    do {
      value = value * 10 + digit;
      digit = bytes[++p] - DIGIT_0;
    } while (digit >= 0 && digit <= 9);
    if (!isSeparator(bytes[p])) return failed(i, start, NOT_AN_INTEGER);
    if (value >= EXACT_INTEGER_LIMIT) return failed(i, start, TOO_LARGE);
    fields[i] = negative ? -value : value;
  }
  return p;
}

function failed(field: number, at: number, why: number): number {
  failedField = field;
  failedAt = at;
  failure = why;
  return -1;
}

function skipBlanks(bytes: Uint8Array, p: number): number {
  while (bytes[p] === SPACE || bytes[p] === TAB) p++;
  return p;
}

function isSeparator(c: number): boolean {
  return c === SPACE || c === TAB || c === NEWLINE || c === CARRIAGE_RETURN;
}

/** The token at p, for error messages. */
function describe(bytes: Uint8Array, p: number): string {
  let q = p;
  while (q < bytes.length && q - p < 20 && !isSeparator(bytes[q])) q++;
  return q === p ? 'end of line' : `'${new TextDecoder().decode(bytes.subarray(p, q))}'`;
}

/** A copy that survives the reader reusing its buffer (Buffer#slice would only be a view). */
function copyOf(bytes: Uint8Array): Uint8Array {
  return new Uint8Array(bytes);
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const joined = new Uint8Array(a.length + b.length);
  joined.set(a, 0);
  joined.set(b, a.length);
  return joined;
}
