/**
 * The `gap` column of the shortage table (spec, "Result file"): for a cell (specialty sp,
 * region r), how many more students would be placed if the cell got as many new unrestricted
 * places as needed (no minScore, any language, at the region's coordinates), everything
 * else unchanged. Placed students may move to the new places and free theirs.
 *
 * It is a maximum flow in the residual network of the optimal solution, never a re-solve:
 * add a virtual offer V with unlimited places, reachable from every student of specialty sp
 * whose geography allows the region's coordinates (home region r, mobility "country", or
 * maxKm >= the distance from the college to the region's coordinates), and push as many
 * units as possible from the unplaced students to V. Each unit is one more student placed:
 *
 *   unplaced s -> offer o -> (student t on o leaves it) -> offer o' -> ... -> student u -> V
 *
 * places s on o, moves t on, and ends with u taking a new place. What is left out matters:
 * - The bypass arcs (student -> sink, "unplaced") are not in the graph: a path through one
 *   would unplace someone, which places no one more; the unplaced students are the sources.
 * - The sink is not in the graph either: a path from an unplaced student to a free place
 *   would mean the optimum had not placed the most students it could, and every path of the
 *   maximum flow from the sources to V+sink ends through V (flow decomposition), so V is the
 *   only target.
 * - Students out of the network (no compatible offer at all) are unplaced and can only go
 *   to V: each eligible one adds one, with no interaction.
 * - With `policy.preferredOnly` a new place is in nobody's preferences, so nobody may take
 *   it and every gap is 0 (docs/policy.md).
 *
 * The max flow (gap-search.ts, Dinic's algorithm) is split in two stages per specialty, so
 * that most of the work is done once per specialty rather than once per cell:
 * 1. Students with mobility "country" (C) may take a new place in every cell of their
 *    specialty. Push as much as possible to V through C alone (that is the gap of C), then
 *    move every C student still on an offer to V too: the flow stays maximal, and the rest
 *    of the network is left with a maximum flow of the round without C.
 * 2. Per cell, push as much as possible to V through the cell's other eligible students A,
 *    in that network without C, and undo it before the next cell.
 * gap = (eligible students with no compatible offer) + flow(C) + flow(A). This is exact: by
 * matroid duality (the students placeable together form a gammoid M), the gap of a target
 * set T is the rank of T in the dual of M, and for T = C + A that rank is the rank of C in
 * the dual of M plus the rank of A in the dual of M without C, which is what the two stages
 * compute. Stage 2 walks only regional arcs: country students, who make most of the arcs of
 * a national round, are out of it.
 *
 * Everything is undone after each specialty, so every specialty starts from the optimal flow.

 */
import { GapResidual, type GapAllocation, type GapModel } from './gap-residual.ts';
import { GapSearch } from './gap-search.ts';
import { greatCircleKm } from './geo.ts';
import { MOBILITY_COUNTRY, MOBILITY_MAX_KM } from './round-model.ts';
import type { ShortageCell } from './schema.ts';
import { UnionFind } from './flow/union-find.ts';

/** Per cell of `table`, its gap; the table must be the shortage table of the optimal allocation. */
export function computeShortageGaps(model: GapModel, optimal: GapAllocation, table: readonly Pick<ShortageCell, 'specialty' | 'region'>[]): Int32Array {
  const gaps = new Int32Array(table.length);
  if (model.policy.preferredOnly) return gaps;
  const { network } = optimal;
  const residual = new GapResidual(model, optimal);
  const search = new GapSearch(residual, network.sink + 1);

  const cellsBySpecialty = new Map<number, number[]>();
  table.forEach((cell, c) => {
    const sp = model.specialtyIndex.get(cell.specialty)!;
    let cells = cellsBySpecialty.get(sp);
    if (!cells) cellsBySpecialty.set(sp, (cells = []));
    cells.push(c);
  });
  const studentsBySpecialty: number[][] = Array.from({ length: model.specialtyIndex.size }, () => []);
  for (let s = 0; s < model.studentCount; s++) studentsBySpecialty[model.studentSpecialty[s]].push(s);
  const sourcesOfSpecialty = sourcesBySpecialty(residual, model.specialtyIndex.size);

  // Km from a student's college to a region's coordinates, computed once per college and region.
  const regionCount = model.regionIndex.size;
  const collegeRegionKm = new Float64Array(model.collegeIndex.size * regionCount).fill(NaN);
  const regionKm = (s: number, r: number) => {
    const k = model.studentCollege[s] * regionCount + r;
    if (Number.isNaN(collegeRegionKm[k])) {
      const region = model.round.regions[r];
      collegeRegionKm[k] = greatCircleKm(model.studentLat[s], model.studentLon[s], region.lat, region.lon);
    }
    return collegeRegionKm[k];
  };

  const reachOfGroup = new Map<number[], Int32Array>();
  for (const [sp, cells] of cellsBySpecialty) {
    const country: number[] = [];
    let countryOutOfNetwork = 0;
    const others: number[] = [];
    for (const s of studentsBySpecialty[sp]) {
      const node = network.studentNode[s];
      if (model.studentMobility[s] !== MOBILITY_COUNTRY) others.push(s);
      else if (node >= 0) country.push(node);
      else countryOutOfNetwork++;
    }
    const start = residual.mark();
    // Every specialty starts from the optimal flow, so what the sources of a group of joined
    // specialties reach is drawn once for the group.
    const sources = sourcesOfSpecialty[sp];
    let reach = reachOfGroup.get(sources);
    if (!reach) reachOfGroup.set(sources, (reach = search.drawReach(sources)));
    // Stage 1: the country students, eligible in every cell of the specialty.
    const countryGap = countryOutOfNetwork + (country.length > 0 ? search.maxFlow(country) : 0);
    const freed: number[] = [];
    for (const node of country) {
      if (residual.held[node] < 0) continue;
      freed.push(residual.arcHead[residual.held[node]]);
      residual.leave(node);
    }
    const withoutCountry = residual.mark();
    search.limitToReach(sources, { reach, changed: freed });
    // Stage 2: per cell, the other students whose geography allows the cell's region.
    for (const c of cells) {
      const r = model.regionIndex.get(table[c].region)!;
      let outOfNetwork = 0;
      const targets: number[] = [];
      for (const s of others) {
        const reaches = model.studentRegion[s] === r || (model.studentMobility[s] === MOBILITY_MAX_KM && regionKm(s, r) <= model.studentMaxKm[s]);
        if (!reaches) continue;
        const node = network.studentNode[s];
        if (node < 0) outOfNetwork++;
        else if (search.isReached(node)) targets.push(node);
      }
      gaps[c] = countryGap + outOfNetwork + (targets.length > 0 ? search.maxFlow(targets, sp) : 0);
      residual.undoTo(withoutCountry);
    }
    search.clearReachLimit();
    residual.undoTo(start);
  }
  return gaps;
}

/**
 * Per specialty, the unplaced students who might reach its students: those of the
 * specialties joined to it through an enterprise whose capacity binds over offers of both
 * (a student's arcs stay within its specialty; only enterprise nodes join specialties).
 */
function sourcesBySpecialty(residual: GapResidual, specialtyCount: number): number[][] {
  const S = residual.studentNodes;
  const joined = new UnionFind(specialtyCount);
  const first = new Int32Array(residual.enterpriseStart.length - 1).fill(-1);
  for (let j = 0; j < residual.offerNodes; j++) {
    const k = residual.offerNext[j] - S - residual.offerNodes;
    if (k < 0) continue;
    if (first[k] < 0) first[k] = residual.offerSpecialty[j];
    else joined.union(first[k], residual.offerSpecialty[j]);
  }
  const byGroup = new Map<number, number[]>();
  for (let i = 0; i < S; i++) {
    if (!residual.source[i]) continue;
    const group = joined.find(residual.studentSpecialty[i]);
    let list = byGroup.get(group);
    if (!list) byGroup.set(group, (list = []));
    list.push(i);
  }
  return Array.from({ length: specialtyCount }, (_, sp) => byGroup.get(joined.find(sp)) ?? []);
}
