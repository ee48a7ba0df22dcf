/**
 * Students' personal codes: what a student types, with their id, to see their own outcome.
 *
 * Codes an office supplies may be short and guessable, so they are stored as scrypt hashes,
 * salted with the round's salt and the student's id (so every student's hash needs its own
 * brute force). scrypt's cost has to be paid once per student at import, which bounds it: at
 * 100,000 students per import, N = 2^7 (r = 8, 128 KiB per hash) costs about 0.3-1 ms per
 * code on one core. The codes the server generates are 8 characters of Crockford base32
 * (40 bits): at that cost, guessing one offline takes years of CPU; online, the lookup rate
 * limits stop it long before. `CODE_HASH_COST` raises N for deployments with smaller rounds.
 */
import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ'; // Crockford base32: no I, L, O, U
const KEY_LENGTH = 16;

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

/**
 * The form codes are compared in: case, spaces and dashes do not matter, and the letters
 * Crockford base32 leaves out are read as the digits they look like.
 */
export function normaliseCode(code: string): string {
  return code.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
}

function scryptAsync(code: string, salt: string, cost: number): Promise<Buffer> {
  const N = 2 ** cost;
  return new Promise((resolve, reject) =>
    scrypt(normaliseCode(code), salt, KEY_LENGTH, { N, r: 8, p: 1, maxmem: 256 * N * 8 + (1 << 20) }, (error, key) => (error ? reject(error) : resolve(key))),
  );
}

/** The stored form: `scrypt$<log2 N>$<hash, base64url>`, so the cost can change without breaking old hashes. */
export async function hashCode(code: string, roundSalt: string, studentId: string, cost: number): Promise<string> {
  const key = await scryptAsync(code, `${roundSalt}:${studentId}`, cost);
  return `scrypt$${cost}$${key.toString('base64url')}`;
}

export async function codeMatches(code: string, roundSalt: string, studentId: string, stored: string): Promise<boolean> {
  const match = /^scrypt\$(\d+)\$([A-Za-z0-9_-]+)$/.exec(stored);
  if (!match) return false;
  const expected = Buffer.from(match[2], 'base64url');
  const actual = await scryptAsync(code, `${roundSalt}:${studentId}`, Number(match[1]));
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}

/**
 * Hashes many codes, a bounded number at a time: scrypt runs on libuv's thread pool, and
 * queueing 100,000 jobs at once would starve every other use of the pool (file reads, zlib).
 */
export async function hashCodes(items: { student: string; code: string }[], roundSalt: string, cost: number, concurrency = 4): Promise<Map<string, string>> {
  const hashes = new Map<string, string>();
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const { student, code } = items[next++];
      hashes.set(student, await hashCode(code, roundSalt, student, cost));
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, lane));
  return hashes;
}
