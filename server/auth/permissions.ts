/**
 * Who may do what (docs/api.md, "Roles"). Each check either returns or throws: 401 when a key
 * would help (the caller has none), 403 when the caller's key does not allow it.
 *
 * - admin: everything.
 * - office: rounds whose scope is its region (national rounds need admin).
 * - enterprise: its own offers, capacity and ranking in rounds it takes part in; its own
 *   assigned students once a run is published.
 * - public: published runs' aggregates and pseudonymous rows, and a student's own outcome.
 * Tokens carry their key's role and scope; a read-only token cannot change anything.
 */
import type { RoundRow } from '../db/schema.ts';
import { forbidden, unauthorized } from '../http/problem.ts';
import type { KeyPrincipal, Principal } from './principal.ts';

export function requireKey(principal: Principal): asserts principal is KeyPrincipal {
  if (principal.role === 'public') throw unauthorized('this needs an API key or token');
}

export function requireRole(principal: Principal, roles: readonly KeyPrincipal['role'][]): asserts principal is KeyPrincipal {
  requireKey(principal);
  if (!roles.includes(principal.role)) throw forbidden(`this needs the ${roles.join(' or ')} role`);
}

/** Changes need a key or a token that is not read-only. */
export function requireWritable(principal: Principal): asserts principal is KeyPrincipal {
  requireKey(principal);
  if (principal.readOnly) throw forbidden('this token is read-only');
}

/** Whether an admin or office key manages rounds of this scope (null = national). */
export function managesScope(principal: Principal, scopeRegion: string | null): boolean {
  if (principal.role === 'admin') return true;
  return principal.role === 'office' && scopeRegion !== null && principal.region === scopeRegion;
}

/** May see and export everything of the round: admin, or the office of its region. */
export function requireRoundManager(principal: Principal, round: Pick<RoundRow, 'scope_region'>): void {
  requireRole(principal, ['admin', 'office']);
  if (!managesScope(principal, round.scope_region)) {
    throw forbidden(round.scope_region === null ? 'national rounds need the admin role' : `this round belongs to region ${round.scope_region}; the key is for ${principal.region}`);
  }
}

/** May change the round: a round manager with a key (not a token). */
export function requireRoundEditor(principal: Principal, round: Pick<RoundRow, 'scope_region'>): void {
  requireRoundManager(principal, round);
  requireWritable(principal);
}

export function requireScopeImport(principal: Principal, scopeRegion: string | null): void {
  requireWritable(principal);
  requireRole(principal, ['admin', 'office']);
  if (!managesScope(principal, scopeRegion)) {
    throw forbidden(scopeRegion === null ? 'national rounds need the admin role' : `an office key for ${principal.region} cannot import a round for ${scopeRegion}`);
  }
}

/** Enterprise keys act on their own enterprise only. */
export function requireOwnEnterprise(principal: KeyPrincipal, enterpriseId: string): void {
  if (principal.role === 'enterprise' && principal.enterprise !== enterpriseId) throw forbidden(`an enterprise key for ${principal.enterprise} cannot act for ${enterpriseId}`);
}
