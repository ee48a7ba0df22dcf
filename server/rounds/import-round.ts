/**
 * Importing a whole `dual-match/round@1` file: checked (round-file.ts: JSON, storable values,
 * the solver's validator naming every error's path; a large file on a worker thread,
 * off-loop-checks.ts), checked against the caller's scope, then stored in one transaction.
 * Students may bring a personal code in an additive `code` field; the others get a generated
 * one, returned once in the response. Codes are stored only as hashes, and never as part of
 * the round document.
 */
import { codeHashing, hashCodes, newRoundSalts } from '../auth/personal-codes.ts';
import { requireScopeImport } from '../auth/permissions.ts';
import { keyIdOf, type Principal } from '../auth/principal.ts';
import type { Db } from '../db/open-database.ts';
import { conflict, invalid } from '../http/problem.ts';
import { roundExists } from '../repositories/rounds.ts';
import type { ValidationIssue } from '../../solver/validate-round.ts';
import { runCheck } from './off-loop-checks.ts';
import type { IssuedCode } from './round-file.ts';
import { storeRound } from './store-round.ts';

export interface ImportedRound {
  roundId: string;
  warnings: ValidationIssue[];
  warningCount: number;
  codes: IssuedCode[];
}

/** `text`: the file as sent (a byte-order mark dropped). */
export async function importRoundFile(db: Db, principal: Principal, text: string, options: { codeHashCost: number }): Promise<ImportedRound> {
  const checked = await runCheck('round file', text, text.length);
  requireScopeImport(principal, checked.scopeRegion);
  // Checked again inside the transaction; this early check spares hashing codes for nothing.
  if (await roundExists(db, checked.roundId)) throw conflict(`a round with id "${checked.roundId}" already exists; import under another id`);
  const { codes } = checked;
  if (codes.errors.length > 0) throw invalid(`${codes.errors.length} personal code(s) are not valid; nothing was imported`, codes.errors.slice(0, 200), codes.errors.length);
  const salts = newRoundSalts(options.codeHashCost);
  const codeHashes = await hashCodes([...codes.given, ...codes.generated], codeHashing(salts, options.codeHashCost));
  await storeRound(db, { rows: { head: checked.head, lists: checked.lists }, codeHashes, salts, createdBy: keyIdOf(principal), sourceRunId: null });
  return { roundId: checked.roundId, warnings: checked.warnings, warningCount: checked.warningCount, codes: codes.generated };
}
