/**
 * Round-format entities <-> table rows. A row keeps the entity exactly as imported in `data`
 * (unknown fields included, the personal code never) plus copies of the fields lists filter
 * and sort by. Every write of an entity goes through here, so the copies cannot drift.
 */
import type { Insertable } from 'kysely';
import type { CollegesTable, EnterprisesTable, OffersTable, StudentsTable } from '../db/schema.ts';
import type { College, Enterprise, Offer, Student } from '../../solver/schema.ts';

export const ENTITY_KINDS = ['colleges', 'enterprises', 'offers', 'students'] as const;
export type EntityKind = (typeof ENTITY_KINDS)[number];

/** A student as imported may carry its personal code (an additive field); it is never stored as given. */
function withoutCode(student: Student): Student {
  if (!('code' in student)) return student;
  const { code: _code, ...rest } = student;
  return rest;
}

export function collegeRow(roundId: string, college: College, position: number): Insertable<CollegesTable> {
  return { round_id: roundId, id: college.id, position, region: college.region, data: JSON.stringify(college) };
}

export function enterpriseRow(roundId: string, enterprise: Enterprise, position: number): Insertable<EnterprisesTable> {
  return { round_id: roundId, id: enterprise.id, position, region: enterprise.region, data: JSON.stringify(enterprise) };
}

export function offerRow(roundId: string, offer: Offer, position: number, enterpriseRegion: string): Insertable<OffersTable> {
  return {
    round_id: roundId,
    id: offer.id,
    position,
    enterprise: offer.enterprise,
    specialty: offer.specialty,
    region: enterpriseRegion,
    places: offer.places,
    data: JSON.stringify(offer),
  };
}

export function studentRow(roundId: string, student: Student, position: number, collegeRegion: string, codeHash: string | null): Insertable<StudentsTable> {
  return {
    round_id: roundId,
    id: student.id,
    position,
    college: student.college,
    specialty: student.specialty,
    region: collegeRegion,
    name: student.name ?? null,
    score: student.score,
    priority: student.priority ? 1 : 0,
    code_hash: codeHash,
    data: JSON.stringify(withoutCode(student)),
  };
}
