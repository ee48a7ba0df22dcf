/**
 * Small hand-written rounds for tests: two regions 100 km apart, one specialty, and
 * whatever students, enterprises and offers a test adds. Ids resolve by construction.
 */
import type { Enterprise, Offer, Round, Student } from '../../solver/schema.ts';
import { ROUND_FORMAT } from '../../solver/schema.ts';

export type StudentInput = Partial<Student> & { id: string };
export type OfferInput = Partial<Offer> & { id: string };
export type EnterpriseInput = Partial<Enterprise> & { id: string };

export function tinyRound(parts: {
  students: StudentInput[];
  offers: OfferInput[];
  enterprises?: EnterpriseInput[];
  policy?: Round['round']['policy'];
  mechanism?: 'optimal' | 'stable';
}): Round {
  const enterprises = parts.enterprises ?? [...new Set(parts.offers.map((o) => o.enterprise ?? 'E-A'))].map((id) => ({ id }));
  return {
    format: ROUND_FORMAT,
    round: { id: 'tiny', scope: null, mechanism: parts.mechanism ?? 'optimal', policy: { seed: 1, ...parts.policy } },
    regions: [
      { code: 'R-A', name: 'Region A', lat: 50, lon: 60 },
      // About 100 km north of R-A.
      { code: 'R-B', name: 'Region B', lat: 50.9, lon: 60 },
    ],
    specialties: [
      { code: 'WELD', name: 'Welding' },
      { code: 'COOK', name: 'Cooking' },
    ],
    colleges: [
      { id: 'C-A', name: 'College A', region: 'R-A' },
      { id: 'C-B', name: 'College B', region: 'R-B' },
    ],
    enterprises: enterprises.map((e) => ({ name: e.id, region: e.id.endsWith('B') ? 'R-B' : 'R-A', ...e })),
    offers: parts.offers.map((o) => ({ enterprise: 'E-A', specialty: 'WELD', places: 1, ...o })),
    students: parts.students.map((s) => ({ college: 'C-A', specialty: 'WELD', score: 70, ...s })),
  };
}
