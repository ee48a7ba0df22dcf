/**
 * Per-offer cut-offs, as school-choice systems publish them: for every offer that admitted
 * someone, the lowest admitted score and where the last admitted student (the one the
 * enterprise ranks lowest) stands in the enterprise's order. A student who ranks above
 * `lastAdmitted` beats the cut-off. Offers follow the round's order.
 */
import type { Admissions } from './admissions.ts';
import type { EnterpriseOrder } from './enterprise-preference.ts';
import type { RoundModel } from './round-model.ts';
import type { Cutoff } from './schema.ts';

export function buildCutoffs(model: RoundModel, order: EnterpriseOrder, admissions: Admissions, assignment: Int32Array): Cutoff[] {
  const lowestScore = new Float64Array(model.offerCount).fill(Infinity);
  for (let s = 0; s < model.studentCount; s++) {
    const o = assignment[s];
    if (o >= 0) lowestScore[o] = Math.min(lowestScore[o], model.studentScore[s]);
  }
  const cutoffs: Cutoff[] = [];
  for (let o = 0; o < model.offerCount; o++) {
    const last = admissions.offerWorst[o];
    if (last < 0) continue;
    cutoffs.push({
      offer: model.round.offers[o].id,
      places: model.offerPlaces[o],
      admitted: admissions.offerLoad[o],
      lowestScore: lowestScore[o],
      lastAdmitted: order.admissionRank(model.offerEnterprise[o], last),
    });
  }
  return cutoffs;
}
