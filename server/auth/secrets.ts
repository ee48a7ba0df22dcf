/**
 * API keys and widget tokens share one shape: `<prefix>_<id>_<secret>`. The id finds the row;
 * the secret (32 random bytes, base64url) is checked against its stored sha256. A fast hash is
 * right here because the secret has 256 bits of entropy: nobody can guess it, slowly or fast.
 * The comparison is constant-time anyway, so the check leaks nothing through timing.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

export const KEY_PREFIX = 'dmk';
export const TOKEN_PREFIX = 'dmt';
export type SecretPrefix = typeof KEY_PREFIX | typeof TOKEN_PREFIX;

export interface IssuedSecret {
  id: string;
  /** The full credential, shown to its owner once. */
  value: string;
  secretHash: string;
}

/** Random ids for keys, tokens and runs: 12 base32 characters (60 bits), no look-alikes. */
export function randomId(length = 12): string {
  const alphabet = '0123456789abcdefghjkmnpqrstvwxyz';
  const bytes = randomBytes(length);
  let id = '';
  for (const byte of bytes) id += alphabet[byte & 31];
  return id;
}

export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

export function issueSecret(prefix: SecretPrefix, id = randomId()): IssuedSecret {
  const secret = randomBytes(32).toString('base64url');
  return { id, value: `${prefix}_${id}_${secret}`, secretHash: hashSecret(secret) };
}

/** Splits a presented credential; null when it does not have the shape at all. */
export function parseSecret(value: string): { prefix: SecretPrefix; id: string; secret: string } | null {
  const match = /^(dmk|dmt)_([0-9a-z-]{1,64})_([A-Za-z0-9_-]{20,200})$/.exec(value);
  if (!match) return null;
  return { prefix: match[1] as SecretPrefix, id: match[2], secret: match[3] };
}

export function secretMatches(secret: string, storedHash: string): boolean {
  const presented = Buffer.from(hashSecret(secret), 'hex');
  const stored = Buffer.from(storedHash, 'hex');
  return presented.length === stored.length && timingSafeEqual(presented, stored);
}
