/**
 * The tables as Kysely sees them (the migrations in ./migrations create them). Types are the
 * portable subset of SQLite and PostgreSQL: text, integer, double precision and binary;
 * booleans are integers 0/1 and times are ISO 8601 UTC text, so the same queries run on both.
 */
import type { Generated, Insertable, Selectable } from 'kysely';

export type RoundStatus = 'draft' | 'solved' | 'published' | 'archived';
export type RunStatus = 'queued' | 'solving' | 'done' | 'failed';
export type Role = 'admin' | 'office' | 'enterprise';

/** A round: its lifecycle, plus the round document minus the four large lists (`head_json`). */
export interface RoundsTable {
  id: string;
  scope_region: string | null;
  mechanism: string;
  status: RoundStatus;
  /** Incremented by every edit; a run remembers the revision it solved. */
  revision: number;
  /** The round document without colleges, enterprises, offers and students (JSON). */
  head_json: string;
  /** Secret salt (base64url) of the public pseudonyms, and of the code hashes of rounds from before lookup keys. */
  code_salt: string;
  /** Public salt and scrypt cost (log2 N) of the students' lookup keys (auth/lookup-key.ts); null on rounds from before them. */
  lookup_salt: string | null;
  lookup_cost: number | null;
  published_run_id: string | null;
  /** The run whose leftovers this vacancy round was made from. */
  source_run_id: string | null;
  created_by: string | null;
  created_at: string;
  updated_at: string;
}

/**
 * The four lists of a round. `data` is the entity exactly as imported (unknown fields kept,
 * `JSON.stringify`d); the other columns are copies of fields that lists filter and sort by.
 * `position` keeps the file's order, which the solver's tie-breaking depends on.
 */
interface RoundEntityColumns {
  round_id: string;
  id: string;
  position: number;
  data: string;
}

export interface CollegesTable extends RoundEntityColumns {
  region: string;
}

export interface EnterprisesTable extends RoundEntityColumns {
  region: string;
}

export interface OffersTable extends RoundEntityColumns {
  enterprise: string;
  specialty: string;
  /** The enterprise's region. */
  region: string;
  places: number;
}

export interface StudentsTable extends RoundEntityColumns {
  college: string;
  specialty: string;
  /** The home region: the college's region. */
  region: string;
  name: string | null;
  score: number;
  priority: number;
  /** scrypt of the personal code (personal-codes.ts); null = the student has no code. */
  code_hash: string | null;
}

/**
 * Reference data across rounds: the names in English, Russian and Kazakh come from the
 * national reference data (fixtures/data), `name` from the first round that brought the code.
 */
export interface RegionsTable {
  code: string;
  name: string | null;
  name_en: string | null;
  name_ru: string | null;
  name_kk: string | null;
  lat: number;
  lon: number;
}

export interface SpecialtiesTable {
  code: string;
  name: string | null;
  name_en: string | null;
  name_ru: string | null;
  name_kk: string | null;
}

/**
 * A run's large values, apart from its row (migration 0002 says why). The snapshot is written
 * with the run, the result and report with its outcome; none changes afterwards.
 */
export interface RunPayloadsTable {
  run_id: string;
  /** The round document as solved, gzipped JSON. */
  snapshot: Buffer;
  /** The `dual-match/result@1` document, gzipped JSON. */
  result: Buffer | null;
  /** The rest of the summary endpoint's payload (shortage, breakdowns, recommendations), JSON. */
  report_json: string | null;
}

/**
 * A solve of a round (its large values are in `run_payloads`). `claimed_by` and
 * `heartbeat_at` say which instance solves it and that it is alive, so that several instances
 * can share one queue.
 */
export interface RunsTable {
  id: string;
  round_id: string;
  status: RunStatus;
  mechanism: string;
  /** The policy the run solved with (the round's, with the run's overrides), JSON. */
  policy_json: string;
  round_revision: number;
  input_hash: string | null;
  solver_name: string | null;
  solver_version: string | null;
  /** The result's summary (students, places, placed, ...), JSON. */
  summary_json: string | null;
  /** The solver's description of the outcome (choices got, distance, justified envy), JSON. */
  outcome_json: string | null;
  progress_phase: string | null;
  progress_percent: number | null;
  error: string | null;
  attempts: Generated<number>;
  claimed_by: string | null;
  heartbeat_at: string | null;
  created_by: string | null;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
  published_at: string | null;
  solve_seconds: number | null;
}

/** One row per student of a finished run, for paging, filtering and sorting results fast. */
export interface ResultsTable {
  run_id: string;
  position: number;
  student: string;
  name: string | null;
  score: number;
  priority: number;
  college: string;
  college_name: string | null;
  specialty: string;
  /** The student's home region. */
  region: string;
  status: 'placed' | 'unplaced';
  offer: string | null;
  enterprise: string | null;
  enterprise_name: string | null;
  rank: number | null;
  km: number | null;
  reason: string | null;
  detail: string | null;
  /** Why the outcome is what it is, as structured items (run-explanations.ts), JSON. */
  explanation: string;
}

export interface ApiKeysTable {
  id: string;
  /** sha256 of the key's secret part, hex. */
  secret_hash: string;
  role: Role;
  region: string | null;
  enterprise: string | null;
  label: string | null;
  /** Origins (embedding sites) this key may be used from, JSON array. */
  origins_json: string;
  created_at: string;
  revoked_at: string | null;
}

export interface TokensTable {
  id: string;
  key_id: string;
  secret_hash: string;
  /** 1: the token may only read (for public pages). */
  read_only: number;
  expires_at: string;
  created_at: string;
}

export interface DatabaseSchema {
  rounds: RoundsTable;
  colleges: CollegesTable;
  enterprises: EnterprisesTable;
  offers: OffersTable;
  students: StudentsTable;
  regions: RegionsTable;
  specialties: SpecialtiesTable;
  runs: RunsTable;
  run_payloads: RunPayloadsTable;
  results: ResultsTable;
  api_keys: ApiKeysTable;
  tokens: TokensTable;
}

export type RoundRow = Selectable<RoundsTable>;
export type RunRow = Selectable<RunsTable>;
export type ResultRow = Selectable<ResultsTable>;
export type NewResultRow = Insertable<ResultsTable>;
export type OfferRow = Selectable<OffersTable>;
export type ApiKeyRow = Selectable<ApiKeysTable>;
