/**
 * Maximum flow from the unplaced students (the sources) to a virtual offer V with unlimited
 * places, reachable from a set of target students, in the residual network of gap-residual.ts:
 * Dinic's algorithm, with BFS levels taken backward from V and blocking flows found by DFS.
 * Each unit pushed places one more student (shortage-gap.ts explains why).
 *
 * The BFS of a phase stops after the first level that holds a source (a phase only uses
 * shortest paths), which keeps phases short when unplaced students are near. The flows it
 * pushes stay in the residual network; the caller undoes them.
 */
import type { GapResidual } from './gap-residual.ts';

/** Step kinds of an augmenting path. */
const ENTER_OFFER = 0; // student -> offer: the student takes a place
const LEAVE_OFFER = 1; // offer -> student: a holder gives the place up
const OFFER_UP = 2; // offer -> enterprise: the offer takes one more within its enterprise
const OFFER_DOWN = 3; // enterprise -> offer: someone on that offer leaves the enterprise

export class GapSearch {
  private readonly level: Int32Array;
  /** Per node: the phase its level belongs to (levels of other phases are stale). */
  private readonly levelPhase: Int32Array;
  private readonly queue: Int32Array;
  /** Per node: the next arc to try in the current phase's DFS (Dinic's current arc). */
  private readonly cursor: Int32Array;
  private readonly cursorPhase: Int32Array;
  private phase = 0;
  /** Per country group: how much of it the current phase's BFS has labelled. */
  private readonly groupLabelled: Int32Array;
  private readonly groupPhase: Int32Array;
  /** Per student node: marks the targets of the current search, and those that went to V. */
  private readonly target: Int32Array;
  private readonly atV: Int32Array;
  private search = 0;
  /** The specialty whose country students are out of the network (-1: none). */
  private removedCountry = -1;
  private readonly pathNode: Int32Array;
  private readonly pathKind: Int32Array;
  private readonly pathIndex: Int32Array;
  /** Nodes the sources can reach (see limitToReach), stamped; stamp -1 = no limit. */
  private readonly reached: Int32Array;
  private reachStamp = -1;
  /** Sources within the reach limit, and the round's sources left when it was drawn. */
  private reachedSources = 0;
  private sourcesAtLimit = 0;
  private readonly listVisited: Int32Array;

  constructor(private readonly r: GapResidual, nodeCount: number) {
    this.reached = new Int32Array(nodeCount).fill(-1);
    this.listVisited = new Int32Array(r.acceptStart.length - 1);
    this.level = new Int32Array(nodeCount);
    this.levelPhase = new Int32Array(nodeCount).fill(-1);
    this.queue = new Int32Array(nodeCount);
    this.cursor = new Int32Array(nodeCount);
    this.cursorPhase = new Int32Array(nodeCount).fill(-1);
    const groups = r.groupStart.length - 1;
    this.groupLabelled = new Int32Array(groups);
    this.groupPhase = new Int32Array(groups).fill(-1);
    this.target = new Int32Array(r.studentNodes).fill(-1);
    this.atV = new Int32Array(r.studentNodes).fill(-1);
    this.pathNode = new Int32Array(nodeCount + 1);
    this.pathKind = new Int32Array(nodeCount + 1);
    this.pathIndex = new Int32Array(nodeCount + 1);
  }

  /**
   * Pushes as many units as possible to V through `targets` (student nodes) and returns how
   * many. `removedCountry`: a specialty whose country students have been taken out of the
   * network (they are at V already); their arcs are not walked.
   */
  maxFlow(targets: ArrayLike<number>, removedCountry = -1): number {
    this.search++;
    this.removedCountry = removedCountry;
    for (let k = 0; k < targets.length; k++) this.target[targets[k]] = this.search;
    // No more units than targets, nor than sources (within the reach limit: the sources it
    // was drawn from, less those used since).
    const sources = this.reachStamp < 0 ? this.r.sourcesLeft : this.reachedSources - (this.sourcesAtLimit - this.r.sourcesLeft);
    const bound = Math.min(targets.length, sources);
    let total = 0;
    // Once the flow meets the bound, the last and most expensive search (the one that proves
    // no more flow exists) is not needed.
    while (total < bound) {
      this.phase++;
      const sources = this.buildLevels(targets);
      if (sources.length === 0) break;
      let pushed = 0;
      for (const source of sources) if (this.augmentFrom(source)) pushed++;
      // A source on the levels has a shortest path to V; finding none would loop forever.
      if (pushed === 0) throw new Error('internal error: the gap search found no augmenting path on its levels');
      total += pushed;
    }
    return total;
  }

  /**
   * The nodes the given sources can reach in the residual network as it is now, for
   * limitToReach to start from later.
   */
  drawReach(sources: ArrayLike<number>): Int32Array {
    const stamp = ++this.search; // a fresh number, never a search's
    const tail = this.closeReach(stamp, this.stampSources(sources, stamp));
    return this.queue.slice(0, tail);
  }

  /**
   * From now on, only walk nodes the given sources can reach in the residual network as it
   * is now. Augmenting never makes a node reachable that was not (the arcs it creates join
   * nodes on the path, which were reachable), so while the flow only grows from this state
   * nothing outside can carry flow. It makes the last BFS of a search, the one that proves
   * the flow maximal, cheap: the nodes that can still reach V are then mostly unreachable.
   *
   * The walk starts from `drawn.reach`, what drawReach gave for these sources in an earlier
   * state that augmenting (which only shrinks what they reach, as above) led to, and goes on
   * from `drawn.changed`, the nodes whose residual arcs were added otherwise since (offers
   * that students left: a place frees). The limit is then a superset of what the sources
   * reach, which keeps every search exact, and costs far less than a walk from scratch.
   */
  limitToReach(sources: ArrayLike<number>, drawn: { reach: Int32Array; changed: ArrayLike<number> }): void {
    const { r, queue, reached } = this;
    const stamp = ++this.search; // a fresh number, never a search's
    for (let k = 0; k < drawn.reach.length; k++) reached[drawn.reach[k]] = stamp;
    let tail = 0;
    for (let k = 0; k < drawn.changed.length; k++) if (reached[drawn.changed[k]] === stamp) queue[tail++] = drawn.changed[k];
    this.closeReach(stamp, tail);
    this.reachedSources = 0;
    for (let k = 0; k < sources.length; k++) if (r.source[sources[k]]) this.reachedSources++;
    this.reachStamp = stamp;
    this.sourcesAtLimit = r.sourcesLeft;
  }

  /** Stamps and queues the sources still unused; returns how many. */
  private stampSources(sources: ArrayLike<number>, stamp: number): number {
    const { r, queue, reached } = this;
    let tail = 0;
    for (let k = 0; k < sources.length; k++) {
      const source = sources[k];
      if (r.source[source] && reached[source] !== stamp) {
        reached[source] = stamp;
        queue[tail++] = source;
      }
    }
    return tail;
  }

  /** Stamps everything the queued nodes reach (BFS); returns the queue's new length. */
  private closeReach(stamp: number, tail: number): number {
    const { r, queue, reached } = this;
    const S = r.studentNodes;
    const { isCountry, arcStart, arcCount, arcHead, held, holders, places, offerNext, enterpriseStart, enterpriseOffer } = r;
    // Country students move onto a prefix of their accept lists: a list's prefix visited so
    // far need not be walked again (and their own offer, included, was reached already).
    const listVisited = this.listVisited;
    listVisited.fill(0);
    const visitPrefix = (l: number, score: number) => {
      if (l < 0) return;
      const prefix = r.acceptPrefix(l, score);
      for (let k = listVisited[l]; k < prefix; k++) {
        const offer = r.acceptOffer[r.acceptStart[l] + k];
        if (reached[offer] !== stamp) {
          reached[offer] = stamp;
          queue[tail++] = offer;
        }
      }
      if (prefix > listVisited[l]) listVisited[l] = prefix;
    };
    for (let next = 0; next < tail; next++) {
      const node = queue[next];
      if (node < S && isCountry[node]) {
        visitPrefix(r.anyLanguageList[node], r.score[node]);
        visitPrefix(r.ownLanguageList[node], r.score[node]);
      } else if (node < S) {
        const own = held[node];
        for (let a = arcStart[node], end = a + arcCount[node]; a < end; a++) {
          const offer = arcHead[a];
          if (a !== own && reached[offer] !== stamp) {
            reached[offer] = stamp;
            queue[tail++] = offer;
          }
        }
      } else if (node < S + r.offerNodes) {
        const j = node - S;
        for (let k = 0; k < holders[j]; k++) {
          const holder = r.holderOf(j, k);
          if (reached[holder] !== stamp) {
            reached[holder] = stamp;
            queue[tail++] = holder;
          }
        }
        const enterprise = offerNext[j];
        if (enterprise >= 0 && holders[j] < places[j] && reached[enterprise] !== stamp) {
          reached[enterprise] = stamp;
          queue[tail++] = enterprise;
        }
      } else {
        const k = node - S - r.offerNodes;
        for (let i = enterpriseStart[k]; i < enterpriseStart[k + 1]; i++) {
          const offer = enterpriseOffer[i];
          if (holders[offer - S] > 0 && reached[offer] !== stamp) {
            reached[offer] = stamp;
            queue[tail++] = offer;
          }
        }
      }
    }
    return tail;
  }

  clearReachLimit(): void {
    this.reachStamp = -1;
  }

  /** Can the sources reach this node (true when there is no limit)? */
  isReached(node: number): boolean {
    return this.reachStamp < 0 || this.reached[node] === this.reachStamp;
  }

  private canReachV(node: number): boolean {
    return this.r.isStudent(node) && this.target[node] === this.search && this.atV[node] !== this.search;
  }

  private label(node: number, level: number, tail: number): number {
    if (this.levelPhase[node] === this.phase || (this.reachStamp >= 0 && this.reached[node] !== this.reachStamp)) return tail;
    this.levelPhase[node] = this.phase;
    this.level[node] = level;
    this.queue[tail] = node;
    return tail + 1;
  }

  /**
   * Reverse BFS from V (level = residual distance to V). Stops after the first level that
   * holds a source and returns those sources.
   */
  private buildLevels(targets: ArrayLike<number>): number[] {
    const { r, level } = this;
    const S = r.studentNodes;
    let tail = 0;
    for (let k = 0; k < targets.length; k++) if (this.canReachV(targets[k])) tail = this.label(targets[k], 1, tail);
    const sources: number[] = [];
    let sourceLevel = Infinity;
    for (let head = 0; head < tail; head++) {
      const node = this.queue[head];
      const at = level[node];
      if (at > sourceLevel) break;
      if (node < S && r.source[node]) {
        sourceLevel = at;
        sources.push(node);
      }
      if (at === sourceLevel) continue;
      if (node < S) {
        // Reached by leaving the offer it holds.
        if (r.held[node] >= 0) tail = this.label(r.arcHead[r.held[node]], at + 1, tail);
      } else if (node < S + r.offerNodes) {
        tail = this.labelOfferPredecessors(node - S, at + 1, tail);
      } else {
        // Reached from an offer of the enterprise that has a free place.
        const k = node - S - r.offerNodes;
        for (let i = r.enterpriseStart[k]; i < r.enterpriseStart[k + 1]; i++) {
          const offer = r.enterpriseOffer[i];
          if (r.holders[offer - S] < r.places[offer - S]) tail = this.label(offer, at + 1, tail);
        }
      }
    }
    return sources;
  }

  /** Students who can move onto offer j, and its enterprise when someone on j can leave it. */
  private labelOfferPredecessors(j: number, at: number, tail: number): number {
    const r = this.r;
    const localInStudent = r.localInStudent;
    for (let i = r.localInStart[j], end = r.localInStart[j + 1]; i < end; i++) {
      const student = localInStudent[i];
      if (!r.holds(student, j)) tail = this.label(student, at, tail);
    }
    if (r.offerSpecialty[j] !== this.removedCountry) {
      // Country students: the compatible ones are a prefix of each group the offer accepts,
      // and a group's prefix labelled so far in this phase need not be walked again. (A
      // holder of j labelled here as if it could move onto j is harmless: the only way into
      // a student is from the offer it holds, at a lower level, so no path passes it.)
      for (let k = r.offerGroupStart[j]; k < r.offerGroupStart[j + 1]; k++) {
        const g = r.offerGroup[k];
        if (this.groupPhase[g] !== this.phase) {
          this.groupPhase[g] = this.phase;
          this.groupLabelled[g] = 0;
        }
        const prefix = r.groupPrefix(g, r.minScore[j]);
        for (let p = this.groupLabelled[g]; p < prefix; p++) tail = this.label(r.groupStudent[r.groupStart[g] + p], at, tail);
        if (prefix > this.groupLabelled[g]) this.groupLabelled[g] = prefix;
      }
    }
    const enterprise = r.offerNext[j];
    if (enterprise >= 0 && r.holders[j] > 0) tail = this.label(enterprise, at, tail);
    return tail;
  }

  /** One augmenting path from `source` along the levels (iterative DFS). */
  private augmentFrom(source: number): boolean {
    let depth = 0;
    this.pathNode[0] = source;
    while (depth >= 0) {
      const node = this.pathNode[depth];
      if (this.level[node] === 1 && this.canReachV(node)) {
        this.apply(depth, node, source);
        return true;
      }
      if (this.nextStep(node, depth + 1)) {
        depth++;
      } else {
        this.levelPhase[node] = -1; // a dead end for the rest of this phase
        depth--;
      }
    }
    return false;
  }

  private onLevel(node: number, wanted: number): boolean {
    return this.levelPhase[node] === this.phase && this.level[node] === wanted;
  }

  private step(depth: number, next: number, kind: number, index: number): boolean {
    this.pathNode[depth] = next;
    this.pathKind[depth] = kind;
    this.pathIndex[depth] = index;
    return true;
  }

  /**
   * Writes at `depth` of the path the next residual arc from `node` to a node one level
   * nearer V; false when there is none. Arcs created by this phase's own augmentations
   * always lead away from V, so they never need a visit in the same phase.
   */
  private nextStep(node: number, depth: number): boolean {
    const r = this.r;
    const S = r.studentNodes;
    const wanted = this.level[node] - 1;
    if (this.cursorPhase[node] !== this.phase) {
      this.cursorPhase[node] = this.phase;
      this.cursor[node] = 0;
    }
    if (node < S) {
      for (; this.cursor[node] < r.arcCount[node]; this.cursor[node]++) {
        const a = r.arcStart[node] + this.cursor[node];
        if (r.held[node] !== a && this.onLevel(r.arcHead[a], wanted)) return this.step(depth, r.arcHead[a], ENTER_OFFER, a);
      }
      return false;
    }
    if (node < S + r.offerNodes) {
      // Holders change as paths are applied, so they are scanned afresh (an offer has few).
      const j = node - S;
      for (let k = 0; k < r.holders[j]; k++) {
        const holder = r.holderOf(j, k);
        if (this.onLevel(holder, wanted)) return this.step(depth, holder, LEAVE_OFFER, r.held[holder]);
      }
      const next = r.offerNext[j];
      if (next >= 0 && r.holders[j] < r.places[j] && this.onLevel(next, wanted)) return this.step(depth, next, OFFER_UP, j);
      return false;
    }
    const k = node - S - r.offerNodes;
    for (; this.cursor[node] < r.enterpriseStart[k + 1] - r.enterpriseStart[k]; this.cursor[node]++) {
      const offer = r.enterpriseOffer[r.enterpriseStart[k] + this.cursor[node]];
      if (r.holders[offer - S] > 0 && this.onLevel(offer, wanted)) return this.step(depth, offer, OFFER_DOWN, offer - S);
    }
    return false;
  }

  /**
   * Pushes one unit along the path pathNode[0..depth] and on to V: first every holder on
   * the path gives up its place, then every mover takes its new one, so that no offer ever
   * holds more than its places. (The offer <-> enterprise steps need no bookkeeping: an
   * offer's flow is its number of holders.)
   */
  private apply(depth: number, last: number, source: number): void {
    const r = this.r;
    r.useSource(source);
    for (let d = 1; d <= depth; d++) if (this.pathKind[d] === LEAVE_OFFER) r.leave(this.pathNode[d]);
    for (let d = 1; d <= depth; d++) if (this.pathKind[d] === ENTER_OFFER) r.enter(this.pathNode[d - 1], this.pathIndex[d]);
    this.atV[last] = this.search;
  }
}
