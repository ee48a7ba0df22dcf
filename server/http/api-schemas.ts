/**
 * The API's own shapes (docs/api.md): responses and request bodies that are not round or
 * result documents. Round and result parts are the solver's schemas, never redeclared. These
 * zod schemas validate requests, type the handlers and make /openapi.json.
 */
import { z } from '@hono/zod-openapi';
import {
  CollegeSchema,
  EnterpriseSchema,
  MechanismSchema,
  OfferSchema,
  PolicySchema,
  RecommendationSchema,
  ShortageCellSchema,
  StudentSchema,
  SummarySchema,
  UnplacedReasonSchema,
} from '../../solver/schema.ts';
import { PROBLEM_TYPES } from './problem.ts';

export const IdParam = z.string().min(1).max(200);

export const ProblemSchema = z
  .object({
    type: z.string().openapi({ example: '/docs#problem-validation' }),
    title: z.string(),
    status: z.number().int(),
    detail: z.string().optional(),
    errors: z.array(z.object({ path: z.string(), message: z.string(), rule: z.string() })).optional(),
    errorCount: z.number().int().optional(),
  })
  .openapi('Problem', { description: `RFC 9457 problem details. Types: ${Object.keys(PROBLEM_TYPES).join(', ')}.` });

export const IssueSchema = z.object({ path: z.string(), rule: z.string(), message: z.string() }).openapi('Issue');

export const RoundStatusSchema = z.enum(['draft', 'solved', 'published', 'archived']);
export const RunStatusSchema = z.enum(['queued', 'solving', 'done', 'failed']);

export const ProgressSchema = z.object({
  phase: z.string().openapi({ description: 'queued, validate, compatibility, network, solve, stable, analysis, store' }),
  percent: z.number().int().min(0).max(100).openapi({ description: 'How far through the phase.' }),
});

export const RunInfoSchema = z
  .object({
    id: z.string(),
    round: z.string(),
    status: RunStatusSchema,
    mechanism: MechanismSchema,
    policy: PolicySchema,
    roundRevision: z.number().int(),
    stale: z.boolean().openapi({ description: 'The round was edited after this run took its snapshot.' }),
    inputHash: z.string().nullable(),
    solver: z.object({ name: z.string(), version: z.string() }).nullable(),
    progress: ProgressSchema.nullable(),
    summary: SummarySchema.nullable(),
    error: z.string().nullable(),
    createdAt: z.string(),
    startedAt: z.string().nullable(),
    finishedAt: z.string().nullable(),
    publishedAt: z.string().nullable(),
    seconds: z.number().nullable().openapi({ description: 'Wall-clock time of the solve.' }),
  })
  .openapi('Run');

export const RoundInfoSchema = z
  .object({
    id: z.string(),
    scope: z.object({ region: z.string() }).nullable(),
    mechanism: MechanismSchema,
    policy: PolicySchema,
    status: RoundStatusSchema,
    revision: z.number().int(),
    publishedRun: z.string().nullable(),
    sourceRun: z.string().nullable().openapi({ description: 'For a vacancy round: the run whose leftovers it holds.' }),
    createdAt: z.string(),
    updatedAt: z.string(),
    counts: z.object({ colleges: z.number().int(), enterprises: z.number().int(), offers: z.number().int(), students: z.number().int(), places: z.number().int() }).optional(),
    runs: z.array(RunInfoSchema).optional().openapi({ description: "The round's runs, oldest first (admin and office only)." }),
  })
  .openapi('Round');

export const ImportedRoundSchema = RoundInfoSchema.extend({
  warnings: z.array(IssueSchema),
  warningCount: z.number().int(),
  codes: z.array(z.object({ student: z.string(), code: z.string() })).openapi({
    description: 'Personal codes generated for students who came without one. Shown this once: hand them to the students.',
  }),
}).openapi('ImportedRound');

export const CsvImportedSchema = z
  .object({
    round: RoundInfoSchema,
    created: z.number().int(),
    updated: z.number().int(),
    deleted: z.number().int(),
    warnings: z.array(IssueSchema),
    warningCount: z.number().int(),
    codes: z.array(z.object({ student: z.string(), code: z.string() })),
  })
  .openapi('CsvImported');

export const StartRunSchema = z
  .object({
    mechanism: MechanismSchema.optional().openapi({ description: "Default: the round's mechanism." }),
    policy: PolicySchema.optional().openapi({ description: "Knobs that override the round's policy for this run." }),
  })
  .openapi('StartRun');

export const PlacementBarSchema = z.object({
  code: z.string(),
  students: z.number().int(),
  places: z.number().int(),
  placed: z.number().int(),
  unplaced: z.number().int(),
  unusedPlaces: z.number().int(),
});

export const RunSummarySchema = z
  .object({
    run: z.string(),
    round: z.string(),
    mechanism: MechanismSchema,
    inputHash: z.string().nullable(),
    publishedAt: z.string().nullable(),
    summary: SummarySchema,
    shortage: z.array(ShortageCellSchema),
    bySpecialty: z.array(PlacementBarSchema),
    byRegion: z.array(PlacementBarSchema),
    recommendations: z.array(RecommendationSchema),
    justifiedEnvy: z.number().int().openapi({ description: 'Students with justified envy (solver/mechanism-comparison.ts); 0 for a stable allocation.' }),
  })
  .openapi('RunSummary');

export const ExplanationSchema = z
  .looseObject({ code: z.string() })
  .openapi('Explanation', { description: 'One reason, `{ code, ...facts }`; docs/api.md lists the codes and their facts.' });

export const ResultRowSchema = z
  .object({
    student: z.string().openapi({ description: 'The student id; for the public, a pseudonym stable within the run.' }),
    name: z.string().nullable().optional(),
    score: z.number().optional(),
    priority: z.boolean().optional(),
    status: z.enum(['placed', 'unplaced']),
    specialty: z.string(),
    region: z.string().openapi({ description: "The student's home region (of the college)." }),
    college: z.string(),
    collegeName: z.string().nullable(),
    offer: z.string().nullable(),
    enterprise: z.string().nullable(),
    enterpriseName: z.string().nullable(),
    rank: z.number().int().nullable(),
    km: z.number().nullable(),
    reason: UnplacedReasonSchema.nullable(),
    detail: z.string().nullable().optional(),
  })
  .openapi('ResultRow', { description: 'Public rows carry a pseudonym and no name, score or priority.' });

export const StudentOutcomeSchema = ResultRowSchema.extend({ explanation: z.array(ExplanationSchema) }).openapi('StudentOutcome');

export const LookupSchema = z
  .object({
    student: IdParam,
    code: z.string().min(1).max(100).optional().openapi({ description: 'The personal code, as the student has it.' }),
    key: z
      .string()
      .regex(/^[A-Za-z0-9_-]{22}$/, 'must be 16 bytes in base64url without padding (22 characters)')
      .optional()
      .openapi({ description: 'Instead of the code: the key derived from it (`GET /runs/{runId}/lookup-key`), which spares the server the slow hash.' }),
  })
  .refine((body) => (body.code === undefined) !== (body.key === undefined), { path: ['code'], message: 'give the personal code or its key: one of the two' })
  .openapi('Lookup');

export const LookupKeySchema = z
  .object({
    derivation: z
      .object({
        algorithm: z.literal('scrypt'),
        salt: z.string().openapi({ description: "The round's lookup salt: a student's salt is `{salt}:{student id}`." }),
        N: z.number().int().openapi({ description: "scrypt's cost, 2^CODE_HASH_COST at the round's import." }),
        r: z.number().int(),
        p: z.number().int(),
        length: z.number().int().openapi({ description: 'The key, in bytes.' }),
      })
      .nullable()
      .openapi({ description: "scrypt's parameters: the password is the normalised code, the salt `{salt}:{student id}` (both UTF-8). Null: this run's round is from before lookup keys, and takes codes only." }),
  })
  .openapi('LookupKey');

export const TokenRequestSchema = z
  .object({ readOnly: z.boolean().default(false).openapi({ description: 'A token that can only read: the kind to put in a public page.' }) })
  .openapi('TokenRequest');

export const TokenSchema = z.object({ token: z.string(), expiresAt: z.string(), role: z.string(), readOnly: z.boolean() }).openapi('Token');

export const ReferenceItemSchema = z.object({
  code: z.string(),
  name: z.string().nullable(),
  name_en: z.string().nullable(),
  name_ru: z.string().nullable(),
  name_kk: z.string().nullable(),
  lat: z.number().optional(),
  lon: z.number().optional(),
});

const offer = OfferSchema.shape;
export const OfferPatchSchema = z
  .strictObject({
    places: offer.places.optional(),
    minScore: offer.minScore.unwrap().nullable().optional(),
    languages: offer.languages.unwrap().nullable().optional(),
    housing: offer.housing.unwrap().nullable().optional(),
  })
  .openapi('OfferPatch', { description: 'The fields to change; `null` removes an optional one.' });

const enterprise = EnterpriseSchema.shape;
export const EnterprisePatchSchema = z
  .strictObject({
    capacity: enterprise.capacity.unwrap().nullable().optional().openapi({ description: "The most students it takes across all its offers; `null`: the sum of its offers' places." }),
    ranking: enterprise.ranking
      .unwrap()
      .nullable()
      .optional()
      .openapi({ description: 'Students of the round, best first, each once; one list for all its offers. `null`: no ranking.' }),
  })
  .openapi('EnterprisePatch', { description: 'The fields to change; `null` removes one.' });

export const StudentItemSchema = StudentSchema.extend({ hasCode: z.boolean() });
export const ENTITY_ITEM_SCHEMAS = { colleges: CollegeSchema, enterprises: EnterpriseSchema, offers: OfferSchema, students: StudentItemSchema } as const;

export type RoundInfo = z.infer<typeof RoundInfoSchema>;
export type RunInfo = z.infer<typeof RunInfoSchema>;
export type ResultItem = z.infer<typeof ResultRowSchema>;
export type StudentOutcome = z.infer<typeof StudentOutcomeSchema>;
