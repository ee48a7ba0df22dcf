/**
 * A validated round compiled into dense indexes and typed arrays. Everything downstream
 * (compatibility, the flow network, the stable mechanism, explanations) works on integer
 * indexes into these arrays instead of string ids, which is what keeps a 300,000-student
 * round fast and small.
 */
import { greatCircleKm } from './geo.ts';
import { resolvePolicy, type ResolvedPolicy } from './policy.ts';
import type { Round } from './schema.ts';

export const MOBILITY_REGION = 0;
export const MOBILITY_COUNTRY = 1;
export const MOBILITY_MAX_KM = 2;

export interface RoundModel {
  round: Round;
  policy: ResolvedPolicy;

  regionIndex: Map<string, number>;
  specialtyIndex: Map<string, number>;
  collegeIndex: Map<string, number>;
  enterpriseIndex: Map<string, number>;
  offerIndex: Map<string, number>;
  studentIndex: Map<string, number>;
  /** Language codes seen on students and offers, as dense ids. */
  languageIds: Map<string, number>;

  // Students (index = position in round.students).
  studentCount: number;
  studentCollege: Int32Array;
  studentSpecialty: Int32Array;
  /** The home region: the region of the student's college. */
  studentRegion: Int32Array;
  studentLat: Float64Array;
  studentLon: Float64Array;
  studentScore: Float64Array;
  /** Language id, or -1 when the student gave none. */
  studentLanguage: Int32Array;
  studentMobility: Uint8Array;
  /** The radius for MOBILITY_MAX_KM students, 0 otherwise. */
  studentMaxKm: Float64Array;
  studentPriority: Uint8Array;
  /** Preferences in CSR form: offers of student s are preferenceOffer[preferenceStart[s] .. preferenceStart[s+1]). */
  preferenceStart: Int32Array;
  preferenceOffer: Int32Array;

  // Offers (index = position in round.offers).
  offerCount: number;
  offerEnterprise: Int32Array;
  offerSpecialty: Int32Array;
  offerPlaces: Int32Array;
  offerMinScore: Float64Array;
  /** Accepted languages in CSR form; an empty range means any language. */
  offerLanguageStart: Int32Array;
  offerLanguage: Int32Array;
  /** Region and coordinates of the offer's enterprise. */
  offerRegion: Int32Array;
  offerLat: Float64Array;
  offerLon: Float64Array;

  // Enterprises (index = position in round.enterprises).
  enterpriseCount: number;
  /** The enterprise capacity with the spec's default (sum of its offers' places) filled in. */
  enterpriseCapacity: Int32Array;
  /** Sum of the places of the enterprise's offers. */
  enterprisePlaces: Int32Array;
  /** Per enterprise with a ranking: student index -> position in it (0 = best); null when it ranks no one. */
  enterpriseRanking: (Map<number, number> | null)[];
}

function indexBy<T>(items: readonly T[], key: (item: T) => string): Map<string, number> {
  const index = new Map<string, number>();
  items.forEach((item, i) => index.set(key(item), i));
  return index;
}

/** Position of every id in its list, as RoundModel keeps them. */
export type IdIndexes = Pick<RoundModel, 'regionIndex' | 'specialtyIndex' | 'collegeIndex' | 'enterpriseIndex' | 'offerIndex' | 'studentIndex'>;

/**
 * Assumes a round that passed validateRound: every reference resolves, every id is unique.
 * `indexes` saves building the id maps again when the caller has them (validation does).
 */
export function buildRoundModel(round: Round, indexes?: IdIndexes): RoundModel {
  const regionIndex = indexes?.regionIndex ?? indexBy(round.regions, (r) => r.code);
  const specialtyIndex = indexes?.specialtyIndex ?? indexBy(round.specialties, (s) => s.code);
  const collegeIndex = indexes?.collegeIndex ?? indexBy(round.colleges, (c) => c.id);
  const enterpriseIndex = indexes?.enterpriseIndex ?? indexBy(round.enterprises, (e) => e.id);
  const offerIndex = indexes?.offerIndex ?? indexBy(round.offers, (o) => o.id);
  const studentIndex = indexes?.studentIndex ?? indexBy(round.students, (s) => s.id);
  const languageIds = new Map<string, number>();
  const languageId = (code: string) => {
    let id = languageIds.get(code);
    if (id === undefined) languageIds.set(code, (id = languageIds.size));
    return id;
  };

  const regionOf = (code: string) => regionIndex.get(code)!;
  const region = round.regions;

  const n = round.students.length;
  const studentCollege = new Int32Array(n);
  const studentSpecialty = new Int32Array(n);
  const studentRegion = new Int32Array(n);
  const studentLat = new Float64Array(n);
  const studentLon = new Float64Array(n);
  const studentScore = new Float64Array(n);
  const studentLanguage = new Int32Array(n);
  const studentMobility = new Uint8Array(n);
  const studentMaxKm = new Float64Array(n);
  const studentPriority = new Uint8Array(n);
  const preferenceStart = new Int32Array(n + 1);
  let preferenceTotal = 0;
  for (const s of round.students) preferenceTotal += s.preferences?.length ?? 0;
  const preferenceOffer = new Int32Array(preferenceTotal);

  round.students.forEach((s, i) => {
    studentCollege[i] = collegeIndex.get(s.college)!;
    const college = round.colleges[studentCollege[i]];
    const r = regionOf(college.region);
    studentSpecialty[i] = specialtyIndex.get(s.specialty)!;
    studentRegion[i] = r;
    studentLat[i] = college.lat ?? region[r].lat;
    studentLon[i] = college.lon ?? region[r].lon;
    studentScore[i] = s.score;
    studentLanguage[i] = s.language === undefined ? -1 : languageId(s.language);
    const mobility = s.mobility ?? 'region';
    if (mobility === 'region') studentMobility[i] = MOBILITY_REGION;
    else if (mobility === 'country') studentMobility[i] = MOBILITY_COUNTRY;
    else {
      studentMobility[i] = MOBILITY_MAX_KM;
      studentMaxKm[i] = mobility.maxKm;
    }
    studentPriority[i] = s.priority ? 1 : 0;
    let p = preferenceStart[i];
    for (const offerId of s.preferences ?? []) preferenceOffer[p++] = offerIndex.get(offerId)!;
    preferenceStart[i + 1] = p;
  });

  const m = round.offers.length;
  const offerEnterprise = new Int32Array(m);
  const offerSpecialty = new Int32Array(m);
  const offerPlaces = new Int32Array(m);
  const offerMinScore = new Float64Array(m);
  const offerLanguageStart = new Int32Array(m + 1);
  const offerLanguageList: number[] = [];
  const offerRegion = new Int32Array(m);
  const offerLat = new Float64Array(m);
  const offerLon = new Float64Array(m);
  const enterpriseCount = round.enterprises.length;
  const enterprisePlaces = new Int32Array(enterpriseCount);

  round.offers.forEach((o, i) => {
    const e = enterpriseIndex.get(o.enterprise)!;
    const enterprise = round.enterprises[e];
    const r = regionOf(enterprise.region);
    offerEnterprise[i] = e;
    offerSpecialty[i] = specialtyIndex.get(o.specialty)!;
    offerPlaces[i] = o.places;
    offerMinScore[i] = o.minScore ?? 0;
    for (const language of new Set(o.languages ?? [])) offerLanguageList.push(languageId(language));
    offerLanguageStart[i + 1] = offerLanguageList.length;
    offerRegion[i] = r;
    offerLat[i] = enterprise.lat ?? region[r].lat;
    offerLon[i] = enterprise.lon ?? region[r].lon;
    enterprisePlaces[e] += o.places;
  });

  const enterpriseCapacity = new Int32Array(enterpriseCount);
  const enterpriseRanking: (Map<number, number> | null)[] = new Array(enterpriseCount).fill(null);
  round.enterprises.forEach((e, i) => {
    enterpriseCapacity[i] = e.capacity ?? enterprisePlaces[i];
    if (e.ranking && e.ranking.length > 0) {
      const positions = new Map<number, number>();
      for (const studentId of e.ranking) {
        const s = studentIndex.get(studentId);
        // Unknown ids (students of other rounds) are skipped; a repeated id keeps its first position.
        if (s !== undefined && !positions.has(s)) positions.set(s, positions.size);
      }
      enterpriseRanking[i] = positions;
    }
  });

  return {
    round,
    policy: resolvePolicy(round.round.policy),
    regionIndex, specialtyIndex, collegeIndex, enterpriseIndex, offerIndex, studentIndex, languageIds,
    studentCount: n, studentCollege, studentSpecialty, studentRegion, studentLat, studentLon, studentScore, studentLanguage,
    studentMobility, studentMaxKm, studentPriority, preferenceStart, preferenceOffer,
    offerCount: m, offerEnterprise, offerSpecialty, offerPlaces, offerMinScore, offerLanguageStart,
    offerLanguage: Int32Array.from(offerLanguageList), offerRegion, offerLat, offerLon,
    enterpriseCount, enterpriseCapacity, enterprisePlaces, enterpriseRanking,
  };
}

/** Great-circle km from student s's college to offer o's enterprise. */
export function studentOfferKm(model: RoundModel, s: number, o: number): number {
  return greatCircleKm(model.studentLat[s], model.studentLon[s], model.offerLat[o], model.offerLon[o]);
}
