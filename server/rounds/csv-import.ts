/**
 * CSV imports of students or offers into a draft or solved round (docs/api.md, "CSV imports").
 *
 * Comma or semicolon separated (guessed from the file), UTF-8 with or without BOM. Each row
 * becomes a round-format entity through the column mapping (csv-columns.ts); the round with
 * the rows merged in is then validated whole by the solver's validator, so a row that
 * breaks a reference (an unknown college, a preference for an unknown offer) is caught like
 * in a round file, and reported as `row 14, column "college"`. Nothing is written unless
 * every row is right.
 *
 * `upsert` (default): rows with a known id update that entity (the file's columns replace
 * those fields; an empty cell removes an optional one; fields of columns the file lacks are
 * kept); other rows are added at the end. `replace`: the file becomes the whole list.
 *
 * The check (csv-check.ts) reads the round as stored and the file; for a large round or file
 * it runs on a worker thread (off-loop-checks.ts). Should the round change meanwhile, the
 * import is refused and nothing is written.
 */
import { codeHashing, hashCodes } from '../auth/personal-codes.ts';
import type { Db } from '../db/open-database.ts';
import type { RoundRow } from '../db/schema.ts';
import { conflict } from '../http/problem.ts';
import { deleteEntities, insertEntities, studentCodeHashes } from '../repositories/round-entities.ts';
import { lockRound, markEdited, parseHead } from '../repositories/rounds.ts';
import type { ValidationIssue } from '../../solver/validate-round.ts';
import type { CsvKind } from './csv-columns.ts';
import type { CsvMode } from './csv-check.ts';
import { runCheck } from './off-loop-checks.ts';
import { loadEntityLists } from './round-document.ts';
import type { IssuedCode } from './round-file.ts';
import { requireEditable } from './round-lifecycle.ts';

export interface CsvImportOutcome {
  created: number;
  updated: number;
  deleted: number;
  warnings: ValidationIssue[];
  warningCount: number;
  codes: IssuedCode[];
}

export async function importCsv(db: Db, round: RoundRow, kind: CsvKind, text: string, options: { mode: CsvMode; codeHashCost: number }): Promise<CsvImportOutcome> {
  const lists = await loadEntityLists(db, round.id);
  const size = text.length + Object.values(lists).reduce((sum, texts) => sum + texts.reduce((chars, entity) => chars + entity.length, 0), 0);
  const checked = await runCheck('CSV', { head: parseHead(round), lists, kind, text, mode: options.mode }, size);

  const codeHashes = new Map<string, string>();
  if (kind === 'students') {
    for (const [student, hash] of await hashCodes([...checked.codes.given, ...checked.codes.generated], codeHashing(round, options.codeHashCost))) codeHashes.set(student, hash);
  }

  await db.transaction().execute(async (trx) => {
    const now = (await lockRound(trx, round.id))!;
    requireEditable(now);
    if (now.revision !== round.revision) throw conflict(`round ${round.id} changed while the CSV was being checked; send it again`);
    if (kind === 'students') {
      for (const [id, hash] of await studentCodeHashes(trx, round.id)) if (!codeHashes.has(id)) codeHashes.set(id, hash);
    }
    // Rewriting the list in the round's order keeps positions dense and the code simple; at
    // 100,000 rows it is a few seconds of batched inserts.
    await deleteEntities(trx, round.id, kind);
    for (const slice of checked.lists.students ?? []) await insertEntities(trx, 'students', slice.map((row) => ({ ...row, code_hash: codeHashes.get(row.id) ?? null })));
    for (const slice of checked.lists.offers ?? []) await insertEntities(trx, 'offers', slice);
    await markEdited(trx, round.id);
  });
  const { created, updated, deleted, warnings, warningCount } = checked;
  return { created, updated, deleted, warnings, warningCount, codes: checked.codes.generated };
}
