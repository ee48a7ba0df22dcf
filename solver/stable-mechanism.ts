/**
 * The stable mechanism: student-proposing deferred acceptance for the student-project
 * allocation problem, exactly the SPA-student algorithm of Abraham, Irving and Manlove
 * ("Two algorithms for the Student-Project Allocation problem", J. Discrete Algorithms 5, 2007).
 * Offers are the projects (capacity `places`), enterprises the lecturers (capacity `capacity`,
 * one ranking of students for all their offers).
 *
 *   while some student s is free and has a non-empty list:
 *     o = first offer on s's list, E = its enterprise; provisionally assign s to o
 *     if o is over-subscribed:      reject the worst student assigned to o
 *     else if E is over-subscribed: reject the worst student assigned to E (from their offer)
 *     if o is full: delete (t, o) for every t E ranks below the worst student assigned to o
 *     if E is full: delete (t, o') for every t E ranks below the worst student assigned to E,
 *                   and every offer o' of E
 *
 * The result is the student-optimal stable allocation: no blocking pair in the spec's sense
 * (a)/(b)/(c), and every student weakly prefers it to any other stable allocation. The
 * deleted pairs belong to no stable allocation (the paper's lemma); deleting them spares
 * students proposals that could only be rejected: a full enterprise stays full and only
 * ever trades its last student for a better one.
 *
 * Deletions are kept implicitly, as thresholds: "delete every t ranked below the worst of o"
 * only ever tightens (every student later assigned to o ranks above the previous threshold),
 * so a pair (s, o) is deleted exactly when key(E, s) > cut[o] or key(E, s) > cut[E], with
 * each cut the best "worst student" seen when o (E) was full. A rejected student's pair with
 * the offer that rejected them is always covered by those cuts, so each student just walks
 * down their list once: the whole run is linear in the list entries looked at, times a log
 * for the heaps.
 */
import type { CompatibilityLists, OfferIndex } from './compatibility.ts';
import { GroupedMaxHeaps } from './grouped-max-heaps.ts';
import type { ProgressListener } from './progress.ts';
import { buildEnterpriseKeys } from './stable-enterprise-keys.ts';
import { StableStudentLists } from './stable-student-lists.ts';

export interface StableAllocation {
  /** The offer of every student of the round, or -1. */
  assignment: Int32Array;
}

const NO_CUT = 0x7fffffff;

export function solveStable(index: OfferIndex, compatibility: CompatibilityLists, options: { onProgress?: ProgressListener } = {}): StableAllocation {
  const { model } = index;
  const n = model.studentCount;
  const { offerPlaces, offerEnterprise, enterpriseCapacity, enterprisePlaces } = model;
  const { keyOf, baseOrder } = buildEnterpriseKeys(model);
  const lists = new StableStudentLists(index, compatibility);

  // An enterprise whose capacity is at least its places can only be full when all its offers
  // are, and then its deletions are implied by theirs: it needs no bookkeeping of its own.
  const binding = new Uint8Array(model.enterpriseCount);
  for (let e = 0; e < model.enterpriseCount; e++) binding[e] = enterpriseCapacity[e] < enterprisePlaces[e] ? 1 : 0;

  /** Per student: its key for the enterprise of the offer it holds (what the heaps order by). */
  const heldKey = new Int32Array(n);
  const offerHeaps = new GroupedMaxHeaps(Int32Array.from(offerPlaces, (places) => places + 1), n, heldKey);
  const enterpriseHeaps = new GroupedMaxHeaps(Int32Array.from(enterpriseCapacity, (capacity, e) => (binding[e] ? capacity + 1 : 0)), n, heldKey);
  const offerCut = new Int32Array(model.offerCount).fill(NO_CUT);
  const enterpriseCut = new Int32Array(model.enterpriseCount).fill(NO_CUT);
  const isDeleted = (s: number, o: number) => {
    const e = offerEnterprise[o];
    const key = keyOf(e, s);
    return key > offerCut[o] || key > enterpriseCut[e];
  };

  const assignment = new Int32Array(n).fill(-1);
  // Free students; a student is pushed again only after a rejection, so n slots suffice.
  // The outcome does not depend on who proposes first, the work does: best students first
  // (in the order enterprises without a ranking share) means most proposals are never
  // undone, and full offers are skipped through their cuts without a proposal.
  const free = new Int32Array(n);
  let freeCount = 0;
  for (let i = n - 1; i >= 0; i--) free[freeCount++] = baseOrder[i];
  let proposals = 0;
  const progressEvery = Math.max(1, n);

  while (freeCount > 0) {
    const s = free[--freeCount];
    for (;;) {
      const o = lists.current(s, isDeleted);
      if (o < 0) break; // list exhausted: s stays unplaced
      const e = offerEnterprise[o];
      const key = keyOf(e, s);
      if (key > offerCut[o] || key > enterpriseCut[e]) {
        lists.advance(s);
        continue;
      }
      if (++proposals % progressEvery === 0) options.onProgress?.({ phase: 'stable', fraction: Math.min(0.99, 1 - freeCount / n) });

      heldKey[s] = key;
      assignment[s] = o;
      offerHeaps.push(o, s);
      if (binding[e]) enterpriseHeaps.push(e, s);

      let rejected = -1;
      if (offerHeaps.count(o) > offerPlaces[o]) {
        rejected = offerHeaps.top(o);
        offerHeaps.remove(o, rejected);
        if (binding[e]) enterpriseHeaps.remove(e, rejected);
      } else if (binding[e] && enterpriseHeaps.count(e) > enterpriseCapacity[e]) {
        rejected = enterpriseHeaps.top(e);
        enterpriseHeaps.remove(e, rejected);
        offerHeaps.remove(assignment[rejected], rejected);
      }
      if (offerHeaps.count(o) === offerPlaces[o]) offerCut[o] = Math.min(offerCut[o], heldKey[offerHeaps.top(o)]);
      if (binding[e] && enterpriseHeaps.count(e) === enterpriseCapacity[e]) {
        enterpriseCut[e] = Math.min(enterpriseCut[e], heldKey[enterpriseHeaps.top(e)]);
      }
      if (rejected >= 0) {
        assignment[rejected] = -1;
        lists.advance(rejected);
        free[freeCount++] = rejected;
      }
      break;
    }
  }
  options.onProgress?.({ phase: 'stable', fraction: 1 });
  return { assignment };
}
