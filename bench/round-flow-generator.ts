import { allocateFlowProblem, type FlowProblem } from '../solver/flow/problem.ts';

/**
 * Makes flow problems shaped like an allocation round, directly as arrays (the real round
 * generator will replace this in the bench):
 * - nodes: students (supply 1), offers, enterprises, one sink (demand = number of students);
 * - each student has 1..5 preferred offers of their specialty (cheap arcs), up to 12 more offers
 *   in their region, and ~7% of students accept every offer of their specialty in all 20 regions
 *   (about 2.6M arcs for 100,000 students, 18M for 300,000);
 * - a bypass arc student -> sink costs 3e9 (6e9 for a fifth of the students): leaving a student
 *   unplaced is far worse than any placement;
 * - offer -> sink, or offer -> enterprise -> sink where an enterprise caps several offers;
 *   places add up to ~80% of the students.
 * 77 specialties with skewed popularity make the sink a hub whose removal leaves roughly one
 * component per specialty (a few enterprises span two related specialties and merge them).
 */
export interface RoundFlowShape {
  students: number;
  seed: number;
}

const SPECIALTIES = 77;
const REGIONS = 20;
const OFFERS_PER_STUDENT = 40_000 / 300_000;
const PLACES_PER_STUDENT = 0.8;
const WIDE_STUDENT_SHARE = 0.07;
const REGION_LOCAL_ARCS = 12;
const ENTERPRISE_OFFER_SHARE = 0.3;
const BYPASS_COST = 3e9;
const PRIORITY_BYPASS_COST = 6e9;
const MAX_QUALITY_COST = 10_000;

export function generateRoundFlow(shape: RoundFlowShape): FlowProblem {
  const random = mulberry32(shape.seed);
  const students = shape.students;
  const offers = Math.max(SPECIALTIES, Math.round(students * OFFERS_PER_STUDENT));

  // Skewed popularity among students; offers follow it less steeply, so popular specialties are short of places.
  const studentWeight = Array.from({ length: SPECIALTIES }, (_, s) => 1 / (s + 8));
  const offerWeight = studentWeight.map((w) => Math.sqrt(w));
  const studentSpecialty = new Int32Array(students);
  const studentRegion = new Int32Array(students);
  const pickStudentSpecialty = weightedPicker(studentWeight, random);
  for (let i = 0; i < students; i++) {
    studentSpecialty[i] = pickStudentSpecialty();
    studentRegion[i] = Math.floor(random() * REGIONS);
  }
  const offerSpecialty = new Int32Array(offers);
  const offerRegion = new Int32Array(offers);
  const offerPlaces = new Int32Array(offers);
  const pickOfferSpecialty = weightedPicker(offerWeight, random);
  const meanPlaces = (PLACES_PER_STUDENT * students) / offers;
  for (let o = 0; o < offers; o++) {
    offerSpecialty[o] = o < SPECIALTIES ? o : pickOfferSpecialty();
    offerRegion[o] = Math.floor(random() * REGIONS);
    offerPlaces[o] = 1 + Math.floor(random() * (2 * meanPlaces - 1));
  }
  // Offers by specialty, and by specialty and region.
  const bySpecialty = groupBy(offers, (o) => offerSpecialty[o], SPECIALTIES);
  const bySpecialtyRegion = groupBy(offers, (o) => offerSpecialty[o] * REGIONS + offerRegion[o], SPECIALTIES * REGIONS);

  // Enterprises: groups of 2..5 offers of one specialty (sometimes of a pair of related ones).
  const enterpriseOf = new Int32Array(offers).fill(-1);
  const enterpriseCapacity: number[] = [];
  for (let o = 0; o < offers; o++) {
    if (enterpriseOf[o] >= 0 || random() >= ENTERPRISE_OFFER_SHARE) continue;
    const e = enterpriseCapacity.length;
    const related = random() < 0.05 ? offerSpecialty[o] ^ 1 : offerSpecialty[o];
    const pool = bySpecialty[Math.min(related, SPECIALTIES - 1)];
    let places = 0;
    enterpriseOf[o] = e;
    places += offerPlaces[o];
    for (let k = 1 + Math.floor(random() * 4); k > 0; k--) {
      const other = pool[Math.floor(random() * pool.length)];
      if (enterpriseOf[other] >= 0) continue;
      enterpriseOf[other] = e;
      places += offerPlaces[other];
    }
    enterpriseCapacity.push(Math.max(1, Math.round(places * (0.6 + 0.4 * random()))));
  }

  const enterprises = enterpriseCapacity.length;
  const firstOffer = students;
  const firstEnterprise = students + offers;
  const sink = firstEnterprise + enterprises;
  const arcs = new ArcList(students * 30);
  const chosen = new Int32Array(offers).fill(-1);
  for (let i = 0; i < students; i++) {
    const specialty = studentSpecialty[i];
    const all = bySpecialty[specialty];
    const local = bySpecialtyRegion[specialty * REGIONS + studentRegion[i]];
    const addOffer = (o: number, cost: number) => {
      if (chosen[o] === i) return;
      chosen[o] = i;
      arcs.add(i, firstOffer + o, 1, cost);
    };
    for (let k = 1 + Math.floor(random() * 5), rank = 0; k > 0; k--, rank++) {
      const pool = local.length > 0 && random() < 0.7 ? local : all;
      addOffer(pool[Math.floor(random() * pool.length)], rank * 500 + Math.floor(random() * 500));
    }
    // A random window of the offers of the specialty in the region, at most REGION_LOCAL_ARCS.
    const from = Math.floor(random() * local.length);
    for (let k = 0; k < Math.min(REGION_LOCAL_ARCS, local.length); k++) {
      addOffer(local[(from + k) % local.length], 3000 + Math.floor(random() * 3000));
    }
    if (random() < WIDE_STUDENT_SHARE) {
      for (const o of all) addOffer(o, 5000 + Math.floor(random() * (MAX_QUALITY_COST - 5000)));
    }
    arcs.add(i, sink, 1, random() < 0.2 ? PRIORITY_BYPASS_COST : BYPASS_COST);
  }
  for (let o = 0; o < offers; o++) {
    const e = enterpriseOf[o];
    arcs.add(firstOffer + o, e >= 0 ? firstEnterprise + e : sink, offerPlaces[o], 0);
  }
  for (let e = 0; e < enterprises; e++) arcs.add(firstEnterprise + e, sink, enterpriseCapacity[e], 0);

  const problem = allocateFlowProblem(sink + 1, arcs.count, { shared: true });
  problem.tail.set(arcs.tail.subarray(0, arcs.count));
  problem.head.set(arcs.head.subarray(0, arcs.count));
  problem.capacity.set(arcs.capacity.subarray(0, arcs.count));
  problem.cost.set(arcs.cost.subarray(0, arcs.count));
  for (let i = 0; i < students; i++) problem.supply[i] = 1;
  problem.supply[sink] = -students;
  return problem;
}

/** Growable arc arrays. */
class ArcList {
  tail: Int32Array;
  head: Int32Array;
  capacity: Float64Array;
  cost: Float64Array;
  count = 0;

  constructor(initial: number) {
    this.tail = new Int32Array(initial);
    this.head = new Int32Array(initial);
    this.capacity = new Float64Array(initial);
    this.cost = new Float64Array(initial);
  }

  add(tail: number, head: number, capacity: number, cost: number): void {
    if (this.count === this.tail.length) this.grow();
    const a = this.count++;
    this.tail[a] = tail;
    this.head[a] = head;
    this.capacity[a] = capacity;
    this.cost[a] = cost;
  }

  private grow(): void {
    const size = this.tail.length * 2;
    const grown = <T extends Int32Array | Float64Array>(old: T, make: (n: number) => T): T => {
      const bigger = make(size);
      bigger.set(old as never);
      return bigger;
    };
    this.tail = grown(this.tail, (n) => new Int32Array(n));
    this.head = grown(this.head, (n) => new Int32Array(n));
    this.capacity = grown(this.capacity, (n) => new Float64Array(n));
    this.cost = grown(this.cost, (n) => new Float64Array(n));
  }
}

function groupBy(count: number, key: (i: number) => number, keys: number): number[][] {
  const groups: number[][] = Array.from({ length: keys }, () => []);
  for (let i = 0; i < count; i++) groups[key(i)].push(i);
  return groups;
}

function weightedPicker(weights: number[], random: () => number): () => number {
  const cumulative: number[] = [];
  let sum = 0;
  for (const w of weights) cumulative.push((sum += w));
  return () => {
    const x = random() * sum;
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid] < x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
}

/** Small seeded PRNG (uniform in [0, 1)). */
function mulberry32(seed: number): () => number {
  let a = seed | 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
