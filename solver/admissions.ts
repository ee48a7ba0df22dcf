/**
 * Who an allocation admitted where: the load of every offer and enterprise, and the student
 * each ranks last among those it admitted (in the enterprise's order). The stability checker,
 * the cut-offs, the explanations and the justified-envy count all start from this.
 */
import type { EnterpriseOrder } from './enterprise-preference.ts';
import type { RoundModel } from './round-model.ts';

export interface Admissions {
  offerLoad: Int32Array;
  enterpriseLoad: Int32Array;
  /** Per offer: its admitted student the enterprise ranks last, or -1 when it admitted no one. */
  offerWorst: Int32Array;
  /** Per enterprise: its admitted student (over all its offers) it ranks last, or -1. */
  enterpriseWorst: Int32Array;
}

/** How many students the assignment puts on each offer and each enterprise. */
export function countLoads(model: RoundModel, assignment: Int32Array): Pick<Admissions, 'offerLoad' | 'enterpriseLoad'> {
  const offerLoad = new Int32Array(model.offerCount);
  const enterpriseLoad = new Int32Array(model.enterpriseCount);
  for (const o of assignment) {
    if (o < 0) continue;
    offerLoad[o]++;
    enterpriseLoad[model.offerEnterprise[o]]++;
  }
  return { offerLoad, enterpriseLoad };
}

export function tallyAdmissions(model: RoundModel, order: EnterpriseOrder, assignment: Int32Array): Admissions {
  const offerLoad = new Int32Array(model.offerCount);
  const enterpriseLoad = new Int32Array(model.enterpriseCount);
  const offerWorst = new Int32Array(model.offerCount).fill(-1);
  const enterpriseWorst = new Int32Array(model.enterpriseCount).fill(-1);
  for (let s = 0; s < model.studentCount; s++) {
    const o = assignment[s];
    if (o < 0) continue;
    const e = model.offerEnterprise[o];
    offerLoad[o]++;
    enterpriseLoad[e]++;
    if (offerWorst[o] < 0 || order.prefers(e, offerWorst[o], s)) offerWorst[o] = s;
    if (enterpriseWorst[e] < 0 || order.prefers(e, enterpriseWorst[e], s)) enterpriseWorst[e] = s;
  }
  return { offerLoad, enterpriseLoad, offerWorst, enterpriseWorst };
}

/** Can offer o take one more student without exceeding its places or its enterprise's capacity? */
export function hasRoom(model: RoundModel, admissions: Admissions, o: number): boolean {
  return admissions.offerLoad[o] < model.offerPlaces[o] && admissions.enterpriseLoad[model.offerEnterprise[o]] < model.enterpriseCapacity[model.offerEnterprise[o]];
}
