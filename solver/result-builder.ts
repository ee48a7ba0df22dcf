/**
 * Turns an assignment (the offer of every student, or -1) into a `dual-match/result@1`
 * document. Lists follow the round's student order, so equal assignments give equal bytes.
 *
 * Beyond the spec's fields it adds the additive extensions: per-offer `cutoffs`, the
 * shortage table's `gap` (optimal results: it is defined over the optimal flow, see
 * shortage-gap.ts and docs/policy.md) and the ranked `recommendations`.
 */
import { tallyAdmissions, type Admissions } from './admissions.ts';
import type { CompatibilityLists, OfferIndex } from './compatibility.ts';
import { preferencePosition } from './compatibility.ts';
import { buildCutoffs } from './cutoffs.ts';
import { buildEnterpriseOrder } from './enterprise-preference.ts';
import { greatCircleKm, roundKm } from './geo.ts';
import type { OptimalAllocation } from './optimal-mechanism.ts';
import { buildRecommendations } from './recommendations.ts';
import type { RoundModel } from './round-model.ts';
import { RESULT_FORMAT, type Assignment, type Cutoff, type Mechanism, type Result, type ShortageCell, type Summary, type Unplaced } from './schema.ts';
import { computeShortageGaps } from './shortage-gap.ts';
import { buildShortageTable } from './shortage-table.ts';
import { diagnoseUnplaced } from './unplaced-reason.ts';
import { SOLVER } from './version.ts';

export function buildSummary(model: RoundModel, assignment: Int32Array): Summary {
  let places = 0;
  for (let o = 0; o < model.offerCount; o++) places += model.offerPlaces[o];
  let placed = 0;
  let priorityPlaced = 0;
  let priorityStudents = 0;
  for (let s = 0; s < model.studentCount; s++) {
    const isPlaced = assignment[s] >= 0;
    if (isPlaced) placed++;
    if (model.studentPriority[s]) {
      priorityStudents++;
      if (isPlaced) priorityPlaced++;
    }
  }
  return { students: model.studentCount, places, placed, priorityPlaced, priorityStudents };
}

/** The shortage table, with the gap filled in when the optimal flow is at hand. */
export function buildShortageWithGaps(model: RoundModel, assignment: Int32Array, optimal?: OptimalAllocation): ShortageCell[] {
  const table = buildShortageTable(model, assignment);
  if (optimal) fillGaps(table, computeShortageGaps(model, optimal, table));
  return table;
}

function fillGaps(table: ShortageCell[], gaps: Int32Array): void {
  table.forEach((cell, c) => (cell.gap = gaps[c]));
}

/**
 * A result but for what may still be computed elsewhere meanwhile: the input hash and the
 * shortage gaps (solve-round.ts computes the gaps on a worker thread while this is built).
 */
export interface ResultDraft {
  model: RoundModel;
  mechanism: Mechanism;
  index: OfferIndex;
  assignment: Int32Array;
  assignments: Assignment[];
  unplaced: Unplaced[];
  admissions: Admissions;
  /** The shortage table, without gaps. */
  shortage: ShortageCell[];
  cutoffs: Cutoff[];
}

export function draftResult(
  model: RoundModel,
  mechanism: Mechanism,
  assignment: Int32Array,
  index: OfferIndex,
  compatibility: CompatibilityLists,
  shortage: ShortageCell[] = buildShortageTable(model, assignment),
): ResultDraft {
  const assignments: Assignment[] = [];
  const unplaced: Unplaced[] = [];
  for (let s = 0; s < model.studentCount; s++) {
    const student = model.round.students[s].id;
    const o = assignment[s];
    if (o >= 0) {
      const position = preferencePosition(model, s, o);
      const km = greatCircleKm(model.studentLat[s], model.studentLon[s], model.offerLat[o], model.offerLon[o]);
      assignments.push({ student, offer: model.round.offers[o].id, rank: position < 0 ? null : position + 1, km: roundKm(km) });
    } else {
      unplaced.push({ student, ...diagnoseUnplaced(index, compatibility, s) });
    }
  }
  const order = buildEnterpriseOrder(model);
  const admissions = tallyAdmissions(model, order, assignment);
  const cutoffs = buildCutoffs(model, order, admissions, assignment);
  return { model, mechanism, index, assignment, assignments, unplaced, admissions, shortage, cutoffs };
}

/** The result of a draft; `gaps` (optimal results) per cell of its shortage table. */
export function completeResult(draft: ResultDraft, hash: string, gaps?: Int32Array): Result {
  const { model, index, admissions, assignment, shortage } = draft;
  if (gaps) fillGaps(shortage, gaps);
  return {
    format: RESULT_FORMAT,
    round: model.round.round.id,
    mechanism: draft.mechanism,
    inputHash: hash,
    solver: { name: SOLVER.name, version: SOLVER.version },
    assignments: draft.assignments,
    unplaced: draft.unplaced,
    summary: buildSummary(model, assignment),
    shortage,
    cutoffs: draft.cutoffs,
    recommendations: buildRecommendations(index, admissions, assignment, shortage),
  };
}

export function buildResult(
  model: RoundModel,
  mechanism: Mechanism,
  hash: string,
  assignment: Int32Array,
  index: OfferIndex,
  compatibility: CompatibilityLists,
  optimal?: OptimalAllocation,
): Result {
  const draft = draftResult(model, mechanism, assignment, index, compatibility);
  return completeResult(draft, hash, optimal && computeShortageGaps(model, optimal, draft.shortage));
}
