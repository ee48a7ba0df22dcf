/** Rounds: their rows, lifecycle fields and counts. The entities live in round-entities.ts. */
import { lockingRows, type Db } from '../db/open-database.ts';
import type { RoundRow, RoundStatus } from '../db/schema.ts';
import { keyset, toPage, type CursorValue, type SortDirection } from '../http/pagination.ts';
import type { RoundInfo } from '../http/api-schemas.ts';
import type { Mechanism, Round } from '../../solver/schema.ts';

/** The round document without its four large lists: format, round, regions, specialties, unknown fields. */
export type RoundHead = Pick<Round, 'format' | 'round' | 'regions' | 'specialties'> & Record<string, unknown>;

export function parseHead(row: Pick<RoundRow, 'head_json'>): RoundHead {
  return JSON.parse(row.head_json) as RoundHead;
}

export function toRoundInfo(row: RoundRow): RoundInfo {
  const head = parseHead(row);
  return {
    id: row.id,
    scope: row.scope_region === null ? null : { region: row.scope_region },
    mechanism: row.mechanism as Mechanism,
    policy: head.round.policy ?? {},
    status: row.status,
    revision: row.revision,
    publishedRun: row.published_run_id,
    sourceRun: row.source_run_id,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export async function findRound(db: Db, id: string): Promise<RoundRow | undefined> {
  return db.selectFrom('rounds').selectAll().where('id', '=', id).executeTakeFirst();
}

/**
 * The round, locked until the transaction ends (PostgreSQL; SQLite's one writer does this
 * anyway): what changes a round's lists or its state takes this first, so that those
 * changes take turns, and what they checked stays true until they commit.
 */
export async function lockRound(db: Db, id: string): Promise<RoundRow | undefined> {
  return lockingRows(db, db.selectFrom('rounds').selectAll().where('id', '=', id)).executeTakeFirst();
}

export async function roundExists(db: Db, id: string): Promise<boolean> {
  return (await db.selectFrom('rounds').select('id').where('id', '=', id).executeTakeFirst()) !== undefined;
}

export async function roundCounts(db: Db, id: string): Promise<{ colleges: number; enterprises: number; offers: number; students: number; places: number }> {
  const count = async (table: 'colleges' | 'enterprises' | 'students') =>
    Number((await db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).where('round_id', '=', id).executeTakeFirstOrThrow()).n);
  const offers = await db
    .selectFrom('offers')
    // Summed as floating point: an integer sum of extreme places (the format allows 2^53) overflows in SQLite.
    .select((eb) => [eb.fn.countAll().as('n'), eb.fn.sum<number | string | null>(eb.cast('places', 'double precision')).as('places')])
    .where('round_id', '=', id)
    .executeTakeFirstOrThrow();
  return { colleges: await count('colleges'), enterprises: await count('enterprises'), offers: Number(offers.n), students: await count('students'), places: Number(offers.places ?? 0) };
}

export const ROUND_SORTS = { id: 'id', createdAt: 'created_at', updatedAt: 'updated_at' } as const;

export interface RoundListQuery {
  status?: RoundStatus;
  region?: string;
  /** Restricts to these scopes: a region code, or null for national rounds. */
  visibleTo: { kind: 'all' } | { kind: 'region'; region: string } | { kind: 'enterprise'; enterprise: string } | { kind: 'published' };
  sort: keyof typeof ROUND_SORTS;
  order: SortDirection;
  after: CursorValue[] | null;
  limit: number;
}

export async function listRounds(db: Db, query: RoundListQuery) {
  const column = ROUND_SORTS[query.sort];
  let q = db.selectFrom('rounds').selectAll();
  if (query.status) q = q.where('status', '=', query.status);
  if (query.region) q = q.where('scope_region', '=', query.region);
  const visible = query.visibleTo;
  if (visible.kind === 'region') q = q.where('scope_region', '=', visible.region);
  if (visible.kind === 'published') q = q.where('published_run_id', 'is not', null);
  if (visible.kind === 'enterprise') {
    q = q.where((eb) => eb.exists(eb.selectFrom('enterprises').select('enterprises.id').whereRef('enterprises.round_id', '=', 'rounds.id').where('enterprises.id', '=', visible.enterprise)));
  }
  const rows = await keyset(q, { column, tie: 'id', direction: query.order, after: query.after, limit: query.limit }).execute();
  return toPage(rows, query.limit, (row) => [row[column], row.id], toRoundInfo);
}

/**
 * Records an edit: the revision moves on (runs of older revisions are stale) and a solved
 * round is a draft again. Call inside the edit's transaction.
 */
export async function markEdited(db: Db, id: string): Promise<void> {
  await db
    .updateTable('rounds')
    .set((eb) => ({ revision: eb('revision', '+', 1), status: 'draft', updated_at: new Date().toISOString() }))
    .where('id', '=', id)
    .execute();
}
