/**
 * How a student's personal code becomes its lookup key: the part of the code hashing that a
 * browser does too (the widget imports this module), so it has no Node imports.
 *
 * key = scrypt(password: the normalised code, salt: `{round's lookup salt}:{student id}`,
 * N = 2^cost, r = 8, p = 1, 16 bytes), both strings as UTF-8. The server stores only the key's
 * SHA-256, so a student's browser can derive the key and send it instead of the code: the
 * deliberately slow hash is then paid by the one who looks up, not by the server, which on
 * results day answers hundreds of thousands of lookups (and would otherwise spend half a
 * millisecond of CPU on each, for anyone who sends them). A stolen database still costs an
 * attacker one scrypt per guessed code, and a stored digest is no key to send.
 */
import type { z } from 'zod';
import type { LookupKeySchema } from '../http/api-schemas.ts';

export const KEY_BLOCK_SIZE = 8;
export const KEY_PARALLELISM = 1;
export const KEY_LENGTH = 16;

/** A round's public parameters for deriving its students' keys (`GET /runs/{runId}/lookup-key`). */
export type LookupKeyDerivation = NonNullable<z.infer<typeof LookupKeySchema>['derivation']>;

export function lookupKeyDerivation(salt: string, cost: number): LookupKeyDerivation {
  return { algorithm: 'scrypt', salt, N: 2 ** cost, r: KEY_BLOCK_SIZE, p: KEY_PARALLELISM, length: KEY_LENGTH };
}

/** The salt of one student's key: every student's key needs its own brute force. */
export function studentSalt(roundSalt: string, studentId: string): string {
  return `${roundSalt}:${studentId}`;
}

/**
 * The form codes are hashed in: case, spaces and dashes do not matter, and the letters
 * Crockford base32 leaves out are read as the digits they look like.
 */
export function normaliseCode(code: string): string {
  return code.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
}

/** A key as it is sent: base64url without padding (22 characters for 16 bytes). */
export function encodeKey(key: Uint8Array): string {
  let binary = '';
  for (const byte of key) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}
