/** Facts about the caller that do not come from its credentials: its address and its origin. */
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context } from 'hono';
import type { Db } from '../db/open-database.ts';
import { activeKeyOrigins } from '../repositories/api-keys.ts';

/**
 * The client's address, for rate limits. Behind a reverse proxy (TRUST_PROXY) it is the first
 * address of X-Forwarded-For; otherwise the socket's peer, which a client cannot forge.
 */
export function clientAddress(c: Context, trustProxy: boolean): string {
  if (trustProxy) {
    const forwarded = c.req.header('x-forwarded-for')?.split(',')[0]?.trim();
    if (forwarded) return forwarded;
  }
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    return 'unknown'; // requests made in-process (tests) have no socket
  }
}

/** How long the set of origins allowed by keys is cached: keys are created by a separate command. */
const KEY_ORIGINS_TTL_MS = 10_000;

/**
 * Which origins (embedding sites) may call the API from a browser: the deployment's
 * CORS_ORIGINS (`*` = any), plus the origins registered on each key. A preflight carries no
 * key, so it is allowed for any origin some active key lists; the request itself is then
 * checked against its own key's origins (`keyAllows`).
 */
export class OriginPolicy {
  private keyOrigins: { origins: Set<string>; loadedAt: number } | null = null;

  constructor(
    private readonly db: Db,
    private readonly deploymentOrigins: readonly string[],
  ) {}

  async allows(origin: string): Promise<boolean> {
    if (this.deploymentAllows(origin)) return true;
    if (!this.keyOrigins || Date.now() - this.keyOrigins.loadedAt > KEY_ORIGINS_TTL_MS) {
      this.keyOrigins = { origins: await activeKeyOrigins(this.db), loadedAt: Date.now() };
    }
    return this.keyOrigins.origins.has(origin);
  }

  keyAllows(origin: string, keyOrigins: readonly string[]): boolean {
    return this.deploymentAllows(origin) || keyOrigins.includes(origin);
  }

  private deploymentAllows(origin: string): boolean {
    return this.deploymentOrigins.includes('*') || this.deploymentOrigins.includes(origin);
  }
}
