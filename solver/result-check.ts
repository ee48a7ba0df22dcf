/**
 * Is a result file a valid result of its round? Checks, in order:
 *
 * - format: the `dual-match/result@1` schema; the round id; `inputHash` of the round file;
 * - completeness: every student of the round exactly once (assigned or unplaced), and only
 *   ids of the round;
 * - every assignment: compatible (the spec's rules 1-5, on an offer with places), `rank` and
 *   `km` as the round gives them;
 * - no offer over its places, no enterprise over its capacity;
 * - `summary` and the shortage table (all but `gap`) as the assignment gives them; each
 *   unplaced `reason` as docs/policy.md defines it; `cutoffs` when present;
 * - stable results: no blocking pair (stability-check.ts);
 * - unless `resolve: false`, the round is solved again: an optimal result must reach the
 *   optimum on all three levels (priority placed, placed, quality) and its `gap` column must
 *   match; a stable result must be the student-optimal stable allocation (the one the
 *   mechanism defines); `recommendations`, when present, must match.
 *
 * Problems are collected, not thrown: the report lists them all (up to a cap).
 */
import { countLoads, tallyAdmissions } from './admissions.ts';
import { compareObjectives, objectiveOf, type Objective } from './allocation-objective.ts';
import { buildCompatibility, buildOfferIndex, firstFailedRule, isLiveOffer, preferencePosition } from './compatibility.ts';
import { buildCutoffs } from './cutoffs.ts';
import { buildEnterpriseOrder } from './enterprise-preference.ts';
import { roundKm } from './geo.ts';
import { inputHash } from './input-hash.ts';
import { buildRecommendations } from './recommendations.ts';
import { buildShortageWithGaps, buildSummary } from './result-builder.ts';
import { assignmentOfResult } from './result-assignment.ts';
import { studentOfferKm, type RoundModel } from './round-model.ts';
import { ResultSchema, type Mechanism, type Result, type ShortageCell } from './schema.ts';
import { buildShortageTable } from './shortage-table.ts';
import { solveRound } from './solve-round.ts';
import { findBlockingPairs } from './stability-check.ts';
import { diagnoseUnplaced } from './unplaced-reason.ts';
import { formatPath } from './validate-round.ts';

export interface ResultProblem {
  /** A stable machine-readable code, e.g. `blocking-pair` (docs/policy.md lists them). */
  code: string;
  message: string;
}

export interface ResultCheckOptions {
  /** Solve the round again and compare (default true). */
  resolve?: boolean;
  threads?: number;
  /** The most problems kept in the report (default 200); `problemCount` counts them all. */
  limit?: number;
}

export interface ResultCheckReport {
  ok: boolean;
  mechanism: Mechanism | null;
  problems: ResultProblem[];
  problemCount: number;
  /** Stable results: how many blocking pairs there are. */
  blockingPairs: number | null;
  /** Whether the round was solved again to compare. */
  resolved: boolean;
}

class ProblemList {
  readonly items: ResultProblem[] = [];
  count = 0;
  constructor(private readonly limit: number) {}
  add(code: string, message: string): void {
    this.count++;
    if (this.items.length < this.limit) this.items.push({ code, message });
  }
}

const json = (value: unknown) => JSON.stringify(value);

/**
 * @param roundDocument the round file as read (for `inputHash`)
 * @param resultDocument the result file as read, not yet validated
 */
export async function checkResult(model: RoundModel, roundDocument: unknown, resultDocument: unknown, options: ResultCheckOptions = {}): Promise<ResultCheckReport> {
  const problems = new ProblemList(options.limit ?? 200);
  const report = (mechanism: Mechanism | null, blockingPairs: number | null, resolved: boolean): ResultCheckReport => ({
    ok: problems.count === 0,
    mechanism,
    problems: problems.items,
    problemCount: problems.count,
    blockingPairs,
    resolved,
  });

  const parsed = ResultSchema.safeParse(resultDocument);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) problems.add('schema', `${formatPath(issue.path) || '(file)'}: ${issue.message}`);
    return report(null, null, false);
  }
  const result = parsed.data;
  if (result.round !== model.round.round.id) problems.add('round-id', `the result is of round "${result.round}", the round file is "${model.round.round.id}"`);
  const hash = inputHash(roundDocument);
  if (result.inputHash !== hash) problems.add('input-hash', `inputHash ${result.inputHash} is not the round file's ${hash}`);

  const { assignment, problems: listing } = assignmentOfResult(model, result);
  for (const problem of listing) problems.add(problem.code, problem.message);

  checkAssignments(model, result, problems);
  checkLoads(model, assignment, problems);
  const index = buildOfferIndex(model);
  const compatibility = buildCompatibility(index);
  checkTotals(model, result, assignment, problems);
  result.unplaced.forEach((entry, i) => {
    const s = model.studentIndex.get(entry.student);
    if (s === undefined || assignment[s] >= 0) return;
    const expected = diagnoseUnplaced(index, compatibility, s).reason;
    if (entry.reason !== expected) problems.add('reason', `unplaced[${i}]: student "${entry.student}" is given reason "${entry.reason}", the round gives "${expected}"`);
  });
  const order = buildEnterpriseOrder(model);
  const admissions = tallyAdmissions(model, order, assignment);
  if (result.cutoffs) compareLists('cutoffs', result.cutoffs, buildCutoffs(model, order, admissions, assignment), problems);

  let blockingPairs: number | null = null;
  if (result.mechanism === 'stable') {
    const found = findBlockingPairs(model, compatibility, assignment, 20);
    blockingPairs = found.count;
    for (const pair of found.pairs) {
      problems.add('blocking-pair', `student "${model.round.students[pair.student].id}" and offer "${model.round.offers[pair.offer].id}" block (case ${pair.case} of the spec's definition)`);
    }
    if (found.count > found.pairs.length) problems.add('blocking-pair', `... and ${found.count - found.pairs.length} more blocking pairs`);
  }

  const resolve = options.resolve ?? true;
  if (resolve && listing.length === 0) {
    const fresh = await solveRound(model, { mechanism: result.mechanism, threads: options.threads });
    if (result.mechanism === 'optimal') {
      compareOptimum(objectiveOf(model, assignment), objectiveOf(model, fresh.assignment), problems);
      // The gap does not depend on which optimal solution it is computed from.
      const shortage = buildShortageWithGaps(model, assignment, fresh.optimal);
      result.shortage.forEach((cell, c) => {
        const same = shortage[c] && shortage[c].specialty === cell.specialty && shortage[c].region === cell.region;
        if (cell.gap !== undefined && same && cell.gap !== shortage[c].gap) {
          problems.add('gap', `shortage cell ${cell.specialty}/${cell.region}: gap ${cell.gap}, the optimal solution's residual network gives ${shortage[c].gap}`);
        }
      });
      if (result.recommendations) compareLists('recommendations', result.recommendations, buildRecommendations(index, admissions, assignment, shortage), problems);
    } else {
      let differ = 0;
      for (let s = 0; s < model.studentCount; s++) if (fresh.assignment[s] !== assignment[s]) differ++;
      if (differ > 0) problems.add('not-student-optimal', `${differ} students are placed differently from the student-optimal stable allocation that deferred acceptance gives`);
    }
  }
  if (result.mechanism === 'stable' && result.recommendations) {
    compareLists('recommendations', result.recommendations, buildRecommendations(index, admissions, assignment, buildShortageTable(model, assignment)), problems);
  }
  return report(result.mechanism, blockingPairs, resolve && listing.length === 0);
}

function checkAssignments(model: RoundModel, result: Result, problems: ProblemList): void {
  result.assignments.forEach((entry, i) => {
    const s = model.studentIndex.get(entry.student);
    const o = model.offerIndex.get(entry.offer);
    if (s === undefined || o === undefined) return;
    const where = `assignments[${i}] (${entry.student} on ${entry.offer})`;
    const rule = firstFailedRule(model, s, o);
    if (rule !== null) problems.add('incompatible', `${where}: the pair fails the ${rule} rule`);
    else if (!isLiveOffer(model, o)) problems.add('incompatible', `${where}: the offer has no places (or its enterprise no capacity)`);
    const position = preferencePosition(model, s, o);
    const rank = position < 0 ? null : position + 1;
    if (entry.rank !== rank) problems.add('rank', `${where}: rank ${entry.rank}, the student's preferences give ${rank}`);
    const km = roundKm(studentOfferKm(model, s, o));
    if (entry.km !== km) problems.add('km', `${where}: km ${entry.km}, the round gives ${km}`);
  });
}

function checkLoads(model: RoundModel, assignment: Int32Array, problems: ProblemList): void {
  const { offerLoad, enterpriseLoad } = countLoads(model, assignment);
  for (let o = 0; o < model.offerCount; o++) {
    if (offerLoad[o] > model.offerPlaces[o]) problems.add('offer-over-places', `offer "${model.round.offers[o].id}" has ${offerLoad[o]} students for ${model.offerPlaces[o]} places`);
  }
  for (let e = 0; e < model.enterpriseCount; e++) {
    if (enterpriseLoad[e] > model.enterpriseCapacity[e]) {
      problems.add('enterprise-over-capacity', `enterprise "${model.round.enterprises[e].id}" has ${enterpriseLoad[e]} students for a capacity of ${model.enterpriseCapacity[e]}`);
    }
  }
}

function checkTotals(model: RoundModel, result: Result, assignment: Int32Array, problems: ProblemList): void {
  const summary = buildSummary(model, assignment);
  for (const key of Object.keys(summary) as (keyof typeof summary)[]) {
    if (result.summary[key] !== summary[key]) problems.add('summary', `summary.${key} is ${result.summary[key]}, the assignment gives ${summary[key]}`);
  }
  const withoutGap = ({ gap: _gap, ...cell }: ShortageCell) => cell;
  compareLists('shortage', result.shortage.map(withoutGap), buildShortageTable(model, assignment), problems);
}

/** Entry by entry; extra fields of the result's entries are ignored (additive extensions). */
function compareLists<T extends object>(name: string, given: readonly T[], expected: readonly T[], problems: ProblemList): void {
  if (given.length !== expected.length) {
    problems.add(name, `${name} has ${given.length} entries, the assignment gives ${expected.length}`);
    return;
  }
  given.forEach((entry, i) => {
    const known = Object.fromEntries(Object.keys(expected[i]).map((key) => [key, (entry as Record<string, unknown>)[key]]));
    if (json(known) !== json(expected[i])) problems.add(name, `${name}[${i}] is ${json(entry)}, the assignment gives ${json(expected[i])}`);
  });
}

function compareOptimum(given: Objective, optimum: Objective, problems: ProblemList): void {
  if (compareObjectives(given, optimum) >= 0) return;
  problems.add(
    'not-optimal',
    `the allocation is not optimal: it places ${given.priorityPlaced} priority students and ${given.placed} in all at quality cost ${given.quality}; ` +
      `the optimum places ${optimum.priorityPlaced} and ${optimum.placed} at cost ${optimum.quality}`,
  );
}
