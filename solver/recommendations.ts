/**
 * Recommendations: a ranked list of changes that would place more students, for offices and
 * enterprises (docs/policy.md, "Result extensions").
 *
 * - `add-places`: the cells whose gap is largest (new places there would place the most
 *   students). Only where the gap is known: optimal results.
 * - `lower-min-score` / `accept-languages`: offers with free places that unplaced students
 *   miss only because of that offer's minScore (or only because of its languages); they pass
 *   every other rule. `students` = min(blocked students, free places): how many the change
 *   would place directly.
 * - `unused-places`: cells in surplus, by their unused places.
 *
 * The first three kinds are ranked together by `students` (most first); unused places, which
 * place no one by themselves, come last, largest first. Each kind keeps its best
 * RECOMMENDATIONS_PER_KIND entries; ties keep the round's order.
 */
import { hasRoom, type Admissions } from './admissions.ts';
import { forEachReachableOffer, passesLanguage, passesScore, preferencePosition, type OfferIndex } from './compatibility.ts';
import type { Recommendation, ShortageCell } from './schema.ts';

export const RECOMMENDATIONS_PER_KIND = 20;

type Ranked = Recommendation & { students: number };

export function buildRecommendations(index: OfferIndex, admissions: Admissions, assignment: Int32Array, shortage: readonly ShortageCell[]): Recommendation[] {
  const relaxed = relaxedRules(index, admissions, assignment);
  const placing: Ranked[] = [...best(addPlaces(shortage)), ...best(relaxed.minScore), ...best(relaxed.languages)];
  placing.sort((a, b) => b.students - a.students); // stable: kinds and round order break ties
  const unused = shortage
    .filter((cell) => cell.unusedPlaces > 0)
    .map((cell): Recommendation => ({ kind: 'unused-places', specialty: cell.specialty, region: cell.region, places: cell.unusedPlaces }))
    .sort((a, b) => (b as { places: number }).places - (a as { places: number }).places)
    .slice(0, RECOMMENDATIONS_PER_KIND);
  return [...placing, ...unused];
}

/** The RECOMMENDATIONS_PER_KIND entries (of one kind) that place the most students. */
function best(items: Ranked[]): Ranked[] {
  return items.sort((a, b) => b.students - a.students).slice(0, RECOMMENDATIONS_PER_KIND);
}

function addPlaces(shortage: readonly ShortageCell[]): Ranked[] {
  return shortage
    .filter((cell) => (cell.gap ?? 0) > 0)
    .map((cell) => ({ kind: 'add-places', specialty: cell.specialty, region: cell.region, students: cell.gap! }));
}

/** Offers whose minScore (or language rule) alone keeps unplaced students out while places are free. */
function relaxedRules(index: OfferIndex, admissions: Admissions, assignment: Int32Array): { minScore: Ranked[]; languages: Ranked[] } {
  const { model } = index;
  const blockedByScore = new Int32Array(model.offerCount);
  const blockedByLanguage = new Int32Array(model.offerCount);
  const seen = new Int32Array(model.offerCount).fill(-1);
  let current = 0;
  const tally = (o: number) => {
    if (model.policy.preferredOnly && preferencePosition(model, current, o) < 0) return;
    const score = passesScore(model, current, o);
    const language = passesLanguage(model, current, o);
    if (!score && language) blockedByScore[o]++;
    if (score && !language) blockedByLanguage[o]++;
  };
  for (let s = 0; s < model.studentCount; s++) {
    if (assignment[s] >= 0) continue;
    current = s;
    forEachReachableOffer(index, s, tally, seen);
  }

  const minScore: Ranked[] = [];
  const languages: Ranked[] = [];
  for (let o = 0; o < model.offerCount; o++) {
    if ((blockedByScore[o] === 0 && blockedByLanguage[o] === 0) || !hasRoom(model, admissions, o)) continue;
    const e = model.offerEnterprise[o];
    const freePlaces = Math.min(model.offerPlaces[o] - admissions.offerLoad[o], model.enterpriseCapacity[e] - admissions.enterpriseLoad[e]);
    const offer = model.round.offers[o];
    if (blockedByScore[o] > 0) {
      const blocked = blockedByScore[o];
      minScore.push({ kind: 'lower-min-score', offer: offer.id, minScore: model.offerMinScore[o], blocked, freePlaces, students: Math.min(blocked, freePlaces) });
    }
    if (blockedByLanguage[o] > 0) {
      const blocked = blockedByLanguage[o];
      languages.push({ kind: 'accept-languages', offer: offer.id, languages: [...new Set(offer.languages ?? [])], blocked, freePlaces, students: Math.min(blocked, freePlaces) });
    }
  }
  return { minScore, languages };
}
