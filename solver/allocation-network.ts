/**
 * The optimal mechanism as a minimum-cost flow (docs/policy.md has the derivation).
 *
 *   student (supply 1) --cost q(s,o), cap 1--> offer --cap places--> [enterprise --cap capacity-->] sink
 *   student --cost W*(1+priority) + merit(s), cap 1--> sink              (the bypass: unplaced)
 *
 * The source of the textbook picture is folded into the supplies: every student node supplies
 * one unit. An enterprise node is added only where its capacity binds (is below the places
 * of its offers in the network), so that enterprises which cannot bind do not merge
 * otherwise independent parts of the network.
 *
 * W is larger than any possible difference in total quality cost, so the minimum cost
 * places as many priority students as possible, then as many students as possible, then
 * minimises quality. One W serves both levels: the students that can be placed together
 * form a matroid (a gammoid of the network), so a placement with the most students that also
 * has the most priority students always exists.
 */
import { roundKm, greatCircleKm } from './geo.ts';
import { preferencePosition, type CompatibilityLists } from './compatibility.ts';
import { allocateFlowProblem, type FlowProblem } from './flow/problem.ts';
import { seededPermutation } from './lottery.ts';
import type { ResolvedPolicy } from './policy.ts';
import type { RoundModel } from './round-model.ts';

export interface AllocationNetwork {
  problem: FlowProblem;
  /** Students in the network (those with at least one compatible offer), in node order. */
  students: Int32Array;
  /** Per student of the round: its node, or -1 when it has no compatible offer. */
  studentNode: Int32Array;
  /** Per student of the round: first arc of its student -> offer arcs (in compatibility-list order). */
  studentArcStart: Int32Array;
  /** Per student node: its bypass arc. */
  bypassArc: Int32Array;
  /** Offers in the network and the node of each offer of the round (-1 when absent). */
  offers: Int32Array;
  offerNode: Int32Array;
  /** Per offer node: its arc to the enterprise or the sink. */
  offerArc: Int32Array;
  /** Enterprises whose capacity binds, with their nodes and their arcs to the sink. */
  enterprises: Int32Array;
  enterpriseNode: Int32Array;
  enterpriseArc: Int32Array;
  sink: number;
  /** The level weight W of the lexicographic objective. */
  levelWeight: number;
}

/** Integer quality cost of placing student s on offer o (lower is better). */
export function placementCost(model: RoundModel, s: number, o: number, km: number): number {
  return Math.round(rankCost(model.policy, preferencePosition(model, s, o)) + distanceCost(model.policy, km));
}

/** The preference part of the placement cost; `position` is 0-based, -1 when not listed. */
function rankCost({ rankWeight, offListCost }: ResolvedPolicy, position: number): number {
  return position < 0 ? offListCost : Math.min(rankWeight * position, offListCost);
}

/** The distance part of the placement cost (not yet rounded: the sum with the rank part is). */
function distanceCost({ kmWeight }: ResolvedPolicy, km: number): number {
  return kmWeight * roundKm(km);
}

/** Integer worth of placing student s at all: merit breaks ties between who is placed. */
export function meritCost(model: RoundModel, s: number): number {
  return Math.round(model.policy.meritWeight * model.studentScore[s]);
}

/** Potentials of the flow problem reach a few times W: stay far below 2^53 so all sums are exact. */
const MAX_EXACT_LEVEL_WEIGHT = 2 ** 48;

export function buildAllocationNetwork(model: RoundModel, compatibility: CompatibilityLists, options: { shared?: boolean } = {}): AllocationNetwork {
  const n = model.studentCount;
  // Students with a compatible offer, in the seed's order: among equally good solutions, the
  // one found depends on the order in which the solver meets the arcs.
  const order = seededPermutation(n, model.policy.seed);
  const studentNode = new Int32Array(n).fill(-1);
  const studentList: number[] = [];
  for (const s of order) {
    if (compatibility.start[s + 1] > compatibility.start[s]) {
      studentNode[s] = studentList.length;
      studentList.push(s);
    }
  }
  const students = Int32Array.from(studentList);
  const studentCount = students.length;

  const offerNode = new Int32Array(model.offerCount).fill(-1);
  const offerList: number[] = [];
  const used = new Uint8Array(model.offerCount);
  for (let k = 0; k < compatibility.offer.length; k++) used[compatibility.offer[k]] = 1;
  const networkPlaces = new Float64Array(model.enterpriseCount);
  for (let o = 0; o < model.offerCount; o++) {
    if (!used[o]) continue;
    offerNode[o] = studentCount + offerList.length;
    offerList.push(o);
    networkPlaces[model.offerEnterprise[o]] += model.offerPlaces[o];
  }
  const offers = Int32Array.from(offerList);

  const enterpriseNode = new Int32Array(model.enterpriseCount).fill(-1);
  const enterpriseList: number[] = [];
  for (let e = 0; e < model.enterpriseCount; e++) {
    if (model.enterpriseCapacity[e] < networkPlaces[e]) {
      enterpriseNode[e] = studentCount + offers.length + enterpriseList.length;
      enterpriseList.push(e);
    }
  }
  const enterprises = Int32Array.from(enterpriseList);
  const sink = studentCount + offers.length + enterprises.length;

  const pairCount = compatibility.offer.length;
  const arcCount = pairCount + studentCount + offers.length + enterprises.length;
  const problem = allocateFlowProblem(sink + 1, arcCount, { shared: options.shared });
  const { tail, head, capacity, cost, supply } = problem;

  // Student -> offer arcs, student by student in node order.
  const studentArcStart = new Int32Array(n).fill(-1);
  let arc = 0;
  for (let node = 0; node < studentCount; node++) {
    const s = students[node];
    studentArcStart[s] = arc;
    supply[node] = 1;
    arc += compatibility.start[s + 1] - compatibility.start[s];
  }
  const maxPlacementCost = writePlacementArcs(model, compatibility, { studentNode, studentArcStart, offerNode }, problem);

  let maxMerit = 0;
  for (const s of students) maxMerit = Math.max(maxMerit, meritCost(model, s));
  const levelWeight = studentCount * (maxPlacementCost + maxMerit) + 1;
  if (levelWeight > MAX_EXACT_LEVEL_WEIGHT) {
    throw new RangeError(`policy weights too large for an exact solve of ${studentCount} students; lower rankWeight, offListCost, kmWeight or meritWeight`);
  }

  const bypassArc = new Int32Array(studentCount);
  for (let node = 0; node < studentCount; node++) {
    const s = students[node];
    bypassArc[node] = arc;
    tail[arc] = node;
    head[arc] = sink;
    capacity[arc] = 1;
    cost[arc] = levelWeight * (1 + model.studentPriority[s]) + meritCost(model, s);
    arc++;
  }

  const offerArc = new Int32Array(offers.length);
  offers.forEach((o, i) => {
    const e = model.offerEnterprise[o];
    offerArc[i] = arc;
    tail[arc] = studentCount + i;
    head[arc] = enterpriseNode[e] >= 0 ? enterpriseNode[e] : sink;
    capacity[arc] = model.offerPlaces[o];
    cost[arc] = 0;
    arc++;
  });

  const enterpriseArc = new Int32Array(enterprises.length);
  enterprises.forEach((e, i) => {
    enterpriseArc[i] = arc;
    tail[arc] = enterpriseNode[e];
    head[arc] = sink;
    capacity[arc] = model.enterpriseCapacity[e];
    cost[arc] = 0;
    arc++;
  });
  supply[sink] = -studentCount;

  return {
    problem, students, studentNode, studentArcStart, bypassArc, offers, offerNode, offerArc,
    enterprises, enterpriseNode, enterpriseArc, sink, levelWeight,
  };
}

/**
 * Fills the student -> offer arcs and returns their largest cost. Students are taken college
 * by college: the distance part of the cost depends only on the college and the offer, and a
 * college's students share most of their offers, so each distance is computed once per
 * college rather than once per arc.
 */
function writePlacementArcs(
  model: RoundModel,
  compatibility: CompatibilityLists,
  nodes: Pick<AllocationNetwork, 'studentNode' | 'studentArcStart' | 'offerNode'>,
  problem: FlowProblem,
): number {
  const { policy, studentCollege, studentLat, studentLon, offerLat, offerLon, preferenceStart, preferenceOffer } = model;
  const { studentNode, studentArcStart, offerNode } = nodes;
  const { tail, head, capacity, cost } = problem;
  const byCollege = studentsByCollege(model);
  const collegeDistanceCost = new Float64Array(model.offerCount);
  const costedFor = new Int32Array(model.offerCount).fill(-1);
  const position = new Int32Array(model.offerCount).fill(-1);
  let maxCost = 0;
  for (let college = 0; college < byCollege.start.length - 1; college++) {
    for (let i = byCollege.start[college]; i < byCollege.start[college + 1]; i++) {
      const s = byCollege.student[i];
      const node = studentNode[s];
      if (node < 0) continue;
      const firstPreference = preferenceStart[s];
      const lastPreference = preferenceStart[s + 1];
      // The first listing counts, as in preferencePosition.
      for (let p = lastPreference - 1; p >= firstPreference; p--) position[preferenceOffer[p]] = p - firstPreference;
      let a = studentArcStart[s];
      for (let k = compatibility.start[s]; k < compatibility.start[s + 1]; k++, a++) {
        const o = compatibility.offer[k];
        if (costedFor[o] !== college) {
          costedFor[o] = college;
          collegeDistanceCost[o] = distanceCost(policy, greatCircleKm(studentLat[s], studentLon[s], offerLat[o], offerLon[o]));
        }
        const c = Math.round(rankCost(policy, position[o]) + collegeDistanceCost[o]);
        tail[a] = node;
        head[a] = offerNode[o];
        capacity[a] = 1;
        cost[a] = c;
        if (c > maxCost) maxCost = c;
      }
      for (let p = firstPreference; p < lastPreference; p++) position[preferenceOffer[p]] = -1;
    }
  }
  return maxCost;
}

/** The round's students grouped by college, in CSR form (a counting sort). */
function studentsByCollege(model: RoundModel): { start: Int32Array; student: Int32Array } {
  const start = new Int32Array(model.collegeIndex.size + 1);
  for (let s = 0; s < model.studentCount; s++) start[model.studentCollege[s] + 1]++;
  for (let c = 0; c < model.collegeIndex.size; c++) start[c + 1] += start[c];
  const fill = start.slice(0, model.collegeIndex.size);
  const student = new Int32Array(model.studentCount);
  for (let s = 0; s < model.studentCount; s++) student[fill[model.studentCollege[s]]++] = s;
  return { start, student };
}

/** The offer each student of the round is placed on in a flow, or -1. */
export function assignmentFromFlow(model: RoundModel, compatibility: CompatibilityLists, network: AllocationNetwork, flow: Float64Array): Int32Array {
  const assignment = new Int32Array(model.studentCount).fill(-1);
  for (const s of network.students) {
    const first = network.studentArcStart[s];
    const count = compatibility.start[s + 1] - compatibility.start[s];
    for (let k = 0; k < count; k++) {
      if (flow[first + k] > 0.5) {
        assignment[s] = compatibility.offer[compatibility.start[s] + k];
        break;
      }
    }
  }
  return assignment;
}
