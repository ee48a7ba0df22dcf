/**
 * Pseudonyms for public result rows: a student appears as `anon-K7QM2XPD`, the same within a
 * run, unlinkable to the student id without the round's secret salt (an HMAC of the id).
 * Public rows can thus be told apart and counted, but not traced to a student.
 */
import { createHmac } from 'node:crypto';

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

export function pseudonymiser(roundSalt: string, runId: string): (student: string) => string {
  return (student) => {
    const digest = createHmac('sha256', roundSalt).update(`${runId}:${student}`).digest();
    let name = 'anon-';
    for (let i = 0; i < 8; i++) name += ALPHABET[digest[i] & 31];
    return name;
  };
}
