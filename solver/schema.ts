/**
 * The data contract, `dual-match/round@1` in and `dual-match/result@1` out
 * (docs/round-format.md). Every TypeScript type of a round or a result is inferred from these
 * zod schemas, so the validation and the types cannot drift apart.
 *
 * Objects are "loose": the spec says unknown fields are kept on import/export and ignored by
 * the solver, so they must survive parsing.
 */
import { z } from 'zod';

export const ROUND_FORMAT = 'dual-match/round@1';
export const RESULT_FORMAT = 'dual-match/result@1';

const Id = z.string().min(1, 'must not be empty').max(200, 'must be at most 200 characters');
const Name = z.string().max(500);
const Latitude = z.number().min(-90).max(90);
const Longitude = z.number().min(-180).max(180);
const Score = z.number().min(0, 'must be between 0 and 100').max(100, 'must be between 0 and 100');

export const RegionSchema = z.looseObject({
  code: Id,
  name: Name.optional(),
  lat: Latitude,
  lon: Longitude,
});

export const SpecialtySchema = z.looseObject({
  code: Id,
  name: Name.optional(),
});

export const CollegeSchema = z.looseObject({
  id: Id,
  name: Name.optional(),
  region: Id,
  lat: Latitude.optional(),
  lon: Longitude.optional(),
});

export const EnterpriseSchema = z.looseObject({
  id: Id,
  name: Name.optional(),
  region: Id,
  lat: Latitude.optional(),
  lon: Longitude.optional(),
  /** The most students the enterprise takes across all its offers; absent = sum of places. */
  capacity: z.number().int('must be a whole number').min(0, 'must not be negative').optional(),
  /** Student ids, best first; one list for all the enterprise's offers. */
  ranking: z.array(Id).optional(),
});

export const OfferSchema = z.looseObject({
  id: Id,
  enterprise: Id,
  specialty: Id,
  places: z.number().int('must be a whole number').min(0, 'must not be negative'),
  minScore: Score.optional(),
  languages: z.array(z.string().min(1)).optional(),
  housing: z.boolean().optional(),
});

export const MobilitySchema = z.union(
  [z.literal('region'), z.literal('country'), z.strictObject({ maxKm: z.number().min(0, 'must not be negative') })],
  { error: 'must be "region", "country" or { "maxKm": N }' },
);

export const StudentSchema = z.looseObject({
  id: Id,
  /** Additive extension: a display name, never shown in public views. */
  name: Name.optional(),
  college: Id,
  specialty: Id,
  score: Score,
  language: z.string().min(1).optional(),
  mobility: MobilitySchema.optional(),
  priority: z.boolean().optional(),
  preferences: z.array(Id).optional(),
});

export const MechanismSchema = z.enum(['optimal', 'stable']);

// The bounds keep every cost of the flow network exact in float64 arithmetic at national scale.
const Weight = (max: number) => z.number().min(0, 'must not be negative').max(max, `must be at most ${max}`);

/**
 * Policy knobs. The quality weights only matter for the optimal mechanism's third level
 * (docs/policy.md explains the cost they build); every knob has a default.
 */
export const PolicySchema = z.looseObject({
  seed: z.number().int('must be a whole number').optional(),
  preferredOnly: z.boolean().optional(),
  rankWeight: Weight(10_000).optional(),
  offListCost: Weight(100_000).optional(),
  kmWeight: Weight(100).optional(),
  meritWeight: Weight(1_000).optional(),
});

export const RoundMetaSchema = z.looseObject({
  id: Id,
  scope: z.looseObject({ region: Id }).nullable().optional(),
  mechanism: MechanismSchema.optional(),
  policy: PolicySchema.optional(),
});

export const RoundSchema = z.looseObject({
  format: z.literal(ROUND_FORMAT, { error: `must be "${ROUND_FORMAT}"` }),
  round: RoundMetaSchema,
  regions: z.array(RegionSchema),
  specialties: z.array(SpecialtySchema),
  colleges: z.array(CollegeSchema),
  enterprises: z.array(EnterpriseSchema),
  offers: z.array(OfferSchema),
  students: z.array(StudentSchema),
});

export type Region = z.infer<typeof RegionSchema>;
export type Specialty = z.infer<typeof SpecialtySchema>;
export type College = z.infer<typeof CollegeSchema>;
export type Enterprise = z.infer<typeof EnterpriseSchema>;
export type Offer = z.infer<typeof OfferSchema>;
export type Mobility = z.infer<typeof MobilitySchema>;
export type Student = z.infer<typeof StudentSchema>;
export type Mechanism = z.infer<typeof MechanismSchema>;
export type Policy = z.infer<typeof PolicySchema>;
export type RoundMeta = z.infer<typeof RoundMetaSchema>;
export type Round = z.infer<typeof RoundSchema>;

// ---------------------------------------------------------------------------------------------
// Result

export const UnplacedReasonSchema = z.enum(['no-offer', 'score', 'language', 'distance', 'capacity', 'preferred-only']);

export const AssignmentSchema = z.looseObject({
  student: Id,
  offer: Id,
  /** 1-based position in the student's preferences; null when placed off-list. */
  rank: z.number().int().min(1).nullable(),
  /** Great-circle distance from the student's college to the enterprise, 0.1 km precision. */
  km: z.number().min(0),
});

export const UnplacedSchema = z.looseObject({
  student: Id,
  reason: UnplacedReasonSchema,
  detail: z.string(),
});

export const SummarySchema = z.looseObject({
  students: z.number().int().min(0),
  places: z.number().int().min(0),
  placed: z.number().int().min(0),
  priorityPlaced: z.number().int().min(0),
  priorityStudents: z.number().int().min(0),
});

export const ShortageCellSchema = z.looseObject({
  specialty: Id,
  region: Id,
  students: z.number().int().min(0),
  places: z.number().int().min(0),
  placed: z.number().int().min(0),
  unplaced: z.number().int().min(0),
  unusedPlaces: z.number().int().min(0),
  gap: z.number().int().min(0).optional(),
});

/**
 * Where an admitted student stands in an enterprise's order (the stable mechanism's order of
 * students: ranking, then priority, then score, then the lottery). Published for the last
 * student an offer admitted, as school-choice systems publish cut-offs.
 */
export const AdmissionRankSchema = z.looseObject({
  /** 1-based position in the enterprise's `ranking`, or null when the student is not listed. */
  ranking: z.number().int().min(1).nullable(),
  priority: z.boolean(),
  score: Score,
  /** 1-based lottery number drawn from `policy.seed`; 1 is the luckiest. */
  lottery: z.number().int().min(1),
});

/** Additive extension: an offer's cut-off, for every offer that admitted someone. */
export const CutoffSchema = z.looseObject({
  offer: Id,
  places: z.number().int().min(0),
  admitted: z.number().int().min(1),
  /** The lowest score among the admitted students. */
  lowestScore: Score,
  /** The admitted student the enterprise ranks last: a student ranked above it beats the cut-off. */
  lastAdmitted: AdmissionRankSchema,
});

const Count = z.number().int().min(1);

/**
 * Additive extension: what would place more students, ranked (docs/policy.md, "Result
 * extensions"). `students` is how many more students the change would place.
 */
export const RecommendationSchema = z.discriminatedUnion('kind', [
  /** New unrestricted places in a cell would place `students` more (the cell's gap). */
  z.looseObject({ kind: z.literal('add-places'), specialty: Id, region: Id, students: Count }),
  /** `blocked` unplaced students fail only this offer's minScore; it has `freePlaces` left. */
  z.looseObject({ kind: z.literal('lower-min-score'), offer: Id, minScore: Score, blocked: Count, freePlaces: Count, students: Count }),
  /** `blocked` unplaced students fail only this offer's language rule; it has `freePlaces` left. */
  z.looseObject({ kind: z.literal('accept-languages'), offer: Id, languages: z.array(z.string()), blocked: Count, freePlaces: Count, students: Count }),
  /** A cell in surplus: `places` of its places went unused. */
  z.looseObject({ kind: z.literal('unused-places'), specialty: Id, region: Id, places: Count }),
]);

export const ResultSchema = z.looseObject({
  format: z.literal(RESULT_FORMAT),
  round: Id,
  mechanism: MechanismSchema,
  inputHash: z.string().regex(/^sha256:[0-9a-f]{64}$/, 'must be "sha256:" and 64 hex digits'),
  solver: z.looseObject({ name: z.string(), version: z.string(), seconds: z.number().min(0).optional() }),
  assignments: z.array(AssignmentSchema),
  unplaced: z.array(UnplacedSchema),
  summary: SummarySchema,
  shortage: z.array(ShortageCellSchema),
  cutoffs: z.array(CutoffSchema).optional(),
  recommendations: z.array(RecommendationSchema).optional(),
});

export type UnplacedReason = z.infer<typeof UnplacedReasonSchema>;
export type Assignment = z.infer<typeof AssignmentSchema>;
export type Unplaced = z.infer<typeof UnplacedSchema>;
export type Summary = z.infer<typeof SummarySchema>;
export type ShortageCell = z.infer<typeof ShortageCellSchema>;
export type AdmissionRank = z.infer<typeof AdmissionRankSchema>;
export type Cutoff = z.infer<typeof CutoffSchema>;
export type Recommendation = z.infer<typeof RecommendationSchema>;
export type Result = z.infer<typeof ResultSchema>;
