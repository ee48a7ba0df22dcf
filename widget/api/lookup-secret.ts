/**
 * What the lookup sends for a student's personal code: the key derived from it, when the
 * run's round has lookup keys (server/auth/lookup-key.ts). Deriving it here puts the slow hash
 * on the student's device (a few milliseconds) instead of on the server, which answers a whole
 * region's students on results day; the code itself then never leaves the page.
 */
import { scryptAsync } from '@noble/hashes/scrypt.js';
import { encodeKey, normaliseCode, studentSalt, type LookupKeyDerivation } from '../../server/auth/lookup-key.ts';

/** The lookup's body: `{ student, key }`, or `{ student, code }` for a round from before lookup keys (no derivation). */
export async function lookupBody(derivation: LookupKeyDerivation | null, student: string, code: string): Promise<{ student: string; code: string } | { student: string; key: string }> {
  if (!derivation) return { student, code };
  const { N, r, p, length } = derivation;
  const key = await scryptAsync(normaliseCode(code), studentSalt(derivation.salt, student), { N, r, p, dkLen: length });
  return { student, key: encodeKey(key) };
}
