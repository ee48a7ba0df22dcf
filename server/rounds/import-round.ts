/**
 * Importing a whole `dual-match/round@1` file: checked (round-file.ts: JSON, storable values,
 * the solver's validator naming every error's path), checked against the caller's scope, then
 * stored in one transaction. Students may bring a personal code in an additive `code` field;
 * the others get a generated one, returned once in the response. Codes are stored only as
 * hashes, and never as part of the round document.
 *
 * A large file is checked on a worker thread: parsing and validating 100,000 students held the
 * event loop, and every request waiting on it, for 0.7-1.6 s.
 */
import { hashCodes, newCodeSalt } from '../auth/personal-codes.ts';
import { requireScopeImport } from '../auth/permissions.ts';
import { keyIdOf, type Principal } from '../auth/principal.ts';
import type { Db } from '../db/open-database.ts';
import { parsedSlices } from '../db/row-slices.ts';
import { conflict, invalid, ProblemError, type ProblemIssue, type ProblemType } from '../http/problem.ts';
import { roundExists, type RoundHead } from '../repositories/rounds.ts';
import { answerOfWorker } from '../../solver/flow/typescript-worker.ts';
import type { ValidationIssue } from '../../solver/validate-round.ts';
import type { EntityKind } from './entity-rows.ts';
import { checkRoundFile, type CheckedRoundFile, type IssuedCode } from './round-file.ts';
import { storeRound } from './store-round.ts';


export interface ImportedRound {
  roundId: string;
  warnings: ValidationIssue[];
  warningCount: number;
  codes: IssuedCode[];
}

/** What round-file-worker.ts posts back: the checked file with its rows as JSON slices, or the problem. */
export type RoundFileAnswer =
  | { checked: Omit<CheckedRoundFile, 'rows'> & { head: RoundHead; slices: Record<EntityKind, string[]> } }
  | { problem: { status: number; type: ProblemType; detail: string; errors?: ProblemIssue[]; errorCount?: number } };

const ENTRY = new URL('./round-file-worker.ts', import.meta.url);
/** Files up to this many characters (about 3,000 students) are checked on the event loop, in tens of ms. */
const CHECK_ON_LOOP_CHARS = 512 * 1024;

async function checkOffLoop(text: string): Promise<CheckedRoundFile> {
  if (text.length <= CHECK_ON_LOOP_CHARS) return checkRoundFile(text);
  const answer = await answerOfWorker<RoundFileAnswer>(ENTRY, { text }, 'a round file check');
  if ('problem' in answer) {
    const { status, type, detail, errors, errorCount } = answer.problem;
    throw new ProblemError(status as ProblemError['status'], type, detail, { errors, errorCount });
  }
  const { head, slices, ...checked } = answer.checked;
  return {
    ...checked,
    rows: { head, colleges: parsedSlices(slices.colleges), enterprises: parsedSlices(slices.enterprises), offers: parsedSlices(slices.offers), students: parsedSlices(slices.students) },
  };
}

/** `text`: the file as sent (a byte-order mark dropped). */
export async function importRoundFile(db: Db, principal: Principal, text: string, options: { codeHashCost: number }): Promise<ImportedRound> {
  const checked = await checkOffLoop(text);
  requireScopeImport(principal, checked.scopeRegion);
  // Checked again inside the transaction; this early check spares hashing codes for nothing.
  if (await roundExists(db, checked.roundId)) throw conflict(`a round with id "${checked.roundId}" already exists; import under another id`);
  const { codes } = checked;
  if (codes.errors.length > 0) throw invalid(`${codes.errors.length} personal code(s) are not valid; nothing was imported`, codes.errors.slice(0, 200), codes.errors.length);
  const salt = newCodeSalt();
  const codeHashes = await hashCodes([...codes.given, ...codes.generated], salt, options.codeHashCost);
  await storeRound(db, { rows: checked.rows, codeHashes, codeSalt: salt, createdBy: keyIdOf(principal), sourceRunId: null });
  return { roundId: checked.roundId, warnings: checked.warnings, warningCount: checked.warningCount, codes: codes.generated };
}
