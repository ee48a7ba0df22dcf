/**
 * Why a student is unplaced: one of the spec's reasons, with a plain-language detail.
 *
 * The spec names the reasons but not how to choose between them when several rules are at
 * work, so dual-match decides (docs/policy.md, "Reasons"):
 * - `capacity`: the student has compatible offers with places, and all are taken;
 * - `no-offer`: no offer of the student's specialty has any place in the round;
 * - otherwise the offers of the specialty exist but none is compatible: the reason is the
 *   first of `score`, `language`, `distance` that every one of those offers fails; when no
 *   single rule excludes them all, the rules are applied in that order and the one that
 *   removes the last offers is the reason;
 * - `preferred-only`: offers pass every rule, but none of them is in the student's
 *   preferences and `policy.preferredOnly` is set.
 */
import { passesGeography, passesLanguage, passesScore, type CompatibilityLists, type OfferIndex } from './compatibility.ts';
import { greatCircleKm, roundKm } from './geo.ts';
import { MOBILITY_COUNTRY, MOBILITY_MAX_KM, type RoundModel } from './round-model.ts';
import type { UnplacedReason } from './schema.ts';

export interface UnplacedDiagnosis {
  reason: UnplacedReason;
  detail: string;
}

const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;

export function describeMobility(model: RoundModel, s: number): string {
  const home = model.round.regions[model.studentRegion[s]].code;
  switch (model.studentMobility[s]) {
    case MOBILITY_COUNTRY:
      return 'anywhere in the country';
    case MOBILITY_MAX_KM:
      return `own region ${home} or within ${model.studentMaxKm[s]} km`;
    default:
      return `own region ${home} only`;
  }
}

/** The nearest offer among `candidates`, for telling a student what wider mobility would open. */
function nearest(model: RoundModel, s: number, candidates: number[]): { offer: number; km: number } | null {
  let best: { offer: number; km: number } | null = null;
  for (const o of candidates) {
    const km = greatCircleKm(model.studentLat[s], model.studentLon[s], model.offerLat[o], model.offerLon[o]);
    if (!best || km < best.km || (km === best.km && o < best.offer)) best = { offer: o, km };
  }
  return best;
}

export function diagnoseUnplaced(index: OfferIndex, compatibility: CompatibilityLists, s: number): UnplacedDiagnosis {
  const { model } = index;
  const specialtyCode = model.round.specialties[model.studentSpecialty[s]].code;
  const compatibleCount = compatibility.start[s + 1] - compatibility.start[s];
  if (compatibleCount > 0) {
    let places = 0;
    for (let k = compatibility.start[s]; k < compatibility.start[s + 1]; k++) places += model.offerPlaces[compatibility.offer[k]];
    return {
      reason: 'capacity',
      detail:
        compatibleCount === 1
          ? `The one compatible offer (${plural(places, 'place')}) went to other students.`
          : `All ${plural(compatibleCount, 'compatible offer')} (${plural(places, 'place')}) went to other students.`,
    };
  }

  const specialtyOffers: number[] = [];
  const { start, offer } = index.bySpecialty;
  for (let i = start[model.studentSpecialty[s]]; i < start[model.studentSpecialty[s] + 1]; i++) specialtyOffers.push(offer[i]);
  if (specialtyOffers.length === 0) {
    return { reason: 'no-offer', detail: `No offer of specialty ${specialtyCode} has places in this round.` };
  }

  const rules: { reason: UnplacedReason; passes: (o: number) => boolean }[] = [
    { reason: 'score', passes: (o) => passesScore(model, s, o) },
    { reason: 'language', passes: (o) => passesLanguage(model, s, o) },
    { reason: 'distance', passes: (o) => passesGeography(model, s, o) },
  ];
  const excludesAll = rules.find((rule) => specialtyOffers.every((o) => !rule.passes(o)));
  let reason: UnplacedReason = 'preferred-only';
  if (excludesAll) reason = excludesAll.reason;
  else {
    let remaining = specialtyOffers;
    for (const rule of rules) {
      remaining = remaining.filter(rule.passes);
      if (remaining.length === 0) {
        reason = rule.reason;
        break;
      }
    }
  }
  const offers = plural(specialtyOffers.length, 'offer');
  switch (reason) {
    case 'score': {
      const lowest = Math.min(...specialtyOffers.map((o) => model.offerMinScore[o]));
      return { reason, detail: `${offers} of specialty ${specialtyCode} ${specialtyOffers.length === 1 ? 'requires' : 'require'} a higher score (lowest minimum ${lowest}; the student has ${model.studentScore[s]}).` };
    }
    case 'language': {
      const language = model.round.students[s].language;
      return { reason, detail: `${offers} of specialty ${specialtyCode} that the student's score allows ${language ? `do not accept language "${language}"` : 'require a language and the student gave none'}.` };
    }
    case 'distance': {
      const acceptable = specialtyOffers.filter((o) => passesScore(model, s, o) && passesLanguage(model, s, o));
      const near = nearest(model, s, acceptable.length > 0 ? acceptable : specialtyOffers);
      const hint = near
        ? ` The nearest${acceptable.length > 0 ? ' that would accept the student' : ''} is ${model.round.offers[near.offer].id} in ${model.round.regions[model.offerRegion[near.offer]].code}, ${roundKm(near.km)} km away.`
        : '';
      return { reason, detail: `None of the ${offers} of specialty ${specialtyCode} is within the student's reach (${describeMobility(model, s)}).${hint}` };
    }
    default: {
      const listed = model.preferenceStart[s + 1] - model.preferenceStart[s];
      return {
        reason: 'preferred-only',
        detail: `Only offers the student listed may be assigned (policy.preferredOnly), and ${listed === 0 ? 'the student listed none' : 'none of the listed offers is compatible'}.`,
      };
    }
  }
}
