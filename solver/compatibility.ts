/**
 * Compatibility: which offers a student may be placed on (the spec's hard constraints).
 *
 * The single-pair checks serve validation warnings, explanations and the result checker; the
 * bulk builder serves the mechanisms. The bulk builder never scans every student against
 * every offer: it walks offer indexes by specialty and region, and a coarse latitude/longitude
 * grid per specialty for `maxKm` students.
 */
import { greatCircleKm } from './geo.ts';
import {
  MOBILITY_COUNTRY,
  MOBILITY_MAX_KM,
  MOBILITY_REGION,
  type RoundModel,
} from './round-model.ts';

/** The rules in the spec's order; the first failing one names why a pair is incompatible. */
export type CompatibilityRule = 'specialty' | 'score' | 'language' | 'distance' | 'preferred-only';

export function passesScore(model: RoundModel, s: number, o: number): boolean {
  return model.studentScore[s] >= model.offerMinScore[o];
}

export function passesLanguage(model: RoundModel, s: number, o: number): boolean {
  const start = model.offerLanguageStart[o];
  const end = model.offerLanguageStart[o + 1];
  if (start === end) return true;
  const language = model.studentLanguage[s];
  for (let i = start; i < end; i++) if (model.offerLanguage[i] === language) return true;
  return false;
}

export function passesGeography(model: RoundModel, s: number, o: number): boolean {
  if (model.offerRegion[o] === model.studentRegion[s]) return true;
  switch (model.studentMobility[s]) {
    case MOBILITY_COUNTRY:
      return true;
    case MOBILITY_MAX_KM:
      return greatCircleKm(model.studentLat[s], model.studentLon[s], model.offerLat[o], model.offerLon[o]) <= model.studentMaxKm[s];
    default:
      return false;
  }
}

/** 0-based position of offer o in student s's preferences, or -1. */
export function preferencePosition(model: RoundModel, s: number, o: number): number {
  for (let i = model.preferenceStart[s]; i < model.preferenceStart[s + 1]; i++) {
    if (model.preferenceOffer[i] === o) return i - model.preferenceStart[s];
  }
  return -1;
}

/** The first rule of the spec that the pair fails, or null when the pair is compatible. */
export function firstFailedRule(model: RoundModel, s: number, o: number): CompatibilityRule | null {
  if (model.offerSpecialty[o] !== model.studentSpecialty[s]) return 'specialty';
  if (!passesScore(model, s, o)) return 'score';
  if (!passesLanguage(model, s, o)) return 'language';
  if (!passesGeography(model, s, o)) return 'distance';
  if (model.policy.preferredOnly && preferencePosition(model, s, o) < 0) return 'preferred-only';
  return null;
}

/**
 * An offer can take anyone at all only when it has places and its enterprise has capacity;
 * the others are left out of the mechanisms (they are "full" from the start).
 */
export function isLiveOffer(model: RoundModel, o: number): boolean {
  return model.offerPlaces[o] > 0 && model.enterpriseCapacity[model.offerEnterprise[o]] > 0;
}

/** A list of offer indexes per key, in CSR form. */
interface Buckets {
  start: Int32Array;
  offer: Int32Array;
}

function bucketOffers(offers: Int32Array, keyOf: (o: number) => number, keyCount: number): Buckets {
  const start = new Int32Array(keyCount + 1);
  for (const o of offers) start[keyOf(o) + 1]++;
  for (let k = 0; k < keyCount; k++) start[k + 1] += start[k];
  const fill = start.slice(0, keyCount);
  const offer = new Int32Array(offers.length);
  for (const o of offers) offer[fill[keyOf(o)]++] = o; // offers arrive ascending, so buckets stay sorted
  return { start, offer };
}

/** Grid cell size in degrees for the maxKm search. */
const CELL_DEGREES = 1;
const KM_PER_DEGREE_LATITUDE = 111.2;

/** Live offers of one specialty in 1-degree cells, for radius queries. */
interface SpecialtyGrid {
  cells: Map<number, number[]>;
}

const cellKey = (latCell: number, lonCell: number) => latCell * 1000 + lonCell;

/** Indexes of the live offers, shared by every compatibility question on a round. */
export interface OfferIndex {
  model: RoundModel;
  live: Int32Array;
  bySpecialty: Buckets;
  /** Keyed by specialty * regionCount + region. */
  bySpecialtyRegion: Buckets;
  grids: (SpecialtyGrid | null)[];
}

export function buildOfferIndex(model: RoundModel): OfferIndex {
  const liveList: number[] = [];
  for (let o = 0; o < model.offerCount; o++) if (isLiveOffer(model, o)) liveList.push(o);
  const live = Int32Array.from(liveList);
  const specialtyCount = model.specialtyIndex.size;
  const regionCount = model.regionIndex.size;
  const bySpecialty = bucketOffers(live, (o) => model.offerSpecialty[o], specialtyCount);
  const bySpecialtyRegion = bucketOffers(
    live,
    (o) => model.offerSpecialty[o] * regionCount + model.offerRegion[o],
    specialtyCount * regionCount,
  );
  return { model, live, bySpecialty, bySpecialtyRegion, grids: new Array(specialtyCount).fill(null) };
}

function gridFor(index: OfferIndex, specialty: number): SpecialtyGrid {
  let grid = index.grids[specialty];
  if (grid) return grid;
  const { model } = index;
  const cells = new Map<number, number[]>();
  for (let i = index.bySpecialty.start[specialty]; i < index.bySpecialty.start[specialty + 1]; i++) {
    const o = index.bySpecialty.offer[i];
    const key = cellKey(Math.floor(model.offerLat[o] / CELL_DEGREES), Math.floor(model.offerLon[o] / CELL_DEGREES));
    let cell = cells.get(key);
    if (!cell) cells.set(key, (cell = []));
    cell.push(o);
  }
  grid = { cells };
  index.grids[specialty] = grid;
  return grid;
}

/**
 * Calls visit(o) for every live offer of the student's specialty that passes the geography
 * rule, each once, in no particular order. This is where the indexes pay off.
 */
export function forEachReachableOffer(index: OfferIndex, s: number, visit: (o: number) => void, seen: Int32Array): void {
  const { model } = index;
  const specialty = model.studentSpecialty[s];
  const mobility = model.studentMobility[s];
  if (mobility === MOBILITY_COUNTRY) {
    for (let i = index.bySpecialty.start[specialty]; i < index.bySpecialty.start[specialty + 1]; i++) visit(index.bySpecialty.offer[i]);
    return;
  }
  const home = specialty * model.regionIndex.size + model.studentRegion[s];
  const byRegion = index.bySpecialtyRegion;
  for (let i = byRegion.start[home]; i < byRegion.start[home + 1]; i++) visit(byRegion.offer[i]);
  if (mobility === MOBILITY_REGION) return;

  // maxKm: the cells of the bounding box around the college, then the exact distance.
  const maxKm = model.studentMaxKm[s];
  const lat = model.studentLat[s];
  const lon = model.studentLon[s];
  const dLat = maxKm / KM_PER_DEGREE_LATITUDE;
  const edgeLat = Math.min(89.9, Math.abs(lat) + dLat);
  const dLon = Math.min(180, dLat / Math.cos((edgeLat * Math.PI) / 180));
  const cells = gridFor(index, specialty).cells;
  const homeRegion = model.studentRegion[s];
  const consider = (cell: number[]) => {
    for (const o of cell) {
      if (model.offerRegion[o] === homeRegion || seen[o] === s) continue;
      if (greatCircleKm(lat, lon, model.offerLat[o], model.offerLon[o]) <= maxKm) {
        seen[o] = s;
        visit(o);
      }
    }
  };
  const lat0 = Math.floor((lat - dLat) / CELL_DEGREES);
  const lat1 = Math.floor((lat + dLat) / CELL_DEGREES);
  const lon0 = Math.floor((lon - dLon) / CELL_DEGREES);
  const lon1 = Math.floor((lon + dLon) / CELL_DEGREES);
  if ((lat1 - lat0 + 1) * (lon1 - lon0 + 1) > cells.size) {
    for (const cell of cells.values()) consider(cell);
  } else {
    for (let a = lat0; a <= lat1; a++) {
      for (let b = lon0; b <= lon1; b++) {
        const cell = cells.get(cellKey(a, b));
        if (cell) consider(cell);
      }
    }
  }
}

/** Compatible live offers per student, in CSR form, each list ascending by offer index. */
export interface CompatibilityLists {
  start: Int32Array;
  offer: Int32Array;
}

/**
 * The compatible live offers of every student. With `policy.preferredOnly` only the student's
 * compatible preferences remain, so no index walk is needed.
 */
export function buildCompatibility(index: OfferIndex, onProgress?: (fraction: number) => void): CompatibilityLists {
  return index.model.policy.preferredOnly ? compatiblePreferences(index.model, onProgress) : compatibleReachableOffers(index, onProgress);
}

function compatiblePreferences(model: RoundModel, onProgress?: (fraction: number) => void): CompatibilityLists {
  const n = model.studentCount;
  const start = new Int32Array(n + 1);
  const offer = new Int32Array(model.preferenceStart[n]);
  let size = 0;
  const progressEvery = Math.max(1, Math.floor(n / 100));
  for (let s = 0; s < n; s++) {
    const first = size;
    for (let i = model.preferenceStart[s]; i < model.preferenceStart[s + 1]; i++) {
      const o = model.preferenceOffer[i];
      if (isLiveOffer(model, o) && firstFailedRule(model, s, o) === null) offer[size++] = o;
    }
    offer.subarray(first, size).sort();
    start[s + 1] = size;
    if (onProgress && s % progressEvery === 0) onProgress(s / n);
  }
  return { start, offer: offer.slice(0, size) };
}

/**
 * Students of one college, specialty and mobility (and radius) reach the same offers, so the
 * index walk and its distances are done once per such group (a national round has about 7
 * students per group); each student then only filters its group's offers by score and
 * language.
 */
function compatibleReachableOffers(index: OfferIndex, onProgress?: (fraction: number) => void): CompatibilityLists {
  const { model } = index;
  const n = model.studentCount;
  const { studentCollege, studentSpecialty, studentMobility, studentMaxKm, studentScore, offerMinScore } = model;
  const specialtyCount = model.specialtyIndex.size;

  const groupOf = new Int32Array(n);
  const groupKeys = new Map<number | string, number>();
  const representative: number[] = [];
  for (let s = 0; s < n; s++) {
    const place = studentCollege[s] * specialtyCount + studentSpecialty[s];
    const key = studentMobility[s] === MOBILITY_MAX_KM ? `${place}:${studentMaxKm[s]}` : place * 2 + studentMobility[s];
    let group = groupKeys.get(key);
    if (group === undefined) {
      groupKeys.set(key, (group = representative.length));
      representative.push(s);
    }
    groupOf[s] = group;
  }

  // The offers each group reaches, ascending, in CSR form.
  const groupCount = representative.length;
  const reachStart = new Int32Array(groupCount + 1);
  let reach = new Int32Array(Math.max(1024, n * 8));
  let reachSize = 0;
  const seen = new Int32Array(model.offerCount).fill(-1);
  const collect = (o: number) => {
    if (reachSize === reach.length) {
      const grown = new Int32Array(reach.length * 2);
      grown.set(reach);
      reach = grown;
    }
    reach[reachSize++] = o;
  };
  for (let g = 0; g < groupCount; g++) {
    forEachReachableOffer(index, representative[g], collect, seen);
    reach.subarray(reachStart[g], reachSize).sort();
    reachStart[g + 1] = reachSize;
  }

  // Sized for every reachable offer passing; the pages past what the filters keep are never
  // touched, so they cost no memory.
  let bound = 0;
  for (let s = 0; s < n; s++) bound += reachStart[groupOf[s] + 1] - reachStart[groupOf[s]];
  const offer = new Int32Array(bound);
  const start = new Int32Array(n + 1);
  const languages = languageMasks(model);
  const progressEvery = Math.max(1, Math.floor(n / 100));
  let size = 0;
  for (let s = 0; s < n; s++) {
    const score = studentScore[s];
    const end = reachStart[groupOf[s] + 1];
    if (languages) {
      const language = model.studentLanguage[s];
      const bit = language < 0 ? 0 : 1 << language;
      for (let i = reachStart[groupOf[s]]; i < end; i++) {
        const o = reach[i];
        const accepted = languages[o];
        if (score >= offerMinScore[o] && (accepted === ANY_LANGUAGE || (accepted & bit) !== 0)) offer[size++] = o;
      }
    } else {
      for (let i = reachStart[groupOf[s]]; i < end; i++) {
        const o = reach[i];
        if (passesScore(model, s, o) && passesLanguage(model, s, o)) offer[size++] = o;
      }
    }
    start[s + 1] = size;
    if (onProgress && s % progressEvery === 0) onProgress(s / n);
  }
  return { start, offer: offer.subarray(0, size) };
}

const ANY_LANGUAGE = -1;

/**
 * Per offer, the languages it accepts as a bit set (ANY_LANGUAGE when it has no rule), or null
 * when the round has more languages than bits.
 */
function languageMasks(model: RoundModel): Int32Array | null {
  if (model.languageIds.size > 31) return null;
  const masks = new Int32Array(model.offerCount);
  for (let o = 0; o < model.offerCount; o++) {
    const from = model.offerLanguageStart[o];
    const to = model.offerLanguageStart[o + 1];
    if (from === to) masks[o] = ANY_LANGUAGE;
    for (let i = from; i < to; i++) masks[o] |= 1 << model.offerLanguage[i];
  }
  return masks;
}
