/**
 * The vacancy round (like the NRMP's SOAP): from a round and its result, the follow-up
 * round of the students left unplaced and the places left unused.
 *
 * - `round.id` becomes `<id>-vacancies`; mechanism, policy and scope are kept.
 * - Students: the unplaced ones, with their preferences pruned to offers still in the new
 *   round (an offer that is gone cannot be listed: it would be an invalid reference).
 * - Offers: those with places left, `places` = places - students placed there. An offer
 *   whose enterprise has no capacity left is left out (it could take no one).
 * - Enterprises: those with offers left; a given `capacity` is reduced by the students the
 *   enterprise took (absent stays absent: the default, the sum of the remaining places, is
 *   then right by itself); `ranking` keeps the students still in the round.
 * - Mobility, with `widenKm` N: "region" becomes { maxKm: N } (the home region stays
 *   allowed by the rules), { maxKm: m } becomes { maxKm: max(m, N) }, "country" stays.
 * - Regions, specialties and colleges are kept whole; unknown fields are kept.
 */
import type { RoundModel } from './round-model.ts';
import type { Mobility, Round } from './schema.ts';
import { countLoads } from './admissions.ts';

export interface VacancyOptions {
  widenKm?: number;
}

/** A vacancy round's id: its round's with `-vacancies` (the service adds `-2`, `-3`... when taken). */
export function vacancyRoundId(roundId: string): string {
  return `${roundId}-vacancies`;
}

export function buildVacancyRound(model: RoundModel, assignment: Int32Array, options: VacancyOptions = {}): Round {
  const round = model.round;
  const { offerLoad, enterpriseLoad } = countLoads(model, assignment);
  const capacityLeft = (e: number) => model.enterpriseCapacity[e] - enterpriseLoad[e];

  const offers = round.offers.flatMap((offer, o) => {
    const places = model.offerPlaces[o] - offerLoad[o];
    return places > 0 && capacityLeft(model.offerEnterprise[o]) > 0 ? [{ ...offer, places }] : [];
  });
  const offerIds = new Set(offers.map((o) => o.id));
  const enterpriseIds = new Set(offers.map((o) => o.enterprise));
  const students = round.students.flatMap((student, s) => {
    if (assignment[s] >= 0) return [];
    const widened = { ...student, mobility: widen(student.mobility, options.widenKm) };
    if (widened.mobility === undefined) delete widened.mobility;
    if (student.preferences) widened.preferences = student.preferences.filter((id) => offerIds.has(id));
    return [widened];
  });
  const studentIds = new Set(students.map((s) => s.id));
  const enterprises = round.enterprises.flatMap((enterprise, e) => {
    if (!enterpriseIds.has(enterprise.id)) return [];
    const next = { ...enterprise };
    if (enterprise.capacity !== undefined) next.capacity = capacityLeft(e);
    if (enterprise.ranking) next.ranking = enterprise.ranking.filter((id) => studentIds.has(id));
    return [next];
  });

  return {
    ...round,
    round: { ...round.round, id: vacancyRoundId(round.round.id) },
    enterprises,
    offers,
    students,
  };
}

function widen(mobility: Mobility | undefined, km: number | undefined): Mobility | undefined {
  if (km === undefined) return mobility;
  if (mobility === undefined || mobility === 'region') return { maxKm: km };
  if (mobility === 'country') return mobility;
  return { maxKm: Math.max(mobility.maxKm, km) };
}
