/**
 * Blocking pairs of an allocation, by the spec's definition (student-project allocation,
 * Abraham, Irving and Manlove 2007), read literally and independently of the mechanism.
 *
 * A compatible pair (s, o), o offered by enterprise E, blocks when s prefers o to its outcome
 * (any offer beats being unplaced) and
 *   (a) o has a free place and E has free capacity, or
 *   (b) o has a free place, E is full, and s already holds an offer of E or E prefers s to
 *       its worst admitted student, or
 *   (c) o is full and E prefers s to the worst student admitted to o.
 *
 * The pairs examined are every student with every compatible offer it prefers to its outcome.
 * Offers without places, or of an enterprise without capacity, are not on any compatibility
 * list and cannot block: they are full and have admitted no one to be preferred to.
 */
import { tallyAdmissions } from './admissions.ts';
import type { CompatibilityLists } from './compatibility.ts';
import { buildEnterpriseOrder } from './enterprise-preference.ts';
import type { RoundModel } from './round-model.ts';
import { studentPrefers } from './student-preference.ts';

export type BlockingCase = 'a' | 'b' | 'c';

export interface BlockingPair {
  student: number;
  offer: number;
  case: BlockingCase;
}

export interface BlockingPairs {
  /** The first `limit` pairs found, in student order. */
  pairs: BlockingPair[];
  /** How many there are in all. */
  count: number;
}

export function findBlockingPairs(model: RoundModel, compatibility: CompatibilityLists, assignment: Int32Array, limit = Infinity): BlockingPairs {
  const order = buildEnterpriseOrder(model);
  const { offerLoad, enterpriseLoad, offerWorst, enterpriseWorst } = tallyAdmissions(model, order, assignment);
  const pairs: BlockingPair[] = [];
  let count = 0;
  for (let s = 0; s < model.studentCount; s++) {
    const outcome = assignment[s];
    const heldEnterprise = outcome >= 0 ? model.offerEnterprise[outcome] : -1;
    for (let k = compatibility.start[s]; k < compatibility.start[s + 1]; k++) {
      const o = compatibility.offer[k];
      if (!studentPrefers(model, s, o, outcome)) continue;
      const e = model.offerEnterprise[o];
      const offerFree = offerLoad[o] < model.offerPlaces[o];
      const enterpriseFree = enterpriseLoad[e] < model.enterpriseCapacity[e];
      let blockingCase: BlockingCase | null = null;
      if (offerFree && enterpriseFree) blockingCase = 'a';
      else if (offerFree && (heldEnterprise === e || (enterpriseWorst[e] >= 0 && order.prefers(e, s, enterpriseWorst[e])))) blockingCase = 'b';
      else if (!offerFree && offerWorst[o] >= 0 && order.prefers(e, s, offerWorst[o])) blockingCase = 'c';
      if (blockingCase === null) continue;
      count++;
      if (pairs.length < limit) pairs.push({ student: s, offer: o, case: blockingCase });
    }
  }
  return { pairs, count };
}
