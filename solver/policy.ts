import type { Policy } from './schema.ts';

/**
 * The policy with every default filled in. The weights build the optimal mechanism's quality
 * cost (docs/policy.md): an integer cost per placement, so the optimisation stays exact.
 */
export interface ResolvedPolicy {
  /** Seeds the lottery (stable mechanism) and the order in which equal candidates are tried. */
  seed: number;
  /** Only offers in a student's preferences may be assigned. */
  preferredOnly: boolean;
  /** Cost per step down the preference list: rank r costs rankWeight * (r - 1). */
  rankWeight: number;
  /** Cost of a placement on an offer the student did not list (listed ranks are capped at it). */
  offListCost: number;
  /** Cost per km between the college and the enterprise. */
  kmWeight: number;
  /** Worth per score point of placing a student rather than leaving them unplaced. */
  meritWeight: number;
}

export const DEFAULT_POLICY: ResolvedPolicy = {
  seed: 0,
  preferredOnly: false,
  rankWeight: 100,
  offListCost: 600,
  kmWeight: 0.1,
  meritWeight: 10,
};

export function resolvePolicy(policy: Policy | undefined): ResolvedPolicy {
  const resolved = { ...DEFAULT_POLICY };
  for (const key of Object.keys(DEFAULT_POLICY) as (keyof ResolvedPolicy)[]) {
    const value = policy?.[key];
    if (value !== undefined) (resolved as Record<string, unknown>)[key] = value;
  }
  return resolved;
}
