/**
 * What each kind of caller sees of a result row. Managers (admin, the round's office) see
 * everything; an enterprise sees its assigned students without their scores; the public sees
 * pseudonyms instead of ids, and no names, scores or priority.
 */
import type { ViewLevel } from '../auth/access.ts';
import type { ResultRow } from '../db/schema.ts';
import type { ResultListRow } from '../repositories/results.ts';
import type { ResultItem, StudentOutcome } from '../http/api-schemas.ts';
import type { UnplacedReason } from '../../solver/schema.ts';
import type { Explanation } from './run-explanations.ts';

export function resultItem(row: ResultListRow, level: ViewLevel, pseudonym: (student: string) => string): ResultItem {
  const common = {
    status: row.status,
    specialty: row.specialty,
    region: row.region,
    college: row.college,
    collegeName: row.college_name,
    offer: row.offer,
    enterprise: row.enterprise,
    enterpriseName: row.enterprise_name,
    rank: row.rank,
    km: row.km,
    reason: row.reason as UnplacedReason | null,
  };
  if (level === 'public') return { student: pseudonym(row.student), ...common };
  if (level === 'enterprise') return { student: row.student, name: row.name, ...common };
  return { student: row.student, name: row.name, score: row.score, priority: row.priority === 1, ...common, detail: row.detail };
}

/** A student's own outcome, for the student: their own row in full, and why. */
export function studentOutcome(row: ResultRow): StudentOutcome {
  return { ...resultItem(row, 'manager', (id) => id), explanation: JSON.parse(row.explanation) as Explanation[] };
}
