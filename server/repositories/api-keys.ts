/** API keys and the short-lived tokens minted from them. Only hashes of their secrets are stored. */
import type { Db } from '../db/open-database.ts';
import type { ApiKeyRow, Role } from '../db/schema.ts';
import { KEY_PREFIX, TOKEN_PREFIX, hashSecret, issueSecret } from '../auth/secrets.ts';

export interface KeyScope {
  role: Role;
  region: string | null;
  enterprise: string | null;
  label: string | null;
  origins: string[];
}

export interface ApiKeyInfo extends KeyScope {
  id: string;
  createdAt: string;
  revokedAt: string | null;
}

export function toKeyInfo(row: ApiKeyRow): ApiKeyInfo {
  return {
    id: row.id,
    role: row.role,
    region: row.region,
    enterprise: row.enterprise,
    label: row.label,
    origins: JSON.parse(row.origins_json) as string[],
    createdAt: row.created_at,
    revokedAt: row.revoked_at,
  };
}

/** Creates a key; the returned `value` is the only time its secret exists outside the caller. */
export async function createApiKey(db: Db, scope: KeyScope, fixed?: { id: string; secret: string }): Promise<{ key: ApiKeyInfo; value: string }> {
  const issued = fixed ? { id: fixed.id, value: `${KEY_PREFIX}_${fixed.id}_${fixed.secret}`, secretHash: hashSecret(fixed.secret) } : issueSecret(KEY_PREFIX);
  const row: ApiKeyRow = {
    id: issued.id,
    secret_hash: issued.secretHash,
    role: scope.role,
    region: scope.region,
    enterprise: scope.enterprise,
    label: scope.label,
    origins_json: JSON.stringify(scope.origins),
    created_at: new Date().toISOString(),
    revoked_at: null,
  };
  await db.insertInto('api_keys').values(row).execute();
  return { key: toKeyInfo(row), value: issued.value };
}

export async function findActiveKey(db: Db, id: string): Promise<ApiKeyRow | undefined> {
  return db.selectFrom('api_keys').selectAll().where('id', '=', id).where('revoked_at', 'is', null).executeTakeFirst();
}

export async function listApiKeys(db: Db): Promise<ApiKeyInfo[]> {
  const rows = await db.selectFrom('api_keys').selectAll().orderBy('created_at').orderBy('id').execute();
  return rows.map(toKeyInfo);
}

/** Revokes a key and deletes its tokens; false when there was no such active key. */
export async function revokeApiKey(db: Db, id: string): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const result = await trx.updateTable('api_keys').set({ revoked_at: new Date().toISOString() }).where('id', '=', id).where('revoked_at', 'is', null).executeTakeFirst();
    await trx.deleteFrom('tokens').where('key_id', '=', id).execute();
    return result.numUpdatedRows > 0n;
  });
}

export async function deleteApiKey(db: Db, id: string): Promise<void> {
  await db.deleteFrom('api_keys').where('id', '=', id).execute();
}

/** Origins any active key may be used from: CORS preflights carry no key, so they are checked against all. */
export async function activeKeyOrigins(db: Db): Promise<Set<string>> {
  const rows = await db.selectFrom('api_keys').select('origins_json').where('revoked_at', 'is', null).execute();
  return new Set(rows.flatMap((row) => JSON.parse(row.origins_json) as string[]));
}

export async function createToken(db: Db, keyId: string, ttlSeconds: number, readOnly: boolean): Promise<{ value: string; expiresAt: string }> {
  const issued = issueSecret(TOKEN_PREFIX);
  const now = new Date();
  const expiresAt = new Date(now.getTime() + ttlSeconds * 1000).toISOString();
  await db.transaction().execute(async (trx) => {
    // Expired tokens are useless; clearing them here keeps the table at the size of the live ones.
    await trx.deleteFrom('tokens').where('expires_at', '<', now.toISOString()).execute();
    await trx
      .insertInto('tokens')
      .values({ id: issued.id, key_id: keyId, secret_hash: issued.secretHash, read_only: readOnly ? 1 : 0, expires_at: expiresAt, created_at: now.toISOString() })
      .execute();
  });
  return { value: issued.value, expiresAt };
}

/** A live token and the active key it was minted from. */
export async function findLiveToken(db: Db, id: string): Promise<{ secretHash: string; readOnly: boolean; key: ApiKeyRow } | undefined> {
  const row = await db
    .selectFrom('tokens')
    .innerJoin('api_keys', 'api_keys.id', 'tokens.key_id')
    .select(['tokens.secret_hash as token_hash', 'tokens.read_only', 'tokens.expires_at'])
    .selectAll('api_keys')
    .where('tokens.id', '=', id)
    .where('tokens.expires_at', '>', new Date().toISOString())
    .where('api_keys.revoked_at', 'is', null)
    .executeTakeFirst();
  if (!row) return undefined;
  const { token_hash, read_only, expires_at: _expiresAt, ...key } = row;
  return { secretHash: token_hash, readOnly: read_only === 1, key };
}
