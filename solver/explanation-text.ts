/**
 * Words a structured explanation (explanation.ts) in English, one line per fact. The server
 * and the widget word the same codes in Kazakh and Russian; docs/explanations.md is the
 * reference for what each code and field means.
 */
import type { OrderCriterion } from './enterprise-preference.ts';
import type { BetterOffer, StudentExplanation, UnplacedFacts, WhyNot } from './explanation.ts';
import type { AdmissionRank } from './schema.ts';

export function ordinal(n: number): string {
  const tens = n % 100;
  const suffix = tens >= 11 && tens <= 13 ? 'th' : n % 10 === 1 ? 'st' : n % 10 === 2 ? 'nd' : n % 10 === 3 ? 'rd' : 'th';
  return `${n}${suffix}`;
}

const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;
const choice = (rank: number | null) => (rank === null ? 'not in your preferences' : `your ${ordinal(rank)} choice`);

export function renderExplanation(explanation: StudentExplanation): string {
  const lines: string[] = [];
  const { outcome } = explanation;
  if (outcome.kind === 'placed') {
    lines.push(`${explanation.student} is placed on ${outcome.offer} (${choice(outcome.rank)}, ${outcome.km} km) by the ${explanation.mechanism} mechanism.`);
  } else {
    lines.push(`${explanation.student} is not placed (reason: ${outcome.reason}). ${outcome.detail}`);
  }
  if (explanation.betterOffers.length > 0) {
    lines.push(outcome.kind === 'placed' ? 'Offers you ranked higher, and why you are not there:' : 'Offers open to you, and why you are not there:');
    for (const better of explanation.betterOffers) lines.push(`  - ${offerLabel(better)}: ${whyNot(better.why)}`);
    if (explanation.moreBetterOffers > 0) lines.push(`  - and ${plural(explanation.moreBetterOffers, 'more offer')} farther away, for the same kinds of reasons.`);
  }
  if (explanation.unplacedFacts) lines.push(...unplacedFacts(explanation.unplacedFacts));
  return lines.join('\n');
}

function offerLabel(better: BetterOffer): string {
  return `${better.offer} (${choice(better.rank)}, ${better.km} km)`;
}

function whyNot(why: WhyNot): string {
  switch (why.kind) {
    case 'not-compatible':
      switch (why.rule) {
        case 'score':
          return `it requires a score of ${why.minScore}; you have ${why.score}.`;
        case 'language':
          return `it accepts ${why.languages!.join(', ')}; ${why.language ? `your language is ${why.language}` : 'you gave no language'}.`;
        case 'distance':
          return `it is ${why.km} km away, beyond your mobility (${why.mobility}).`;
        case 'specialty':
          return 'it is for another specialty.';
        default:
          return 'only offers you listed may be assigned.';
      }
    case 'no-places':
      return 'it has no places in this round.';
    case 'full-cutoff':
      return `full (${why.admitted} of ${plural(why.places, 'place')}); the last student it admitted ranks above you: ${criterion(why.decidedBy, why.cutoff, why.you)}.`;
    case 'enterprise-full-cutoff':
      return `it had a free place, but its enterprise ${why.enterprise} was at its capacity (${why.admitted} of ${why.capacity}) and the last student the enterprise admitted ranks above you: ${criterion(why.decidedBy, why.cutoff, why.you)}.`;
    case 'full-no-alternative':
      return `${fullness(why.scope, why.enterprise, why.admitted, why.limit)} with students who have no alternative: making room for you would leave someone unplaced.`;
    case 'full-stronger-claim':
      return `${fullness(why.scope, why.enterprise, why.admitted, why.limit)} with students who have a stronger claim: room could be made, but the allocation would be worse overall (priority, places, preferences, distance and scores, in that order).`;
    case 'costlier':
      return `it had a free place, but it is ${why.km} km away against ${why.currentKm} km where you are: the allocation weighs that extra distance more than the step down your list (cost ${why.cost} against ${why.currentCost}).`;
    case 'open':
      return 'it would have taken you: this result is not what the mechanism gives (run dual-match check).';
  }
}

function fullness(scope: 'offer' | 'enterprise', enterprise: string, admitted: number, limit: number): string {
  return scope === 'offer' ? `full (${admitted} of ${plural(limit, 'place')})` : `its enterprise ${enterprise} is at its capacity (${admitted} of ${limit})`;
}

/** How the enterprise's order told the last admitted student and you apart. */
function criterion(by: OrderCriterion, cutoff: AdmissionRank, you: AdmissionRank): string {
  switch (by) {
    case 'ranking':
      return `the enterprise ranks them ${cutoff.ranking === null ? 'unlisted' : `${ordinal(cutoff.ranking)}`} and you ${you.ranking === null ? 'not at all' : ordinal(you.ranking)}`;
    case 'priority':
      return 'they are in a social-priority category and you are not';
    case 'score':
      return `a higher score (${cutoff.score} against your ${you.score})`;
    case 'lottery':
      return `an equal score, and the lottery drew them first (their number ${cutoff.lottery}, yours ${you.lottery})`;
  }
}

function unplacedFacts(facts: UnplacedFacts): string[] {
  const lines = [
    `Offers of your specialty with places: ${facts.specialtyOffers}; compatible with you: ${facts.compatibleOffers} (${plural(facts.compatiblePlaces, 'place')}). Your mobility: ${facts.mobility}.`,
  ];
  if (facts.lowestMinScore !== undefined) lines.push(`The lowest minimum score among them is ${facts.lowestMinScore}.`);
  const wider = facts.nearestWider;
  if (wider) {
    lines.push(`With wider mobility: ${wider.offer} in ${wider.region}, ${wider.km} km away, would have accepted you (${wider.because === 'free-place' ? 'it had a free place' : 'you rank above its cut-off'}).`);
  }
  return lines;
}
