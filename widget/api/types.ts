/**
 * The shapes of the server's answers that the widget reads (docs/api.md; the server's
 * OpenAPI document is the reference). Round and result types come from solver/schema.ts as
 * types only, so nothing of zod reaches the bundle.
 */
import type { Mechanism, Policy, Recommendation, ShortageCell, Summary, UnplacedReason } from '../../solver/schema.ts';

export type { Mechanism, Policy, Recommendation, ShortageCell, Summary, UnplacedReason };

/** A cursor page of any list endpoint. */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** `GET /regions`, `GET /specialties`: reference data with names in the three languages. */
export interface ReferenceName {
  code: string;
  /** The name the round file gave. */
  name?: string | null;
  name_en?: string | null;
  name_ru?: string | null;
  name_kk?: string | null;
}

export type RoundStatus = 'draft' | 'solved' | 'published' | 'archived';
export type RunStatus = 'queued' | 'solving' | 'done' | 'failed';

export interface RunProgress {
  phase: string;
  percent: number;
}

/** `GET /runs/{runId}`. */
export interface RunInfo {
  id: string;
  round: string;
  status: RunStatus;
  mechanism: Mechanism;
  createdAt: string;
  progress: RunProgress | null;
  summary: Summary | null;
  error: string | null;
}

/** `GET /rounds/{roundId}`. */
export interface RoundInfo {
  id: string;
  status: RoundStatus;
  scope?: { region: string } | null;
  mechanism?: Mechanism;
  policy?: Policy;
  counts?: { students: number; offers: number; colleges: number; enterprises: number; places: number };
  publishedRun: string | null;
  /** The round's runs, oldest first (admin and office only). */
  runs?: RunInfo[];
}

/** Placements of one specialty or one region (the summary's bar chart): its shortage cells added up. */
export interface PlacementBar {
  code: string;
  students: number;
  places: number;
  placed: number;
  unplaced: number;
  unusedPlaces: number;
}

/** `GET /runs/{runId}/summary`. */
export interface RunSummary {
  summary: Summary;
  shortage: ShortageCell[];
  bySpecialty: PlacementBar[];
  byRegion: PlacementBar[];
  recommendations: Recommendation[];
}

/** One row of `GET /runs/{runId}/results`: a placed or an unplaced student. */
export interface ResultRow {
  /** The student id; for the public, a pseudonym stable within the run. */
  student: string;
  /** Only for roles that may see names (never in public mode). */
  name?: string | null;
  status: 'placed' | 'unplaced';
  specialty: string;
  region: string;
  college: string;
  collegeName?: string | null;
  enterprise?: string | null;
  enterpriseName?: string | null;
  offer?: string | null;
  rank?: number | null;
  km?: number | null;
  reason?: UnplacedReason | null;
}

/** A page of results; `total` when asked for with `count=true`. */
export interface ResultPage extends Page<ResultRow> {
  total?: number;
}

/** The structured explanation of one student's outcome, rendered per language by the widget. */
export interface Explanation {
  code: string;
  [fact: string]: unknown;
}

/** `POST /runs/{runId}/lookup`. */
export interface StudentOutcome extends ResultRow {
  explanation?: Explanation[];
}

/** `GET /runs/{a}/compare/{b}`: two done runs of one round side by side. */
export interface RunComparison {
  a: RunInfo;
  b: RunInfo;
  /** Index 0: placed off-list; index r: placed on the r-th choice. */
  rankDistribution: { a: number[]; b: number[] };
  totalKm: { a: number; b: number };
  /** Blocking pairs of each allocation. */
  justifiedEnvy: { a: number | null; b: number | null };
  /** Students whose outcome differs between the two runs. */
  changedOutcomes: number;
}

/** An offer as `GET /rounds/{roundId}/offers` lists it (an enterprise key sees its own). */
export interface OfferRow {
  id: string;
  enterprise: string;
  enterpriseName?: string;
  specialty: string;
  places: number;
  minScore?: number;
  languages?: string[];
  housing?: boolean;
}

/** An enterprise as `GET /rounds/{roundId}/enterprises` lists it. */
export interface EnterpriseRow {
  id: string;
  name?: string;
  region: string;
  capacity?: number | null;
  ranking?: string[];
}

/** Personal codes the server generated for students who came without one: shown once. */
export interface GeneratedCode {
  student: string;
  code: string;
}

/** What an import answers besides the round: warnings, and the codes it generated. */
export interface ImportReport {
  warnings: { path: string; message: string; rule: string }[];
  warningCount: number;
  codes: GeneratedCode[];
}

/** `POST /rounds`. */
export type ImportedRound = RoundInfo & ImportReport;

/** `POST /rounds/{roundId}/students.csv` and `offers.csv`. */
export interface CsvImported extends ImportReport {
  round: RoundInfo;
}
