/**
 * An enterprise's order of students, read literally from the spec: its `ranking` when given
 * (listed students first, in list order; unlisted ones after), then priority students, then
 * higher score, then the lottery drawn from `policy.seed` (one number per student, lower is
 * luckier). The same order serves every offer of the enterprise.
 *
 * This is the analysis side's reading (stability checker, cut-offs, explanations, justified
 * envy); the mechanism uses integer keys built separately (stable-enterprise-keys.ts).
 */
import { lotteryNumbers } from './lottery.ts';
import type { RoundModel } from './round-model.ts';
import type { AdmissionRank } from './schema.ts';

/** The criteria of the order, in the order they apply. */
export type OrderCriterion = 'ranking' | 'priority' | 'score' | 'lottery';

export interface EnterpriseOrder {
  /** Does enterprise e rank student a strictly above student b? */
  prefers(e: number, a: number, b: number): boolean;
  /** The first criterion on which e's order tells a and b apart. */
  decidingCriterion(e: number, a: number, b: number): OrderCriterion;
  /** Where student s stands for enterprise e, as published in cut-offs. */
  admissionRank(e: number, s: number): AdmissionRank;
}

export function buildEnterpriseOrder(model: RoundModel): EnterpriseOrder {
  const lottery = lotteryNumbers(model.studentCount, model.policy.seed);
  const position = (e: number, s: number) => model.enterpriseRanking[e]?.get(s);

  /** Negative when e ranks a above b; the criterion that decides. */
  const compare = (e: number, a: number, b: number): [number, OrderCriterion] => {
    const pa = position(e, a);
    const pb = position(e, b);
    if (pa !== pb) {
      if (pa === undefined) return [1, 'ranking'];
      if (pb === undefined) return [-1, 'ranking'];
      return [pa - pb, 'ranking'];
    }
    if (model.studentPriority[a] !== model.studentPriority[b]) return [model.studentPriority[b] - model.studentPriority[a], 'priority'];
    if (model.studentScore[a] !== model.studentScore[b]) return [model.studentScore[b] - model.studentScore[a], 'score'];
    return [lottery[a] - lottery[b], 'lottery'];
  };

  return {
    prefers: (e, a, b) => a !== b && compare(e, a, b)[0] < 0,
    decidingCriterion: (e, a, b) => compare(e, a, b)[1],
    admissionRank: (e, s) => {
      const p = position(e, s);
      return {
        ranking: p === undefined ? null : p + 1,
        priority: model.studentPriority[s] === 1,
        score: model.studentScore[s],
        lottery: lottery[s] + 1,
      };
    },
  };
}
