/**
 * The residual network of the optimal allocation, as the shortage gap search walks it
 * (shortage-gap.ts): which student holds which offer, which students are still unplaced
 * (the sources), and every change made to that, in a log that can be undone to any mark.
 *
 * The flow is kept as "who holds which offer": the flow on a student -> offer arc is 1 when
 * the student holds the offer, and the flow on an offer's arc (to its enterprise or the sink)
 * is the number of students holding it. So an offer has a free place when its holders are
 * fewer than its places, and the residual arcs are:
 *   student -> offer       the student can move onto a compatible offer it does not hold;
 *   offer -> student       a holder of the offer can leave it;
 *   offer -> enterprise    the offer has a free place (its enterprise node, where capacity binds);
 *   enterprise -> offer    someone on that offer can leave the enterprise.
 *
 * Country-mobility students are compatible with every offer of their specialty whose minScore
 * and languages they meet, so offers have thousands of them as in-arcs. To find an offer's
 * country predecessors without walking those arcs, country students are also kept in groups
 * (specialty x language) sorted by score: those compatible with an offer are a prefix of each
 * group the offer accepts.
 */
import type { AllocationNetwork } from './allocation-network.ts';
import type { FlowProblem } from './flow/problem.ts';
import { MOBILITY_COUNTRY, type RoundModel } from './round-model.ts';

/**
 * What the gap analysis reads of a round: plain data only, so that it can be posted to a worker
 * thread (shortage-gap-thread.ts).
 */
export type GapModel = Pick<
  RoundModel,
  | 'studentCount' | 'studentSpecialty' | 'studentMobility' | 'studentRegion' | 'studentCollege' | 'studentLat' | 'studentLon'
  | 'studentMaxKm' | 'studentScore' | 'studentLanguage' | 'offerMinScore' | 'offerSpecialty' | 'offerLanguageStart'
  | 'offerLanguage' | 'specialtyIndex' | 'regionIndex' | 'collegeIndex' | 'languageIds' | 'policy'
> & { round: { regions: readonly { lat: number; lon: number }[] } };

/** What it reads of the allocation network. */
export type GapNetwork = Pick<
  AllocationNetwork,
  'students' | 'studentNode' | 'studentArcStart' | 'bypassArc' | 'offers' | 'offerNode' | 'offerArc' | 'enterprises' | 'sink'
> & { problem: Pick<FlowProblem, 'head' | 'capacity'> };

/** The optimal allocation, as the gap analysis reads it. */
export interface GapAllocation {
  network: GapNetwork;
  assignment: Int32Array;
}

// Undo log operations: [op, student node, previous held arc].
const ENTERED = 0;
const LEFT = 1;
const SOURCE_USED = 2;

export class GapResidual {
  readonly studentNodes: number;
  readonly offerNodes: number;
  /** The heads of the network's student -> offer arcs (arcs 0..pairCount-1). */
  readonly arcHead: Int32Array;
  /** Per student node: its first arc and arc count. */
  readonly arcStart: Int32Array;
  readonly arcCount: Int32Array;
  /** Per student node: mobility "country" (the group structures below cover it). */
  readonly isCountry: Uint8Array;
  /** Per student node: its specialty. */
  readonly studentSpecialty: Int32Array;
  /** Per offer (node - studentNodes): the students with an arc to it who are not country students, CSR. */
  readonly localInStart: Int32Array;
  readonly localInStudent: Int32Array;
  readonly places: Int32Array;
  readonly minScore: Float64Array;
  readonly offerSpecialty: Int32Array;
  /** Per offer: its enterprise node, or -1 when its arc goes to the sink. */
  readonly offerNext: Int32Array;
  /** Per enterprise node (node - studentNodes - offerNodes): its offer nodes, CSR. */
  readonly enterpriseStart: Int32Array;
  readonly enterpriseOffer: Int32Array;
  /** Country student groups (specialty x language), best score first, CSR. */
  readonly groupStart: Int32Array;
  readonly groupStudent: Int32Array;
  readonly groupScore: Float64Array;
  /** Per offer: the groups it accepts, CSR. */
  readonly offerGroupStart: Int32Array;
  readonly offerGroup: Int32Array;
  /**
   * The other way round, for moving a country student on: per specialty, list 0 holds its
   * offer nodes with no language rule, list 1 + L those that list language L, each lowest
   * minScore first. A country student's compatible offers are a prefix of its specialty's
   * list 0 and a prefix of its own language's list.
   */
  readonly acceptStart: Int32Array;
  readonly acceptOffer: Int32Array;
  readonly acceptMinScore: Float64Array;
  /** Per student node: its two accept lists ("any language", and its language's or -1). */
  readonly anyLanguageList: Int32Array;
  readonly ownLanguageList: Int32Array;
  readonly score: Float64Array;

  // The state, changed only through enter / leave / useSource.
  /** Per student node: the arc to the offer it holds, or -1. */
  readonly held: Int32Array;
  /** Per student node: 1 while it is unplaced with its unit at the source. */
  readonly source: Uint8Array;
  sourcesLeft = 0;
  /** Per offer: its holders, in slots occupantStart[j] .. occupantStart[j] + holders[j]. */
  readonly occupantStart: Int32Array;
  readonly holders: Int32Array;
  private readonly occupant: Int32Array;
  private readonly slot: Int32Array;
  private readonly log: number[] = [];

  constructor(model: GapModel, { network, assignment }: GapAllocation) {
    const { problem } = network;
    const S = (this.studentNodes = network.students.length);
    const F = (this.offerNodes = network.offers.length);
    // Student -> offer arcs come first, student by student in node order, then the bypass arcs.
    const pairCount = S > 0 ? network.bypassArc[0] : 0;
    const arcHead = (this.arcHead = problem.head.subarray(0, pairCount));
    const arcStart = (this.arcStart = new Int32Array(S));
    const arcCount = (this.arcCount = new Int32Array(S));
    const isCountry = (this.isCountry = new Uint8Array(S));
    this.studentSpecialty = new Int32Array(S);
    const held = (this.held = new Int32Array(S).fill(-1));
    this.source = new Uint8Array(S);
    for (let i = 0; i < S; i++) {
      const s = network.students[i];
      arcStart[i] = network.studentArcStart[s];
      arcCount[i] = (i + 1 < S ? network.studentArcStart[network.students[i + 1]] : pairCount) - arcStart[i];
      isCountry[i] = model.studentMobility[s] === MOBILITY_COUNTRY ? 1 : 0;
      this.studentSpecialty[i] = model.studentSpecialty[s];
      // A student's arcs follow its compatibility list, sorted by offer, and offer nodes are numbered in offer order.
      if (assignment[s] >= 0) held[i] = lowerBound(arcHead, arcStart[i], arcStart[i] + arcCount[i], network.offerNode[assignment[s]]);
      else {
        this.source[i] = 1;
        this.sourcesLeft++;
      }
    }

    // Arcs of the students who are not country students, by offer (country students' arcs,
    // most of a national round's, are never walked from the offer's side).
    const localInStart = (this.localInStart = new Int32Array(F + 1));
    for (let i = 0; i < S; i++) {
      if (isCountry[i]) continue;
      for (let a = arcStart[i]; a < arcStart[i] + arcCount[i]; a++) localInStart[arcHead[a] - S + 1]++;
    }
    for (let j = 0; j < F; j++) localInStart[j + 1] += localInStart[j];
    const fill = localInStart.slice(0, F);
    const localInStudent = (this.localInStudent = new Int32Array(localInStart[F]));
    for (let i = 0; i < S; i++) {
      if (isCountry[i]) continue;
      for (let a = arcStart[i]; a < arcStart[i] + arcCount[i]; a++) localInStudent[fill[arcHead[a] - S]++] = i;
    }

    this.places = new Int32Array(F);
    this.minScore = new Float64Array(F);
    this.offerSpecialty = new Int32Array(F);
    this.offerNext = new Int32Array(F);
    const K = network.enterprises.length;
    this.enterpriseStart = new Int32Array(K + 1);
    network.offers.forEach((o, j) => {
      const arc = network.offerArc[j];
      this.places[j] = problem.capacity[arc];
      this.minScore[j] = model.offerMinScore[o];
      this.offerSpecialty[j] = model.offerSpecialty[o];
      this.offerNext[j] = problem.head[arc] === network.sink ? -1 : problem.head[arc];
      if (this.offerNext[j] >= 0) this.enterpriseStart[this.offerNext[j] - S - F + 1]++;
    });
    for (let k = 0; k < K; k++) this.enterpriseStart[k + 1] += this.enterpriseStart[k];
    const enterpriseFill = this.enterpriseStart.slice(0, K);
    this.enterpriseOffer = new Int32Array(this.enterpriseStart[K]);
    for (let j = 0; j < F; j++) if (this.offerNext[j] >= 0) this.enterpriseOffer[enterpriseFill[this.offerNext[j] - S - F]++] = S + j;

    this.occupantStart = new Int32Array(F + 1);
    for (let j = 0; j < F; j++) this.occupantStart[j + 1] = this.occupantStart[j] + this.places[j];
    this.holders = new Int32Array(F);
    this.occupant = new Int32Array(this.occupantStart[F]);
    this.slot = new Int32Array(S).fill(-1);
    for (let i = 0; i < S; i++) if (this.held[i] >= 0) this.addHolder(this.arcHead[this.held[i]] - S, i);

    ({ groupStart: this.groupStart, groupStudent: this.groupStudent, groupScore: this.groupScore, offerGroupStart: this.offerGroupStart, offerGroup: this.offerGroup } =
      buildCountryGroups(model, network, this.isCountry));
    ({ acceptStart: this.acceptStart, acceptOffer: this.acceptOffer, acceptMinScore: this.acceptMinScore } = buildAcceptLists(model, network));
    const lists = model.languageIds.size + 1;
    this.anyLanguageList = new Int32Array(S);
    this.ownLanguageList = new Int32Array(S);
    this.score = new Float64Array(S);
    for (let i = 0; i < S; i++) {
      const s = network.students[i];
      const language = model.studentLanguage[s];
      this.anyLanguageList[i] = model.studentSpecialty[s] * lists;
      this.ownLanguageList[i] = language < 0 ? -1 : model.studentSpecialty[s] * lists + 1 + language;
      this.score[i] = model.studentScore[s];
    }
  }

  /** How many offers of accept list l a student with `score` meets the minScore of (a prefix). */
  acceptPrefix(l: number, score: number): number {
    let low = this.acceptStart[l];
    let high = this.acceptStart[l + 1];
    while (low < high) {
      const mid = (low + high) >> 1;
      if (this.acceptMinScore[mid] <= score) low = mid + 1;
      else high = mid;
    }
    return low - this.acceptStart[l];
  }

  isStudent(node: number): boolean {
    return node < this.studentNodes;
  }

  /** Does student node i hold offer j? */
  holds(i: number, j: number): boolean {
    const k = this.slot[i];
    return k >= 0 && k < this.holders[j] && this.occupant[this.occupantStart[j] + k] === i;
  }

  /** The student node holding slot `k` of offer j (k < holders[j]). */
  holderOf(j: number, k: number): number {
    return this.occupant[this.occupantStart[j] + k];
  }

  /** How many students of group g have at least `score` (a prefix of the group). */
  groupPrefix(g: number, score: number): number {
    let low = this.groupStart[g];
    let high = this.groupStart[g + 1];
    while (low < high) {
      const mid = (low + high) >> 1;
      if (this.groupScore[mid] >= score) low = mid + 1;
      else high = mid;
    }
    return low - this.groupStart[g];
  }

  mark(): number {
    return this.log.length;
  }

  /** Student node i takes the offer of arc a (it holds nothing). */
  enter(i: number, a: number): void {
    this.log.push(ENTERED, i, this.held[i]);
    this.held[i] = a;
    this.addHolder(this.arcHead[a] - this.studentNodes, i);
  }

  /** Student node i gives up the offer it holds. */
  leave(i: number): void {
    this.log.push(LEFT, i, this.held[i]);
    this.removeHolder(this.arcHead[this.held[i]] - this.studentNodes, i);
    this.held[i] = -1;
  }

  useSource(i: number): void {
    this.log.push(SOURCE_USED, i, -1);
    this.source[i] = 0;
    this.sourcesLeft--;
  }

  /** Undoes every change made since `mark`, newest first. */
  undoTo(mark: number): void {
    const log = this.log;
    while (log.length > mark) {
      const previous = log.pop()!;
      const i = log.pop()!;
      const op = log.pop()!;
      if (op === ENTERED) {
        this.removeHolder(this.arcHead[this.held[i]] - this.studentNodes, i);
        this.held[i] = previous;
      } else if (op === LEFT) {
        this.held[i] = previous;
        this.addHolder(this.arcHead[previous] - this.studentNodes, i);
      } else {
        this.source[i] = 1;
        this.sourcesLeft++;
      }
    }
  }

  private addHolder(j: number, i: number): void {
    const k = this.holders[j]++;
    this.occupant[this.occupantStart[j] + k] = i;
    this.slot[i] = k;
  }

  private removeHolder(j: number, i: number): void {
    const last = --this.holders[j];
    const k = this.slot[i];
    const moved = this.occupant[this.occupantStart[j] + last];
    this.occupant[this.occupantStart[j] + k] = moved;
    this.slot[moved] = k;
    this.slot[i] = -1;
  }
}

/** Country students in groups of one specialty and one language, best score first, and the groups each offer accepts. */
function buildCountryGroups(model: GapModel, network: GapNetwork, isCountry: Uint8Array) {
  const languages = model.languageIds.size;
  // Group id: specialty * (languages + 1) + language + 1 (language -1 = none given).
  const groupOf = (specialty: number, language: number) => specialty * (languages + 1) + language + 1;
  const groupCount = model.specialtyIndex.size * (languages + 1);
  const members: number[][] = Array.from({ length: groupCount }, () => []);
  network.students.forEach((s, i) => {
    if (isCountry[i]) members[groupOf(model.studentSpecialty[s], model.studentLanguage[s])].push(i);
  });
  const groupStart = new Int32Array(groupCount + 1);
  const groupStudent: number[] = [];
  const groupScore: number[] = [];
  members.forEach((list, g) => {
    list.sort((a, b) => model.studentScore[network.students[b]] - model.studentScore[network.students[a]]);
    for (const i of list) {
      groupStudent.push(i);
      groupScore.push(model.studentScore[network.students[i]]);
    }
    groupStart[g + 1] = groupStudent.length;
  });

  const offerGroupStart = new Int32Array(network.offers.length + 1);
  const offerGroup: number[] = [];
  network.offers.forEach((o, j) => {
    const specialty = model.offerSpecialty[o];
    const from = model.offerLanguageStart[o];
    const to = model.offerLanguageStart[o + 1];
    if (from === to) {
      for (let language = -1; language < languages; language++) offerGroup.push(groupOf(specialty, language));
    } else {
      for (let k = from; k < to; k++) offerGroup.push(groupOf(specialty, model.offerLanguage[k]));
    }
    offerGroupStart[j + 1] = offerGroup.length;
  });
  return {
    groupStart,
    groupStudent: Int32Array.from(groupStudent),
    groupScore: Float64Array.from(groupScore),
    offerGroupStart,
    offerGroup: Int32Array.from(offerGroup),
  };
}

/** Per specialty x language (slot 0: offers with no language rule), the offer nodes accepting it, lowest minScore first. */
function buildAcceptLists(model: GapModel, network: GapNetwork) {
  const lists = model.languageIds.size + 1;
  const members: number[][] = Array.from({ length: model.specialtyIndex.size * lists }, () => []);
  const S = network.students.length;
  network.offers.forEach((o, j) => {
    const base = model.offerSpecialty[o] * lists;
    const from = model.offerLanguageStart[o];
    const to = model.offerLanguageStart[o + 1];
    if (from === to) members[base].push(j);
    for (let k = from; k < to; k++) members[base + 1 + model.offerLanguage[k]].push(j);
  });
  const acceptStart = new Int32Array(members.length + 1);
  const acceptOffer: number[] = [];
  const acceptMinScore: number[] = [];
  members.forEach((list, l) => {
    list.sort((a, b) => model.offerMinScore[network.offers[a]] - model.offerMinScore[network.offers[b]]);
    for (const j of list) {
      acceptOffer.push(S + j);
      acceptMinScore.push(model.offerMinScore[network.offers[j]]);
    }
    acceptStart[l + 1] = acceptOffer.length;
  });
  return { acceptStart, acceptOffer: Int32Array.from(acceptOffer), acceptMinScore: Float64Array.from(acceptMinScore) };
}

/** The first index in sorted[from..to) holding a value >= value. */
function lowerBound(sorted: Int32Array, from: number, to: number, value: number): number {
  while (from < to) {
    const mid = (from + to) >> 1;
    if (sorted[mid] < value) from = mid + 1;
    else to = mid;
  }
  return from;
}
