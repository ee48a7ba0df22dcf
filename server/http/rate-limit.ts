/**
 * Fixed-window rate limits kept in memory: per client address for public endpoints and
 * lookups, per student for failed lookups. Per process: with several instances each counts
 * for itself, so a client spread over N instances gets up to N times a limit; a deliberate
 * choice (no shared store, no database write per public request), documented with its
 * remedies in docs/deployment.md.
 */
import { ProblemError } from './problem.ts';

export class RateLimiter {
  private readonly windows = new Map<string, { start: number; count: number }>();

  /** `limit` events per `windowMs`; a limit of 0 allows everything. */
  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
  ) {}

  /** Counts one event for `key`; returns how many seconds to wait when over the limit. */
  hit(key: string, now = Date.now()): { allowed: true } | { allowed: false; retryAfterSeconds: number } {
    if (this.limit === 0) return { allowed: true };
    const window = this.current(key, now);
    window.count++;
    if (window.count <= this.limit) return { allowed: true };
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((window.start + this.windowMs - now) / 1000)) };
  }

  /** Whether `key` is over the limit, without counting anything. */
  blocked(key: string, now = Date.now()): boolean {
    const window = this.windows.get(key);
    return this.limit > 0 && window !== undefined && window.start + this.windowMs > now && window.count >= this.limit;
  }

  private current(key: string, now: number) {
    let window = this.windows.get(key);
    if (!window || window.start + this.windowMs <= now) {
      if (this.windows.size > 100_000) this.sweep(now);
      window = { start: now, count: 0 };
      this.windows.set(key, window);
    }
    return window;
  }

  /** Forgets expired windows, so the map stays the size of the recent clients. */
  private sweep(now: number) {
    for (const [key, window] of this.windows) if (window.start + this.windowMs <= now) this.windows.delete(key);
  }
}

/** Counts one event for `key`; over the limit, a 429 with Retry-After. */
export function rejectOverLimit(limiter: RateLimiter, key: string): void {
  const verdict = limiter.hit(key);
  if (!verdict.allowed) throw new ProblemError(429, 'rate-limited', `too many requests; try again in ${verdict.retryAfterSeconds} s`, { headers: { 'retry-after': String(verdict.retryAfterSeconds) } });
}
