/**
 * The stable mechanism's list of offers for each student (spec, "Mechanisms"): the student's
 * compatible preferences in their order, then, unless `policy.preferredOnly`, the student's
 * other compatible offers by increasing distance, ties by offer id.
 *
 * - Distance is the great-circle km as published in the result (0.1 km): two offers the result
 *   shows at the same distance are ordered by id, so a student can retrace the order.
 * - "By offer id" compares the ids as strings (UTF-16 code units, JavaScript's `<`), so
 *   "O-10" comes before "O-9".
 * - Only live offers are on a list (compatibility.ts: places > 0 and enterprise capacity > 0);
 *   the others can take no one, so leaving them out changes nothing.
 *
 * Students often exhaust their preferences in a round short of places, so the rest of a
 * list (its "tail") is only worked out when a student reaches it:
 * - a short tail (a student who may only go to a few offers) is sorted on the spot, without
 *   the pairs the algorithm has already deleted (deletions are permanent);
 * - a long tail (mobility "country" or a wide maxKm) is walked in the distance order of the
 *   student's specialty from the student's college, computed once per college and specialty
 *   (all its students are at the same distance from an offer), skipping offers that are
 *   deleted, listed, or not compatible with this student. Most walks stop at the first
 *   few offers, so a long list is never sorted per student.
 */
import { preferencePosition, type CompatibilityLists, type OfferIndex } from './compatibility.ts';
import { greatCircleKm } from './geo.ts';
import type { RoundModel } from './round-model.ts';

/** Tails at most this long are sorted per student; longer ones are walked in a shared order. */
const SHORT_TAIL = 64;

export class StableStudentLists {
  private readonly model: RoundModel;
  /** Per student: index into its preferences (0..P-1), then P + index into its tail. */
  private readonly cursor: Int32Array;
  private readonly tailStart: Int32Array;
  /** Per student: length of its sorted tail, WALKED for a walked one, or UNBUILT. */
  private readonly tailLength: Int32Array;
  private tails = new Int32Array(1024);
  private tailsSize = 0;
  /** Position of each offer in the order of offer ids, and back: ties of distance, sort keys. */
  private readonly idRank: Int32Array;
  private readonly offerByIdRank: Int32Array;
  /**
   * The live offers of a specialty, nearest first from a college: where each order starts in
   * `orders`, keyed by college * specialtyCount + specialty. One growing buffer rather than
   * thousands of arrays: many small typed arrays make the garbage collector walk the round.
   */
  private readonly orderStart = new Map<number, number>();
  private orders = new Int32Array(1 << 16);
  private ordersSize = 0;
  private sortKeys = new Float64Array(1 << 12);

  constructor(private readonly index: OfferIndex, private readonly compatibility: CompatibilityLists) {
    const model = (this.model = index.model);
    const n = model.studentCount;
    this.cursor = new Int32Array(n);
    this.tailStart = new Int32Array(n);
    this.tailLength = new Int32Array(n).fill(UNBUILT);
        const ids = model.round.offers.map((o) => o.id);
    this.offerByIdRank = Int32Array.from(ids.keys()).sort((a, b) => (ids[a] < ids[b] ? -1 : ids[a] > ids[b] ? 1 : 0));
    this.idRank = new Int32Array(ids.length);
    this.offerByIdRank.forEach((o, rank) => (this.idRank[o] = rank));
  }

  /**
   * The offer student s proposes to next, or -1 when the list is exhausted. `isDeleted` says
   * which pairs the algorithm has deleted so far; the tail leaves them out.
   */
  current(s: number, isDeleted: (s: number, o: number) => boolean): number {
    const { preferenceStart, preferenceOffer } = this.model;
    const listed = preferenceStart[s + 1] - preferenceStart[s];
    let c = this.cursor[s];
    for (; c < listed; c++) {
      const o = preferenceOffer[preferenceStart[s] + c];
      if (this.isCompatible(s, o)) break;
    }
    this.cursor[s] = c;
    if (c < listed) return preferenceOffer[preferenceStart[s] + c];
    if (this.tailLength[s] === UNBUILT) this.buildTail(s, isDeleted);
    if (this.tailLength[s] === WALKED) return this.walk(s, listed, isDeleted);
    const t = c - listed;
    return t < this.tailLength[s] ? this.tails[this.tailStart[s] + t] : -1;
  }

  /** Moves student s past the offer `current` returned (it rejected them, or the pair is deleted). */
  advance(s: number): void {
    this.cursor[s]++;
  }

  /** Compatibility lists are sorted by offer index: a binary search. */
  private isCompatible(s: number, o: number): boolean {
    const offers = this.compatibility.offer;
    let low = this.compatibility.start[s];
    let high = this.compatibility.start[s + 1] - 1;
    while (low <= high) {
      const mid = (low + high) >> 1;
      if (offers[mid] === o) return true;
      if (offers[mid] < o) low = mid + 1;
      else high = mid - 1;
    }
    return false;
  }

  private buildTail(s: number, isDeleted: (s: number, o: number) => boolean): void {
    const { model, compatibility } = this;
    const from = compatibility.start[s];
    const to = compatibility.start[s + 1];
    if (to - from > SHORT_TAIL) {
      this.tailLength[s] = WALKED;
      return;
    }
    const keys = this.sortKeys;
    let size = 0;
    for (let k = from; k < to; k++) {
      const o = compatibility.offer[k];
      if (isDeleted(s, o) || preferencePosition(model, s, o) >= 0) continue;
      keys[size++] = this.distanceKey(s, o);
    }
    const sorted = keys.subarray(0, size).sort();
    if (this.tailsSize + size > this.tails.length) {
      const grown = new Int32Array(Math.max(2 * this.tails.length, this.tailsSize + size));
      grown.set(this.tails.subarray(0, this.tailsSize));
      this.tails = grown;
    }
    this.tailStart[s] = this.tailsSize;
    this.tailLength[s] = size;
    for (let i = 0; i < size; i++) this.tails[this.tailsSize++] = this.offerByIdRank[sorted[i] % model.offerCount];
  }

  /** One number that sorts by (distance in 0.1 km as published, id order); both parts exact integers. */
  private distanceKey(s: number, o: number): number {
    const { model } = this;
    const km = greatCircleKm(model.studentLat[s], model.studentLon[s], model.offerLat[o], model.offerLon[o]);
    return Math.round(km * 10) * model.offerCount + this.idRank[o];
  }

  /** The next offer of a walked tail, from the cursor on; -1 at its end. */
  private walk(s: number, listed: number, isDeleted: (s: number, o: number) => boolean): number {
    const specialty = this.model.studentSpecialty[s];
    const length = this.index.bySpecialty.start[specialty + 1] - this.index.bySpecialty.start[specialty];
    const key = this.model.studentCollege[s] * this.model.specialtyIndex.size + specialty;
    // In a round short of places, many students reach their tail when every offer left to
    // them is already deleted: they need no distance order at all.
    if (!this.orderStart.has(key) && !this.anyOfferLeft(s, isDeleted)) {
      this.cursor[s] = listed + length;
      return -1;
    }
    const start = this.distanceOrder(s, key);
    const orders = this.orders;
    let position = this.cursor[s] - listed;
    for (; position < length; position++) {
      const o = orders[start + position];
      if (!isDeleted(s, o) && this.isCompatible(s, o) && preferencePosition(this.model, s, o) < 0) break;
    }
    this.cursor[s] = listed + position;
    return position < length ? orders[start + position] : -1;
  }

  /** Is any unlisted compatible offer of student s not deleted yet? */
  private anyOfferLeft(s: number, isDeleted: (s: number, o: number) => boolean): boolean {
    const { compatibility } = this;
    for (let k = compatibility.start[s]; k < compatibility.start[s + 1]; k++) {
      const o = compatibility.offer[k];
      if (!isDeleted(s, o) && preferencePosition(this.model, s, o) < 0) return true;
    }
    return false;
  }

  /** Where the order of the student's specialty from the student's college (`key`) starts in `orders`. */
  private distanceOrder(s: number, key: number): number {
    const { model } = this;
    const specialty = model.studentSpecialty[s];
    const known = this.orderStart.get(key);
    if (known !== undefined) return known;
    const { start, offer } = this.index.bySpecialty;
    const length = start[specialty + 1] - start[specialty];
    if (this.sortKeys.length < length) this.sortKeys = new Float64Array(2 * length);
    const keys = this.sortKeys.subarray(0, length);
    for (let i = 0; i < length; i++) keys[i] = this.distanceKey(s, offer[start[specialty] + i]);
    keys.sort();
    if (this.ordersSize + length > this.orders.length) {
      const grown = new Int32Array(Math.max(2 * this.orders.length, this.ordersSize + length));
      grown.set(this.orders.subarray(0, this.ordersSize));
      this.orders = grown;
    }
    const at = this.ordersSize;
    for (let i = 0; i < length; i++) this.orders[at + i] = this.offerByIdRank[keys[i] % model.offerCount];
    this.ordersSize += length;
    this.orderStart.set(key, at);
    return at;
  }
}

const UNBUILT = -1;
const WALKED = -2;
