/**
 * Students' personal codes: what a student types, with their id, to see their own outcome.
 *
 * Codes an office supplies may be short and guessable, so they go through scrypt, salted per
 * student (lookup-key.ts). scrypt's cost has to be paid once per student at import, which
 * bounds it: at 100,000 students per import, N = 2^7 (r = 8, 128 KiB per hash) costs about
 * 0.3-1 ms per code on one core. The codes the server generates are 8 characters of Crockford
 * base32 (40 bits): at that cost, guessing one offline takes years of CPU; online, the lookup
 * rate limits stop it long before. `CODE_HASH_COST` raises N for the rounds imported after.
 *
 * Two stored forms, each saying its cost, so a change of cost breaks no old hash:
 * - `scrypt-sha256$<log2 N>$<SHA-256 of the key>`: the key salted with the round's public
 *   lookup salt, so a student's browser can derive the key and send it instead of the code;
 * - `scrypt$<log2 N>$<the key>`: rounds imported before lookup keys existed, salted with the
 *   round's secret code salt. Only the code can be checked against it: sending the stored
 *   value as a key must not work.
 */
import { hash, randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import type { RoundsTable } from '../db/schema.ts';
import { KEY_BLOCK_SIZE, KEY_LENGTH, KEY_PARALLELISM, normaliseCode, studentSalt } from './lookup-key.ts';

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ'; // Crockford base32: no I, L, O, U
const STORED_FORM = /^(scrypt|scrypt-sha256)\$(\d+)\$([A-Za-z0-9_-]+)$/;

/** How a round's codes are hashed: from its salts (see the module's comment). */
export interface CodeHashing {
  /** Whether the key's digest is stored (a client may send the key) or the key itself. */
  form: 'scrypt-sha256' | 'scrypt';
  salt: string;
  cost: number;
}

/** A round's salts and cost (its columns), which say how its codes are hashed. */
export type RoundCodeSalts = Pick<RoundsTable, 'code_salt' | 'lookup_salt' | 'lookup_cost'>;

/** A student's proof: the personal code, or the key a client derived from it. */
export type LookupSecret = { code: string } | { key: Uint8Array };

export function newCodeSalt(): string {
  return randomBytes(16).toString('base64url');
}

/** `K7QM-2XPD`: 8 random characters, grouped for reading aloud. */
export function generateCode(): string {
  const bytes = randomBytes(8);
  let code = '';
  for (let i = 0; i < 8; i++) code += (i === 4 ? '-' : '') + ALPHABET[bytes[i] & 31];
  return code;
}

/** A new round's: its codes hashed at `cost` (CODE_HASH_COST) for lookup keys. */
export function newRoundSalts(cost: number): RoundCodeSalts {
  return { code_salt: newCodeSalt(), lookup_salt: newCodeSalt(), lookup_cost: cost };
}

/** A round's hashing; `defaultCost` (CODE_HASH_COST) for the codes added to a round from before lookup keys. */
export function codeHashing(round: RoundCodeSalts, defaultCost: number): CodeHashing {
  if (round.lookup_salt !== null && round.lookup_cost !== null) return { form: 'scrypt-sha256', salt: round.lookup_salt, cost: round.lookup_cost };
  return { form: 'scrypt', salt: round.code_salt, cost: defaultCost };
}

/** A student's key (lookup-key.ts), with node:crypto's scrypt on libuv's thread pool. */
export function deriveKey(code: string, salt: string, studentId: string, cost: number): Promise<Buffer> {
  const N = 2 ** cost;
  return new Promise((resolve, reject) =>
    scrypt(normaliseCode(code), studentSalt(salt, studentId), KEY_LENGTH, { N, r: KEY_BLOCK_SIZE, p: KEY_PARALLELISM, maxmem: 256 * KEY_BLOCK_SIZE * N + (1 << 20) }, (error, key) =>
      error ? reject(error) : resolve(key),
    ),
  );
}

/** One-shot, without a Hash object: every lookup by key makes one. */
function digest(key: Uint8Array): Buffer {
  return hash('sha256', key, 'buffer');
}

export async function hashCode(code: string, hashing: CodeHashing, studentId: string): Promise<string> {
  const key = await deriveKey(code, hashing.salt, studentId, hashing.cost);
  return `${hashing.form}$${hashing.cost}$${(hashing.form === 'scrypt-sha256' ? digest(key) : key).toString('base64url')}`;
}

/**
 * Whether a code or key matches a student's stored hash. Without one (no such student) it does
 * the same work and answers false: a wrong code and an unknown student take alike long.
 */
export async function lookupSecretMatches(secret: LookupSecret, hashing: CodeHashing, studentId: string, stored: string | null): Promise<boolean> {
  const match = stored === null ? null : STORED_FORM.exec(stored);
  const form = match ? match[1] : hashing.form;
  const key = 'key' in secret ? secret.key : await deriveKey(secret.code, hashing.salt, studentId, match ? Number(match[2]) : hashing.cost);
  const actual = form === 'scrypt-sha256' ? digest(key) : 'code' in secret ? key : null;
  if (!match || !actual) return false;
  const expected = Buffer.from(match[3], 'base64url');
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}

/**
 * Hashes many codes, a bounded number at a time: scrypt runs on libuv's thread pool, and
 * queueing 100,000 jobs at once would starve every other use of the pool (file reads, zlib).
 */
export async function hashCodes(items: { student: string; code: string }[], hashing: CodeHashing, concurrency = 4): Promise<Map<string, string>> {
  const hashes = new Map<string, string>();
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const { student, code } = items[next++];
      hashes.set(student, await hashCode(code, hashing, student));
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, lane));
  return hashes;
}
