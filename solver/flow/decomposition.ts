import type { Presolved } from './presolve.ts';
import { allocateInt32, type FlowProblem } from './problem.ts';
import { UnionFind } from './union-find.ts';

/**
 * Exact split of a flow problem into independent subproblems around a hub.
 *
 * A pure sink (only incoming arcs) cannot pass flow from one part of the graph to another, so once
 * it is removed, each connected component of the rest can be solved on its own with a private copy
 * of the hub whose demand is exactly what the component supplies; likewise for a pure source. In an
 * allocation round the sink is such a hub and the rest falls apart into roughly one component per
 * specialty, so the solve cost drops from one huge network simplex to many small ones that also run
 * in parallel.
 */
export interface Decomposition {
  /** The hub node split into per-component copies, or -1 when the problem is solved whole. */
  hub: number;
  componentCount: number;
  /** Nodes of component k are nodeOrder[nodeStart[k] .. nodeStart[k+1]); largest component first. */
  nodeStart: Int32Array;
  nodeOrder: Int32Array;
  /** Position of each node within its component's slice of nodeOrder (-1 for the hub). */
  localIndex: Int32Array;
  /** Arcs of component k, including its arcs to or from the hub: arcOrder[arcStart[k] .. arcStart[k+1]). */
  arcStart: Int32Array;
  arcOrder: Int32Array;
}

/**
 * Splits the arcs not fixed by the presolve into components, ordered by decreasing arc count so
 * that the longest solves start first. With `useHub` false, or without a pure source or sink, the
 * result is a single component holding every node.
 */
export function decompose(problem: FlowProblem, presolved: Presolved, shared: boolean, useHub: boolean): Decomposition {
  const { nodeCount, arcCount, tail, head } = problem;
  const { fixedArc } = presolved;
  const hub = useHub ? findHub(presolved) : -1;
  const componentOf = hub >= 0 ? labelComponents(problem, fixedArc, hub) : { label: new Int32Array(nodeCount), count: nodeCount > 0 ? 1 : 0 };
  const { label, count } = componentOf;

  const nodesIn = new Int32Array(count);
  const arcsIn = new Int32Array(count);
  for (let v = 0; v < nodeCount; v++) if (v !== hub) nodesIn[label[v]]++;
  // Each arc's component (-1 if fixed), remembered for the filling pass below.
  const arcComponent = new Int32Array(arcCount);
  for (let a = 0; a < arcCount; a++) {
    if (fixedArc[a]) {
      arcComponent[a] = -1;
      continue;
    }
    const t = tail[a];
    const c = label[t === hub ? head[a] : t];
    arcComponent[a] = c;
    arcsIn[c]++;
  }

  // rank[c] = position of component c once sorted largest first.
  const byRank = new Int32Array(count);
  for (let c = 0; c < count; c++) byRank[c] = c;
  byRank.sort((x, y) => arcsIn[y] - arcsIn[x] || nodesIn[y] - nodesIn[x] || x - y);
  const rank = new Int32Array(count);
  for (let r = 0; r < count; r++) rank[byRank[r]] = r;

  const nodeStart = allocateInt32(count + 1, shared);
  const arcStart = allocateInt32(count + 1, shared);
  for (let r = 0; r < count; r++) {
    nodeStart[r + 1] = nodeStart[r] + nodesIn[byRank[r]];
    arcStart[r + 1] = arcStart[r] + arcsIn[byRank[r]];
  }

  const nodeOrder = allocateInt32(nodeStart[count], shared);
  const localIndex = allocateInt32(nodeCount, shared);
  const nodeFill = nodeStart.slice(0, count);
  for (let v = 0; v < nodeCount; v++) {
    if (v === hub) {
      localIndex[v] = -1;
      continue;
    }
    const r = rank[label[v]];
    localIndex[v] = nodeFill[r] - nodeStart[r];
    nodeOrder[nodeFill[r]++] = v;
  }
  const arcOrder = allocateInt32(arcStart[count], shared);
  const arcFill = arcStart.slice(0, count);
  for (let a = 0; a < arcCount; a++) {
    const c = arcComponent[a];
    if (c >= 0) arcOrder[arcFill[rank[c]]++] = a;
  }
  return { hub, componentCount: count, nodeStart, nodeOrder, localIndex, arcStart, arcOrder };
}

/** The pure sink or pure source of largest degree (over arcs not fixed by the presolve), or -1. */
function findHub(presolved: Presolved): number {
  const { outDegree, inDegree } = presolved;
  let hub = -1;
  let hubDegree = 0;
  for (let v = 0; v < outDegree.length; v++) {
    const degree = outDegree[v] + inDegree[v];
    if (degree > hubDegree && (outDegree[v] === 0 || inDegree[v] === 0)) {
      hub = v;
      hubDegree = degree;
    }
  }
  return hub;
}

/** Connected components of the graph without the hub: a dense label per node (the hub's is unused). */
function labelComponents(problem: FlowProblem, fixedArc: Uint8Array, hub: number): { label: Int32Array; count: number } {
  const { nodeCount, arcCount, tail, head } = problem;
  const sets = new UnionFind(nodeCount);
  for (let a = 0; a < arcCount; a++) {
    if (fixedArc[a]) continue;
    const t = tail[a];
    const h = head[a];
    if (t !== hub && h !== hub) sets.union(t, h);
  }
  const label = new Int32Array(nodeCount);
  const labelOfRoot = new Int32Array(nodeCount).fill(-1);
  let count = 0;
  for (let v = 0; v < nodeCount; v++) {
    if (v === hub) continue;
    const root = sets.find(v);
    if (labelOfRoot[root] < 0) labelOfRoot[root] = count++;
    label[v] = labelOfRoot[root];
  }
  return { label, count };
}
