/**
 * Importing a whole `dual-match/round@1` file: validated by the solver's validator (every
 * error with its path, e.g. `students[812].specialty`), checked against the caller's scope,
 * then stored in one transaction. Students may bring a personal code in an additive `code`
 * field; the others get a generated one, returned once in the response. Codes are stored only
 * as hashes, and never as part of the round document.
 */
import { generateCode, hashCodes, newCodeSalt, normaliseCode } from '../auth/personal-codes.ts';
import { requireScopeImport } from '../auth/permissions.ts';
import { keyIdOf, type Principal } from '../auth/principal.ts';
import type { Db } from '../db/open-database.ts';
import { conflict, invalid, type ProblemIssue } from '../http/problem.ts';
import { unstorableInput } from '../http/storable-input.ts';
import { roundExists } from '../repositories/rounds.ts';
import { validateRound, type ValidationIssue } from '../../solver/validate-round.ts';
import type { Round } from '../../solver/schema.ts';
import { storeRound } from './store-round.ts';

export interface IssuedCode {
  student: string;
  code: string;
}

export interface ImportedRound {
  roundId: string;
  warnings: ValidationIssue[];
  warningCount: number;
  codes: IssuedCode[];
}

/** A code must survive normalisation with at least 4 characters; at most 64 are kept. */
export function codeIssue(path: string, value: unknown): ProblemIssue | null {
  if (typeof value !== 'string') return { path, rule: 'type', message: 'must be a string' };
  const length = normaliseCode(value).length;
  if (length < 4 || length > 64) return { path, rule: 'range', message: 'must have 4 to 64 characters (spaces and dashes do not count)' };
  return null;
}

/** Codes given in the file, and generated ones for everyone else; errors for malformed ones. */
function collectCodes(students: readonly Record<string, unknown>[], pathOf: (index: number) => string): { given: IssuedCode[]; generated: IssuedCode[]; errors: ProblemIssue[] } {
  const given: IssuedCode[] = [];
  const generated: IssuedCode[] = [];
  const errors: ProblemIssue[] = [];
  students.forEach((student, i) => {
    const id = student.id as string;
    if (student.code === undefined || student.code === '') {
      generated.push({ student: id, code: generateCode() });
      return;
    }
    const issue = codeIssue(pathOf(i), student.code);
    if (issue) errors.push(issue);
    else given.push({ student: id, code: student.code as string });
  });
  return { given, generated, errors };
}

export async function importRoundFile(db: Db, principal: Principal, document: unknown, options: { codeHashCost: number }): Promise<ImportedRound> {
  const unstorable = unstorableInput(document);
  if (unstorable.count > 0) {
    throw invalid(`the round file has ${unstorable.count} value${unstorable.count === 1 ? '' : 's'} that cannot be stored; nothing was imported`, unstorable.issues, unstorable.count);
  }
  const outcome = validateRound(document);
  if (!outcome.ok) {
    throw invalid(`the round file has ${outcome.errorCount} error${outcome.errorCount === 1 ? '' : 's'}; nothing was imported`, outcome.errors, outcome.errorCount);
  }
  const round: Round = outcome.round;
  requireScopeImport(principal, round.round.scope?.region ?? null);
  // Checked again inside the transaction; this early check spares hashing codes for nothing.
  if (await roundExists(db, round.round.id)) throw conflict(`a round with id "${round.round.id}" already exists; import under another id`);

  const codes = collectCodes(round.students, (i) => `students[${i}].code`);
  if (codes.errors.length > 0) throw invalid(`${codes.errors.length} personal code(s) are not valid; nothing was imported`, codes.errors.slice(0, 200), codes.errors.length);
  const salt = newCodeSalt();
  const codeHashes = await hashCodes([...codes.given, ...codes.generated], salt, options.codeHashCost);
  // The document as sent, not as parsed: entities keep their fields in the file's order.
  await storeRound(db, { round: document as Round, codeHashes, codeSalt: salt, createdBy: keyIdOf(principal), sourceRunId: null });
  return { roundId: round.round.id, warnings: outcome.warnings, warningCount: outcome.warningCount, codes: codes.generated };
}
