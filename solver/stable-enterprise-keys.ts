/**
 * The stable mechanism's order of students, per enterprise, as one integer per (enterprise,
 * student): lower is better. The spec's order is: the enterprise's `ranking` (listed students
 * first, in list order), then priority students, then higher score, then the lottery (one
 * number per student drawn from `policy.seed`, so every offer of an enterprise orders alike).
 *
 * Students an enterprise does not list are all ordered by (priority, score, lottery), the same
 * for every enterprise, so that order is sorted once into a "base rank"; an enterprise's key
 * is then the ranking position of a listed student, or (ranking length + base rank). Integer
 * keys keep the mechanism's heaps cheap.
 *
 * The stability checker deliberately does not use this: it compares students with its own
 * literal reading of the spec (enterprise-preference.ts), so a mistake here cannot hide.
 */
import { lotteryNumbers } from './lottery.ts';
import type { RoundModel } from './round-model.ts';

export interface EnterpriseKeys {
  /** key(e, s): the position of student s in enterprise e's order, lower is better. */
  keyOf: (e: number, s: number) => number;
  /** Students in the order every enterprise without a ranking uses (best first). */
  baseOrder: Int32Array;
}

export function buildEnterpriseKeys(model: RoundModel): EnterpriseKeys {
  const n = model.studentCount;
  const order = baseOrder(model);
  const baseRank = new Int32Array(n);
  for (let i = 0; i < n; i++) baseRank[order[i]] = i;

  const rankings = model.enterpriseRanking;
  const keyOf = (e: number, s: number) => {
    const ranking = rankings[e];
    if (ranking === null) return baseRank[s];
    const position = ranking.get(s);
    return position === undefined ? ranking.size + baseRank[s] : position;
  };
  return { keyOf, baseOrder: order };
}

/**
 * Students by (priority first, higher score, lower lottery number). Sorted as single exact
 * numbers (native sort, no comparator: this runs on 300,000 students): the score's rank
 * among the distinct scores, then the lottery number, which also tells the student.
 */
function baseOrder(model: RoundModel): Int32Array {
  const n = model.studentCount;
  const lottery = lotteryNumbers(n, model.policy.seed);
  const studentOfLottery = new Int32Array(n);
  for (let s = 0; s < n; s++) studentOfLottery[lottery[s]] = s;
  const scores = Float64Array.from(model.studentScore).sort();
  const keys = new Float64Array(n);
  for (let s = 0; s < n; s++) {
    const scoreRank = n - 1 - lastIndexOf(scores, model.studentScore[s]); // 0 = highest score
    keys[s] = ((1 - model.studentPriority[s]) * n + scoreRank) * n + lottery[s];
  }
  keys.sort();
  return Int32Array.from(keys, (key) => studentOfLottery[key % n]);
}

/** The last index of `value` in an ascending array that holds it. */
function lastIndexOf(sorted: Float64Array, value: number): number {
  let low = 0;
  let high = sorted.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if (sorted[mid] <= value) low = mid;
    else high = mid - 1;
  }
  return low;
}
