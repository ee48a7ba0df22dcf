/**
 * A minimum-cost-flow problem stored as flat typed arrays, one entry per node or arc, so that
 * millions of arcs cost a few hundred megabytes and can be shared with worker threads.
 *
 * Node and arc ids are 0-based. Every number must be an integer (capacities may be +Infinity):
 * the solver works in float64 and refuses data it could not handle exactly (see exactness.ts).
 */
export interface FlowProblem {
  nodeCount: number;
  arcCount: number;
  /** Net supply per node: positive supplies flow, negative demands it. */
  supply: Float64Array;
  tail: Int32Array;
  head: Int32Array;
  /** Lower bound on each arc's flow, or null when every lower bound is zero. */
  lower: Float64Array | null;
  /** Upper bound on each arc's flow; Infinity for an uncapacitated arc. */
  capacity: Float64Array;
  cost: Float64Array;
}

export interface AllocateOptions {
  /** Place the arrays on SharedArrayBuffers so worker threads read them without a copy. */
  shared?: boolean;
  /** Allocate the lower-bound array (otherwise `lower` is null). */
  withLower?: boolean;
}

/** A zero-filled problem of the given size, ready to be filled in. */
export function allocateFlowProblem(nodeCount: number, arcCount: number, options: AllocateOptions = {}): FlowProblem {
  const shared = options.shared ?? false;
  return {
    nodeCount,
    arcCount,
    supply: allocateFloat64(nodeCount, shared),
    tail: allocateInt32(arcCount, shared),
    head: allocateInt32(arcCount, shared),
    lower: options.withLower ? allocateFloat64(arcCount, shared) : null,
    capacity: allocateFloat64(arcCount, shared),
    cost: allocateFloat64(arcCount, shared),
  };
}

export function allocateFloat64(length: number, shared: boolean): Float64Array {
  return shared ? new Float64Array(new SharedArrayBuffer(length * 8)) : new Float64Array(length);
}

export function allocateInt32(length: number, shared: boolean): Int32Array {
  return shared ? new Int32Array(new SharedArrayBuffer(length * 4)) : new Int32Array(length);
}

export function allocateInt8(length: number, shared: boolean): Int8Array {
  return shared ? new Int8Array(new SharedArrayBuffer(length)) : new Int8Array(length);
}

function isShared(array: ArrayBufferView | null): boolean {
  return array === null || array.buffer instanceof SharedArrayBuffer;
}

function toShared<T extends Float64Array | Int32Array>(array: T): T {
  if (isShared(array)) return array;
  const copy = new (array.constructor as { new (buffer: SharedArrayBuffer): T })(new SharedArrayBuffer(array.byteLength));
  copy.set(array as never);
  return copy;
}

/** The same problem with every array on a SharedArrayBuffer (arrays already shared are reused). */
export function toSharedFlowProblem(problem: FlowProblem): FlowProblem {
  return {
    nodeCount: problem.nodeCount,
    arcCount: problem.arcCount,
    supply: toShared(problem.supply),
    tail: toShared(problem.tail),
    head: toShared(problem.head),
    lower: problem.lower && toShared(problem.lower),
    capacity: toShared(problem.capacity),
    cost: toShared(problem.cost),
  };
}
