/**
 * The shapes of the server's answers that the widget reads (docs/api.md; the server's
 * OpenAPI document is the reference). They are derived from the zod schemas of solver/schema.ts
 * and server/http/api-schemas.ts as types only, so nothing of zod reaches the bundle.
 */
import type { z } from 'zod';
import type { Enterprise, Mechanism, Policy, Recommendation, ShortageCell, Summary, UnplacedReason } from '../../solver/schema.ts';
import type {
  EnterprisePatchSchema,
  ExplanationSchema,
  LookupKeySchema,
  PlacementBarSchema,
  ProgressSchema,
  ResultRowSchema,
  RoundInfoSchema,
  RoundStatusSchema,
  RunInfoSchema,
  RunStatusSchema,
  RunSummarySchema,
  StudentOutcomeSchema,
} from '../../server/http/api-schemas.ts';

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

export type RoundStatus = z.infer<typeof RoundStatusSchema>;
export type RunStatus = z.infer<typeof RunStatusSchema>;
export type RunProgress = z.infer<typeof ProgressSchema>;
/** `GET /runs/{runId}`. */
export type RunInfo = z.infer<typeof RunInfoSchema>;
/** `GET /rounds/{roundId}`. */
export type RoundInfo = z.infer<typeof RoundInfoSchema>;
/** Placements of one specialty or one region (the summary's bar chart): its shortage cells added up. */
export type PlacementBar = z.infer<typeof PlacementBarSchema>;
/** `GET /runs/{runId}/summary`. */
export type RunSummary = z.infer<typeof RunSummarySchema>;
/** One row of `GET /runs/{runId}/results`: a placed or an unplaced student. */
export type ResultRow = z.infer<typeof ResultRowSchema>;

/** A page of results; `total` when asked for with `count=true`. */
export interface ResultPage extends Page<ResultRow> {
  total?: number;
}

/** The structured explanation of one student's outcome, rendered per language by the widget. */
export type Explanation = z.infer<typeof ExplanationSchema>;

/** `POST /runs/{runId}/lookup`. */
export type StudentOutcome = z.infer<typeof StudentOutcomeSchema>;
/** `GET /runs/{runId}/lookup-key`: how to derive the key the lookup sends instead of the code. */
export type LookupKey = z.infer<typeof LookupKeySchema>;

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

/** An enterprise as `GET /rounds/{roundId}/enterprises` lists it: the round file's. */
export type EnterpriseRow = Enterprise;

/** `PATCH /rounds/{roundId}/enterprises/{enterpriseId}`: the fields to change; `null` removes one. */
export type EnterprisePatch = z.infer<typeof EnterprisePatchSchema>;

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
