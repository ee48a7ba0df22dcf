/**
 * Checking a `dual-match/round@1` file's text and making the rows it is stored in: pure, no
 * database, so that a large file (100,000 students: a second of parsing and validation) can
 * be checked on a worker thread (off-loop-checks.ts) rather than on the event loop.
 *
 * Throws a ProblemError for a file that is not JSON, has values that cannot be stored, or is
 * not a valid round (every error with its path, e.g. `students[812].specialty`). What needs
 * the database or the caller (scope, an existing id) and malformed personal codes are left to
 * the import (import-round.ts), which checks them in that order.
 */
import { normaliseCode } from '../auth/lookup-key.ts';
import { generateCode } from '../auth/personal-codes.ts';
import { invalid, type ProblemIssue } from '../http/problem.ts';
import { parseJsonText } from '../http/request-body.ts';
import { unstorableInput } from '../http/storable-input.ts';
import { validateRound, type ValidationIssue } from '../../solver/validate-round.ts';
import type { Round } from '../../solver/schema.ts';
import type { RoundHead } from '../repositories/rounds.ts';
import { roundRows, type RoundLists } from './store-round.ts';

export interface IssuedCode {
  student: string;
  code: string;
}

export interface CheckedRoundFile {
  roundId: string;
  scopeRegion: string | null;
  warnings: ValidationIssue[];
  warningCount: number;
  /** Codes given in the file, and generated ones for everyone else. */
  codes: { given: IssuedCode[]; generated: IssuedCode[]; errors: ProblemIssue[] };
  head: RoundHead;
  lists: RoundLists;
}

/** A code must survive normalisation with at least 4 characters; at most 64 are kept. */
export function codeIssue(path: string, value: unknown): ProblemIssue | null {
  if (typeof value !== 'string') return { path, rule: 'type', message: 'must be a string' };
  const length = normaliseCode(value).length;
  if (length < 4 || length > 64) return { path, rule: 'range', message: 'must have 4 to 64 characters (spaces and dashes do not count)' };
  return null;
}

function collectCodes(students: readonly Record<string, unknown>[]): CheckedRoundFile['codes'] {
  const given: IssuedCode[] = [];
  const generated: IssuedCode[] = [];
  const errors: ProblemIssue[] = [];
  students.forEach((student, i) => {
    const id = student.id as string;
    if (student.code === undefined || student.code === '') {
      generated.push({ student: id, code: generateCode() });
      return;
    }
    const issue = codeIssue(`students[${i}].code`, student.code);
    if (issue) errors.push(issue);
    else given.push({ student: id, code: student.code as string });
  });
  return { given, generated, errors };
}

export function checkRoundFile(text: string): CheckedRoundFile {
  const document = parseJsonText(text);
  const unstorable = unstorableInput(document);
  if (unstorable.count > 0) {
    throw invalid(`the round file has ${unstorable.count} value${unstorable.count === 1 ? '' : 's'} that cannot be stored; nothing was imported`, unstorable.issues, unstorable.count);
  }
  const outcome = validateRound(document);
  if (!outcome.ok) {
    throw invalid(`the round file has ${outcome.errorCount} error${outcome.errorCount === 1 ? '' : 's'}; nothing was imported`, outcome.errors, outcome.errorCount);
  }
  const round: Round = outcome.round;
  return {
    roundId: round.round.id,
    scopeRegion: round.round.scope?.region ?? null,
    warnings: outcome.warnings,
    warningCount: outcome.warningCount,
    codes: collectCodes(round.students),
    // The document as sent, not as parsed: entities keep their fields in the file's order.
    ...roundRows(document as Round),
  };
}
