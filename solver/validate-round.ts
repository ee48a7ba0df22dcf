/**
 * Validation of a round file: the schema's structural rules, then the rules that span
 * entities (unique ids, references, duplicate preferences), then warnings about preferences
 * that can never be used. Every problem names its path (`students[812].preferences[2]`) and
 * its rule, and all of a file's problems are reported together, up to a cap.
 */
import type { z } from 'zod';
import { firstFailedRule, isLiveOffer } from './compatibility.ts';
import { buildRoundModel, type IdIndexes, type RoundModel } from './round-model.ts';
import { RoundSchema, type Round } from './schema.ts';
import { parseValidRound } from './schema-fast-path.ts';

export interface ValidationIssue {
  /** Where the problem is, e.g. `students[812].preferences[2]`; empty for the whole file. */
  path: string;
  /** A short machine-readable rule name, e.g. `reference` or `duplicate-id`. */
  rule: string;
  message: string;
}

export interface ValidationReport {
  errors: ValidationIssue[];
  warnings: ValidationIssue[];
  /** Counts before the cap. */
  errorCount: number;
  warningCount: number;
}

export type ValidationOutcome =
  | ({ ok: true; round: Round; model: RoundModel } & ValidationReport)
  | ({ ok: false } & ValidationReport);

export const DEFAULT_ISSUE_CAP = 200;

/** `['students', 812, 'preferences', 2]` -> `students[812].preferences[2]`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? String(part) : `.${String(part)}`;
  }
  return out;
}

export function formatIssue(issue: ValidationIssue): string {
  return `${issue.path || '(file)'}: ${issue.message} [${issue.rule}]`;
}

class IssueList {
  readonly items: ValidationIssue[] = [];
  count = 0;
  constructor(private readonly cap: number) {}
  add(path: string, rule: string, message: string) {
    this.count++;
    if (this.items.length < this.cap) this.items.push({ path, rule, message });
  }
}

const ZOD_RULES: Record<string, string> = {
  invalid_type: 'type',
  too_small: 'range',
  too_big: 'range',
  invalid_value: 'value',
  invalid_union: 'value',
  invalid_format: 'format',
  not_multiple_of: 'value',
  unrecognized_keys: 'unknown-field',
  custom: 'value',
};

function describeZodIssue(issue: z.core.$ZodIssue): string {
  if (issue.code === 'invalid_type' && issue.input === undefined) return `is required (${issue.expected})`;
  if (issue.code === 'invalid_type') return `must be ${issue.expected === 'int' ? 'a whole number' : `a${/^[aeiou]/.test(issue.expected) ? 'n' : ''} ${issue.expected}`}`;
  return issue.message;
}

type Loose = Record<string, unknown>;
const asString = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

/** Calls visit for every item of a list, a non-object item read as {} (an absent list as empty). */
function forEachItem(list: unknown, visit: (item: Loose, i: number) => void): void {
  if (!Array.isArray(list)) return;
  for (let i = 0; i < list.length; i++) {
    if (!(i in list)) continue;
    const value: unknown = list[i];
    visit(value && typeof value === 'object' ? (value as Loose) : {}, i);
  }
}

/** Where `id` is first listed in list[0..before), or -1; lists are short, so a scan beats a map. */
function firstListed(list: readonly unknown[], id: string, before: number): number {
  for (let k = 0; k < before; k++) if (list[k] === id) return k;
  return -1;
}

/** Above this many preferences, duplicates are found with a map rather than by scanning. */
const SCAN_LIMIT = 32;

/**
 * The rules that span entities. They read the raw document defensively so that they can run
 * alongside the schema's errors and a file gets all its problems in one report. Returns each
 * list's ids with their first positions, which are the model's id maps for a valid round.
 */
function checkReferences(doc: Loose, errors: IssueList, warnings: IssueList): IdIndexes {
  const ids = (list: string, key: string): Map<string, number> => {
    const seen = new Map<string, number>();
    forEachItem(doc[list], (item, i) => {
      const id = asString(item[key]);
      if (id === undefined) return;
      const first = seen.get(id);
      if (first !== undefined) errors.add(`${list}[${i}].${key}`, 'duplicate-id', `duplicate id "${id}" (first at ${list}[${first}])`);
      else seen.set(id, i);
    });
    return seen;
  };
  const regions = ids('regions', 'code');
  const specialties = ids('specialties', 'code');
  const colleges = ids('colleges', 'id');
  const enterprises = ids('enterprises', 'id');
  const offers = ids('offers', 'id');
  const students = ids('students', 'id');

  const mustResolve = (path: () => string, value: unknown, known: Map<string, number>, what: string) => {
    const id = asString(value);
    if (id !== undefined && !known.has(id)) errors.add(path(), 'reference', `unknown ${what} "${id}"`);
  };
  const meta = doc.round && typeof doc.round === 'object' ? (doc.round as Loose) : {};
  const scope = meta.scope && typeof meta.scope === 'object' ? (meta.scope as Loose) : null;
  if (scope) mustResolve(() => 'round.scope.region', scope.region, regions, 'region');
  forEachItem(doc.colleges, (c, i) => mustResolve(() => `colleges[${i}].region`, c.region, regions, 'region'));
  forEachItem(doc.enterprises, (e, i) => {
    mustResolve(() => `enterprises[${i}].region`, e.region, regions, 'region');
    if (!Array.isArray(e.ranking)) return;
    const ranked = new Set<string>();
    e.ranking.forEach((id, k) => {
      if (typeof id !== 'string') return;
      // The spec does not make ranking a reference: an enterprise may rank students of another round.
      if (!students.has(id)) warnings.add(`enterprises[${i}].ranking[${k}]`, 'unknown-student', `ranks "${id}", who is not a student of this round`);
      else if (ranked.has(id)) warnings.add(`enterprises[${i}].ranking[${k}]`, 'duplicate-ranking', `ranks "${id}" twice; the first position counts`);
      ranked.add(id);
    });
  });
  forEachItem(doc.offers, (o, i) => {
    mustResolve(() => `offers[${i}].enterprise`, o.enterprise, enterprises, 'enterprise');
    mustResolve(() => `offers[${i}].specialty`, o.specialty, specialties, 'specialty');
  });
  forEachItem(doc.students, (s, i) => {
    mustResolve(() => `students[${i}].college`, s.college, colleges, 'college');
    mustResolve(() => `students[${i}].specialty`, s.specialty, specialties, 'specialty');
    const preferences = s.preferences;
    if (!Array.isArray(preferences)) return;
    const listed = preferences.length > SCAN_LIMIT ? new Map<string, number>() : null;
    for (let k = 0; k < preferences.length; k++) {
      const id: unknown = preferences[k];
      if (!(k in preferences) || typeof id !== 'string') continue;
      mustResolve(() => `students[${i}].preferences[${k}]`, id, offers, 'offer');
      const first = listed ? (listed.get(id) ?? -1) : firstListed(preferences, id, k);
      if (first >= 0) errors.add(`students[${i}].preferences[${k}]`, 'duplicate-preference', `offer "${id}" is already listed at preferences[${first}]`);
      else listed?.set(id, k);
    }
  });
  return { regionIndex: regions, specialtyIndex: specialties, collegeIndex: colleges, enterpriseIndex: enterprises, offerIndex: offers, studentIndex: students };
}

const RULE_WARNINGS: Record<string, string> = {
  specialty: 'is for another specialty',
  score: "requires a higher score than the student's",
  language: "does not accept the student's language",
  distance: "is out of the student's reach (mobility)",
};

/** Preferences that can never be used: warned about, not refused (the spec's rule). */
function checkPreferences(model: RoundModel, warnings: IssueList): void {
  for (let s = 0; s < model.studentCount; s++) {
    for (let i = model.preferenceStart[s]; i < model.preferenceStart[s + 1]; i++) {
      const o = model.preferenceOffer[i];
      const path = `students[${s}].preferences[${i - model.preferenceStart[s]}]`;
      const rule = firstFailedRule(model, s, o);
      const offerId = model.round.offers[o].id;
      if (rule !== null && rule !== 'preferred-only') warnings.add(path, `incompatible-${rule}`, `offer "${offerId}" ${RULE_WARNINGS[rule]}`);
      else if (rule === null && !isLiveOffer(model, o)) warnings.add(path, 'no-places', `offer "${offerId}" has no places`);
    }
  }
}

function checkScope(model: RoundModel, warnings: IssueList): void {
  const scope = model.round.round.scope?.region;
  if (scope === undefined) return;
  const region = model.regionIndex.get(scope)!;
  for (let s = 0; s < model.studentCount; s++) {
    if (model.studentRegion[s] !== region) {
      warnings.add(`students[${s}].college`, 'out-of-scope', `the student's college is outside the round's region ${scope}`);
    }
  }
}

export function validateRound(input: unknown, options: { cap?: number } = {}): ValidationOutcome {
  const cap = options.cap ?? DEFAULT_ISSUE_CAP;
  const errors = new IssueList(cap);
  const warnings = new IssueList(cap);
  const report = () => ({ errors: errors.items, warnings: warnings.items, errorCount: errors.count, warningCount: warnings.count });

  if (!input || typeof input !== 'object' || Array.isArray(input)) {
    errors.add('', 'type', 'a round file must be a JSON object');
    return { ok: false, ...report() };
  }
  const valid = parseValidRound(input);
  const parsed = valid ? { success: true as const, data: valid } : RoundSchema.safeParse(input, { reportInput: true });
  if (!parsed.success) {
    for (const issue of parsed.error.issues) errors.add(formatPath(issue.path), ZOD_RULES[issue.code] ?? issue.code, describeZodIssue(issue));
  }
  const indexes = checkReferences(input as Loose, errors, warnings);
  if (!parsed.success || errors.count > 0) return { ok: false, ...report() };

  const model = buildRoundModel(parsed.data, indexes);
  checkPreferences(model, warnings);
  checkScope(model, warnings);
  return { ok: true, round: parsed.data, model, ...report() };
}
