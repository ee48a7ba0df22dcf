/**
 * Why each student's outcome is what it is, as structured items `{ code, ...facts }` that the
 * widget words in the reader's language (docs/api.md, "Explanations"). Worked out once per
 * run, in the worker, from the solved round; the lookup endpoint then only reads them.
 *
 * The reason for an unplaced student is the solver's (unplaced-reason.ts); this adds the facts
 * behind it and what became of the student's listed choices.
 */
import { firstFailedRule, passesLanguage, passesScore, type CompatibilityLists, type OfferIndex } from '../../solver/compatibility.ts';
import { greatCircleKm, roundKm } from '../../solver/geo.ts';
import type { Result, UnplacedReason } from '../../solver/schema.ts';

export interface Explanation {
  code: string;
  [fact: string]: string | number;
}

/** Enough of a student's list to say why the top choices did not work out. */
const CHOICES_EXPLAINED = 5;

export class RunExplainer {
  /**
   * The lowest admitted score per offer index, for the stable mechanism, where offers admit in
   * order of merit and a cut-off explains a missed choice. The optimal mechanism weighs
   * everyone's preferences together, so there a missed choice was simply taken.
   */
  private readonly lowestAdmitted = new Map<number, number>();

  constructor(
    private readonly index: OfferIndex,
    private readonly compatibility: CompatibilityLists,
    result: Result,
  ) {
    if (result.mechanism !== 'stable') return;
    for (const cutoff of result.cutoffs ?? []) this.lowestAdmitted.set(index.model.offerIndex.get(cutoff.offer)!, cutoff.lowestScore);
  }

  /** Student s placed on offer o (rank: 1-based position in their list, null off-list). */
  placed(s: number, rank: number | null): Explanation[] {
    if (rank === 1) return [{ code: 'first-choice' }];
    const items = this.missedChoices(s, rank === null ? Infinity : rank - 1);
    if (rank === null) items.push({ code: 'off-list' });
    return items;
  }

  unplaced(s: number, reason: UnplacedReason): Explanation[] {
    return [...this.missedChoices(s, Infinity), this.reasonItem(s, reason)];
  }

  /** What became of the student's listed choices before position `before` (0-based). */
  private missedChoices(s: number, before: number): Explanation[] {
    const { model } = this.index;
    const items: Explanation[] = [];
    const start = model.preferenceStart[s];
    const end = Math.min(model.preferenceStart[s + 1], start + before, start + CHOICES_EXPLAINED);
    for (let i = start; i < end; i++) {
      const o = model.preferenceOffer[i];
      const fact = { rank: i - start + 1, offer: model.round.offers[o].id };
      const rule = firstFailedRule(model, s, o);
      const score = model.studentScore[s];
      if (rule === 'score') items.push({ code: 'choice-cutoff', ...fact, cutoff: model.offerMinScore[o], score });
      else if (rule !== null) items.push({ code: `choice-${rule}`, ...fact });
      else if ((this.lowestAdmitted.get(o) ?? -Infinity) > score) items.push({ code: 'choice-cutoff', ...fact, cutoff: this.lowestAdmitted.get(o)!, score });
      else items.push({ code: 'choice-full', ...fact });
    }
    return items;
  }

  private reasonItem(s: number, reason: UnplacedReason): Explanation {
    const { model } = this.index;
    const specialty = model.round.specialties[model.studentSpecialty[s]].code;
    switch (reason) {
      case 'capacity': {
        let places = 0;
        for (let k = this.compatibility.start[s]; k < this.compatibility.start[s + 1]; k++) places += model.offerPlaces[this.compatibility.offer[k]];
        return { code: 'capacity', offers: this.compatibility.start[s + 1] - this.compatibility.start[s], places };
      }
      case 'score':
        return { code: 'score', specialty, minScore: Math.min(...this.specialtyOffers(s).map((o) => model.offerMinScore[o])), score: model.studentScore[s] };
      case 'distance': {
        const offers = this.specialtyOffers(s);
        const acceptable = offers.filter((o) => passesScore(model, s, o) && passesLanguage(model, s, o));
        const km = Math.min(...(acceptable.length > 0 ? acceptable : offers).map((o) => greatCircleKm(model.studentLat[s], model.studentLon[s], model.offerLat[o], model.offerLon[o])));
        return { code: 'distance', specialty, km: roundKm(km) };
      }
      default:
        return { code: reason, specialty };
    }
  }

  /** The offers of the student's specialty that have places (the offer index keeps only those). */
  private specialtyOffers(s: number): number[] {
    const { start, offer } = this.index.bySpecialty;
    const specialty = this.index.model.studentSpecialty[s];
    return Array.from(offer.subarray(start[specialty], start[specialty + 1]));
  }
}
