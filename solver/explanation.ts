/**
 * Why a student got what they got, as structured data: codes (`kind`) with their facts, so
 * that the server and the widget can word them in any language (docs/explanations.md lists
 * the codes; explanation-text.ts words them in English).
 *
 * For every offer the student ranks above their outcome (in the student's list order: their
 * preferences, then for unlisted offers by distance) it says why the student is not there:
 * - any mechanism: the offer fails one of the compatibility rules, or has no places;
 * - stable: the offer was full and its last admitted student ranks above the student (the
 *   cut-off), or it had a free place but its enterprise was full and the enterprise's last
 *   admitted student ranks above the student;
 * - optimal: the offer was full (or its enterprise), and either the students there have no
 *   alternative (making room would leave someone unplaced), or they have a stronger claim
 *   (room could be made, but the allocation would be worse by the objective: priority,
 *   then students placed, then preferences, distance and merit); or the offer had room but
 *   placing the student there costs more by the objective (it is farther away).
 * Unplaced students also get the facts behind their reason: offers of their specialty, the
 * compatible ones and their places, and the nearest offer beyond their mobility that would
 * have accepted them.
 *
 * An offer that would have taken the student (`open`) means the result is not what the
 * mechanism gives (a blocking pair, or a better optimum): `dual-match check` reports it.
 */
import { hasRoom, tallyAdmissions, type Admissions } from './admissions.ts';
import { placementCost } from './allocation-network.ts';
import {
  buildCompatibility,
  buildOfferIndex,
  firstFailedRule,
  isLiveOffer,
  passesGeography,
  passesLanguage,
  passesScore,
  preferencePosition,
  type CompatibilityLists,
  type CompatibilityRule,
  type OfferIndex,
} from './compatibility.ts';
import { buildEnterpriseOrder, type EnterpriseOrder, type OrderCriterion } from './enterprise-preference.ts';
import { roundKm } from './geo.ts';
import { studentOfferKm, type RoundModel } from './round-model.ts';
import type { AdmissionRank, Mechanism, UnplacedReason } from './schema.ts';
import { studentPrefers } from './student-preference.ts';
import { diagnoseUnplaced, describeMobility } from './unplaced-reason.ts';

/** Offers the student did not list are itemised up to this many (the nearest); the rest are counted. */
export const ITEMISED_UNLISTED_OFFERS = 5;

/** Why the student is not on an offer they rank above their outcome. */
export type WhyNot =
  | { kind: 'not-compatible'; rule: CompatibilityRule; minScore?: number; score?: number; languages?: string[]; language?: string | null; km?: number; mobility?: string }
  | { kind: 'no-places' }
  | { kind: 'full-cutoff'; places: number; admitted: number; cutoff: AdmissionRank; you: AdmissionRank; decidedBy: OrderCriterion }
  | { kind: 'enterprise-full-cutoff'; enterprise: string; capacity: number; admitted: number; cutoff: AdmissionRank; you: AdmissionRank; decidedBy: OrderCriterion }
  | { kind: 'full-no-alternative' | 'full-stronger-claim'; scope: 'offer' | 'enterprise'; enterprise: string; limit: number; admitted: number }
  | { kind: 'costlier'; km: number; currentKm: number; cost: number; currentCost: number }
  | { kind: 'open' };

export interface BetterOffer {
  offer: string;
  /** 1-based position in the student's preferences, or null for an offer they did not list. */
  rank: number | null;
  km: number;
  why: WhyNot;
}

/** The nearest offer beyond the student's mobility that would have accepted them. */
export interface WiderOffer {
  offer: string;
  region: string;
  km: number;
  /** It had a free place, or (stable) the student ranks above its cut-off. */
  because: 'free-place' | 'above-cutoff';
}

export interface UnplacedFacts {
  /** Offers of the student's specialty with places, anywhere in the round. */
  specialtyOffers: number;
  compatibleOffers: number;
  compatiblePlaces: number;
  /** The lowest minScore among the specialty's offers (reason `score`). */
  lowestMinScore?: number;
  mobility: string;
  nearestWider: WiderOffer | null;
}

export interface StudentExplanation {
  student: string;
  mechanism: Mechanism;
  outcome: { kind: 'placed'; offer: string; rank: number | null; km: number } | { kind: 'unplaced'; reason: UnplacedReason; detail: string };
  /** The offers the student ranks above the outcome, in the student's order, with why not. */
  betterOffers: BetterOffer[];
  /** More offers ranked above the outcome, not itemised (unlisted ones beyond the nearest few). */
  moreBetterOffers: number;
  unplacedFacts?: UnplacedFacts;
}

/** Everything explanations of one allocation share; build once, explain many students. */
export class Explainer {
  private readonly index: OfferIndex;
  private readonly compatibility: CompatibilityLists;
  private readonly order: EnterpriseOrder;
  private readonly admissions: Admissions;

  constructor(
    private readonly model: RoundModel,
    private readonly mechanism: Mechanism,
    private readonly assignment: Int32Array,
    shared: { index?: OfferIndex; compatibility?: CompatibilityLists } = {},
  ) {
    this.index = shared.index ?? buildOfferIndex(model);
    this.compatibility = shared.compatibility ?? buildCompatibility(this.index);
    this.order = buildEnterpriseOrder(model);
    this.admissions = tallyAdmissions(model, this.order, assignment);
  }

  explain(s: number): StudentExplanation {
    const { model, assignment } = this;
    const outcome = assignment[s];
    const student = model.round.students[s].id;
    const better = this.offersRankedAbove(s, outcome);
    const itemised = better.slice(0, better.itemised);
    const explanation: StudentExplanation = {
      student,
      mechanism: this.mechanism,
      outcome:
        outcome >= 0
          ? { kind: 'placed', offer: model.round.offers[outcome].id, rank: rankOf(model, s, outcome), km: roundKm(studentOfferKm(model, s, outcome)) }
          : { kind: 'unplaced', ...diagnoseUnplaced(this.index, this.compatibility, s) },
      betterOffers: itemised.map((o) => ({ offer: model.round.offers[o].id, rank: rankOf(model, s, o), km: roundKm(studentOfferKm(model, s, o)), why: this.whyNot(s, o) })),
      moreBetterOffers: better.length - itemised.length,
    };
    if (outcome < 0) explanation.unplacedFacts = this.unplacedFacts(s);
    return explanation;
  }

  /**
   * The offers s ranks above offer `outcome`, in the student's order: listed preferences
   * (compatible or not), then unlisted compatible offers, of which the nearest few are
   * itemised.
   */
  private offersRankedAbove(s: number, outcome: number): number[] & { itemised: number } {
    const { model, compatibility } = this;
    const listed: number[] = [];
    const outcomePosition = outcome >= 0 ? preferencePosition(model, s, outcome) : -1;
    for (let i = model.preferenceStart[s]; i < model.preferenceStart[s + 1]; i++) {
      if (outcomePosition >= 0 && i - model.preferenceStart[s] >= outcomePosition) break;
      listed.push(model.preferenceOffer[i]);
    }
    const unlisted: number[] = [];
    for (let k = compatibility.start[s]; k < compatibility.start[s + 1]; k++) {
      const o = compatibility.offer[k];
      if (preferencePosition(model, s, o) < 0 && studentPrefers(model, s, o, outcome)) unlisted.push(o);
    }
    unlisted.sort((a, b) => (studentPrefers(model, s, a, b) ? -1 : 1));
    return Object.assign([...listed, ...unlisted], { itemised: listed.length + Math.min(ITEMISED_UNLISTED_OFFERS, unlisted.length) });
  }

  private whyNot(s: number, o: number): WhyNot {
    const { model } = this;
    const rule = firstFailedRule(model, s, o);
    if (rule !== null) return this.incompatibility(s, o, rule);
    if (!isLiveOffer(model, o)) return { kind: 'no-places' };
    return this.mechanism === 'stable' ? this.stableWhyNot(s, o) : this.optimalWhyNot(s, o);
  }

  private incompatibility(s: number, o: number, rule: CompatibilityRule): WhyNot {
    const { model } = this;
    switch (rule) {
      case 'score':
        return { kind: 'not-compatible', rule, minScore: model.offerMinScore[o], score: model.studentScore[s] };
      case 'language':
        return { kind: 'not-compatible', rule, languages: [...new Set(model.round.offers[o].languages ?? [])], language: model.round.students[s].language ?? null };
      case 'distance':
        return { kind: 'not-compatible', rule, km: roundKm(studentOfferKm(model, s, o)), mobility: describeMobility(model, s) };
      default:
        return { kind: 'not-compatible', rule };
    }
  }

  /** The spec's blocking conditions, read the other way round: which one fails. */
  private stableWhyNot(s: number, o: number): WhyNot {
    const { model, order, admissions, assignment } = this;
    const e = model.offerEnterprise[o];
    const you = order.admissionRank(e, s);
    if (admissions.offerLoad[o] >= model.offerPlaces[o]) {
      const last = admissions.offerWorst[o];
      if (!order.prefers(e, last, s)) return { kind: 'open' };
      return { kind: 'full-cutoff', places: model.offerPlaces[o], admitted: admissions.offerLoad[o], cutoff: order.admissionRank(e, last), you, decidedBy: order.decidingCriterion(e, last, s) };
    }
    if (admissions.enterpriseLoad[e] >= model.enterpriseCapacity[e]) {
      const last = admissions.enterpriseWorst[e];
      const holdsOfferOfE = assignment[s] >= 0 && model.offerEnterprise[assignment[s]] === e;
      if (holdsOfferOfE || !order.prefers(e, last, s)) return { kind: 'open' };
      return {
        kind: 'enterprise-full-cutoff',
        enterprise: model.round.enterprises[e].id,
        capacity: model.enterpriseCapacity[e],
        admitted: admissions.enterpriseLoad[e],
        cutoff: order.admissionRank(e, last),
        you,
        decidedBy: order.decidingCriterion(e, last, s),
      };
    }
    return { kind: 'open' };
  }

  private optimalWhyNot(s: number, o: number): WhyNot {
    const { model, admissions, assignment } = this;
    const current = assignment[s];
    if (hasRoom(model, admissions, o)) {
      if (current < 0) return { kind: 'open' };
      const km = studentOfferKm(model, s, o);
      const currentKm = studentOfferKm(model, s, current);
      const cost = placementCost(model, s, o, km);
      const currentCost = placementCost(model, s, current, currentKm);
      if (cost < currentCost) return { kind: 'open' };
      return { kind: 'costlier', km: roundKm(km), currentKm: roundKm(currentKm), cost, currentCost };
    }
    const e = model.offerEnterprise[o];
    const offerFull = admissions.offerLoad[o] >= model.offerPlaces[o];
    return {
      kind: this.canMakeRoom(s, o) ? 'full-stronger-claim' : 'full-no-alternative',
      scope: offerFull ? 'offer' : 'enterprise',
      enterprise: model.round.enterprises[e].id,
      limit: offerFull ? model.offerPlaces[o] : model.enterpriseCapacity[e],
      admitted: offerFull ? admissions.offerLoad[o] : admissions.enterpriseLoad[e],
    };
  }

  /**
   * Could s be placed on o with every placed student still placed? A search for an
   * augmenting path in the residual network of the allocation, with s taken off its own
   * offer: starting from o (one student too many), students move on, each to another
   * compatible offer, until one lands on a free place of an enterprise with free capacity.
   */
  private canMakeRoom(s: number, o: number): boolean {
    const { model, admissions, assignment, compatibility } = this;
    const m = model.offerCount;
    const offerLoad = (x: number) => admissions.offerLoad[x] - (assignment[s] === x ? 1 : 0);
    const enterpriseLoad = (e: number) => admissions.enterpriseLoad[e] - (assignment[s] >= 0 && model.offerEnterprise[assignment[s]] === e ? 1 : 0);
    const { occupants, offersOfEnterprise } = this.offerLists();
    // Nodes: offers 0..m-1, enterprises m..m+E-1.
    const visited = new Uint8Array(m + model.enterpriseCount);
    const queue: number[] = [o];
    visited[o] = 1;
    const enqueue = (node: number) => {
      if (!visited[node]) {
        visited[node] = 1;
        queue.push(node);
      }
    };
    const moveOn = (t: number) => {
      // Student t leaves its offer and tries every other compatible offer.
      for (let k = compatibility.start[t]; k < compatibility.start[t + 1]; k++) if (compatibility.offer[k] !== assignment[t]) enqueue(compatibility.offer[k]);
    };
    for (let head = 0; head < queue.length; head++) {
      const node = queue[head];
      if (node < m) {
        const e = model.offerEnterprise[node];
        if (offerLoad(node) < model.offerPlaces[node]) {
          if (enterpriseLoad(e) < model.enterpriseCapacity[e]) return true;
          enqueue(m + e); // the offer has a place but its enterprise is full
        } else {
          for (const t of occupants[node]) if (t !== s) moveOn(t);
        }
      } else {
        // Someone on an offer of the full enterprise leaves it.
        for (const x of offersOfEnterprise[node - m]) for (const t of occupants[x]) if (t !== s) moveOn(t);
      }
    }
    return false;
  }

  private lists: { occupants: number[][]; offersOfEnterprise: number[][] } | null = null;

  /** The students on each offer, and the offers of each enterprise. */
  private offerLists(): { occupants: number[][]; offersOfEnterprise: number[][] } {
    if (this.lists) return this.lists;
    const { model } = this;
    const occupants: number[][] = Array.from({ length: model.offerCount }, () => []);
    this.assignment.forEach((o, s) => {
      if (o >= 0) occupants[o].push(s);
    });
    const offersOfEnterprise: number[][] = Array.from({ length: model.enterpriseCount }, () => []);
    for (let o = 0; o < model.offerCount; o++) offersOfEnterprise[model.offerEnterprise[o]].push(o);
    return (this.lists = { occupants, offersOfEnterprise });
  }

  private unplacedFacts(s: number): UnplacedFacts {
    const { model, index, compatibility } = this;
    const specialty = model.studentSpecialty[s];
    const specialtyOffers: number[] = [];
    for (let i = index.bySpecialty.start[specialty]; i < index.bySpecialty.start[specialty + 1]; i++) specialtyOffers.push(index.bySpecialty.offer[i]);
    let compatiblePlaces = 0;
    for (let k = compatibility.start[s]; k < compatibility.start[s + 1]; k++) compatiblePlaces += model.offerPlaces[compatibility.offer[k]];
    const facts: UnplacedFacts = {
      specialtyOffers: specialtyOffers.length,
      compatibleOffers: compatibility.start[s + 1] - compatibility.start[s],
      compatiblePlaces,
      mobility: describeMobility(model, s),
      nearestWider: this.nearestWider(s, specialtyOffers),
    };
    if (specialtyOffers.length > 0 && specialtyOffers.every((o) => !passesScore(model, s, o))) facts.lowestMinScore = Math.min(...specialtyOffers.map((o) => model.offerMinScore[o]));
    return facts;
  }

  /** The nearest offer the student's mobility alone keeps them from, that would have taken them. */
  private nearestWider(s: number, specialtyOffers: number[]): WiderOffer | null {
    const { model, admissions, order } = this;
    let best: { offer: number; km: number; because: WiderOffer['because'] } | null = null;
    for (const o of specialtyOffers) {
      if (passesGeography(model, s, o) || !passesScore(model, s, o) || !passesLanguage(model, s, o)) continue;
      if (model.policy.preferredOnly && preferencePosition(model, s, o) < 0) continue;
      let because: WiderOffer['because'] | null = hasRoom(model, admissions, o) ? 'free-place' : null;
      if (!because && this.mechanism === 'stable') {
        const e = model.offerEnterprise[o];
        const offerFull = admissions.offerLoad[o] >= model.offerPlaces[o];
        const last = offerFull ? admissions.offerWorst[o] : admissions.enterpriseWorst[e];
        if (last >= 0 && order.prefers(e, s, last)) because = 'above-cutoff';
      }
      if (!because) continue;
      const km = roundKm(studentOfferKm(model, s, o));
      if (!best || km < best.km || (km === best.km && model.round.offers[o].id < model.round.offers[best.offer].id)) best = { offer: o, km, because };
    }
    return best && { offer: model.round.offers[best.offer].id, region: model.round.regions[model.offerRegion[best.offer]].code, km: best.km, because: best.because };
  }
}

function rankOf(model: RoundModel, s: number, o: number): number | null {
  const position = preferencePosition(model, s, o);
  return position < 0 ? null : position + 1;
}
