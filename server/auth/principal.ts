/**
 * Who is calling: resolved once per request from `Authorization: Bearer <key or token>`.
 * No header means the public role. A header that is present but wrong is a 401, never a
 * silent fall-back to public: a client with a broken key should find out.
 */
import { createMiddleware } from 'hono/factory';
import type { Db } from '../db/open-database.ts';
import type { Role } from '../db/schema.ts';
import { unauthorized } from '../http/problem.ts';
import { findActiveKey, findLiveToken } from '../repositories/api-keys.ts';
import { parseSecret, secretMatches } from './secrets.ts';

export type Principal =
  | { role: 'public' }
  | {
      role: Role;
      keyId: string;
      /** The office's region. */
      region: string | null;
      /** The enterprise's id. */
      enterprise: string | null;
      /** Origins this key may be used from (besides the deployment's CORS_ORIGINS). */
      origins: string[];
      /** How the caller authenticated: tokens are short-lived and cannot mint more tokens. */
      credential: 'key' | 'token';
      /** A read-only token can look, never change anything. */
      readOnly: boolean;
    };

export type KeyPrincipal = Exclude<Principal, { role: 'public' }>;

export type AuthEnv = { Variables: { principal: Principal } };

const PUBLIC: Principal = { role: 'public' };

/** The key behind a request (recorded as who created a round or run); null for the public. */
export function keyIdOf(principal: Principal): string | null {
  return principal.role === 'public' ? null : principal.keyId;
}

async function resolveCredential(db: Db, credential: string): Promise<Principal | null> {
  const parsed = parseSecret(credential);
  if (!parsed) return null;
  if (parsed.prefix === 'dmk') {
    const key = await findActiveKey(db, parsed.id);
    if (!key || !secretMatches(parsed.secret, key.secret_hash)) return null;
    return { role: key.role, keyId: key.id, region: key.region, enterprise: key.enterprise, origins: JSON.parse(key.origins_json) as string[], credential: 'key', readOnly: false };
  }
  const token = await findLiveToken(db, parsed.id);
  if (!token || !secretMatches(parsed.secret, token.secretHash)) return null;
  const { key } = token;
  return { role: key.role, keyId: key.id, region: key.region, enterprise: key.enterprise, origins: JSON.parse(key.origins_json) as string[], credential: 'token', readOnly: token.readOnly };
}

export function authenticate(db: Db) {
  return createMiddleware<AuthEnv>(async (c, next) => {
    const header = c.req.header('authorization');
    if (header === undefined) {
      c.set('principal', PUBLIC);
      return next();
    }
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (!match) throw unauthorized('the Authorization header must be "Bearer <key or token>"');
    const principal = await resolveCredential(db, match[1]);
    if (!principal) throw unauthorized('the key or token is not valid (unknown, revoked or expired)');
    c.set('principal', principal);
    return next();
  });
}
