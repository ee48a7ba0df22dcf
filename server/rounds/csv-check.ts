/**
 * Checking a CSV import of students or offers (csv-import.ts): pure, no database, so that a
 * large file or a large round can be checked on a worker thread (off-loop-checks.ts). Reads the
 * rows through the column mapping (csv-columns.ts), merges them into the round's stored lists,
 * validates the whole round, and makes the rows of the merged list; throws a ProblemError
 * naming rows and columns.
 */
import type { Insertable } from 'kysely';
import Papa from 'papaparse';
import { generateCode } from '../auth/personal-codes.ts';
import type { OffersTable, StudentsTable } from '../db/schema.ts';
import { invalid, type ProblemIssue } from '../http/problem.ts';
import { textIssue } from '../http/storable-input.ts';
import type { RoundHead } from '../repositories/rounds.ts';
import type { Round } from '../../solver/schema.ts';
import { validateRound, type ValidationIssue } from '../../solver/validate-round.ts';
import { cellPath, CSV_COLUMNS, readHeader, type CsvColumn, type CsvKind } from './csv-columns.ts';
import { parseRoundDocument, type EntityTexts } from './round-document.ts';
import { codeIssue, type IssuedCode } from './round-file.ts';
import { offerRows, studentRows } from './store-round.ts';

export type CsvMode = 'upsert' | 'replace';

export interface CsvCheckInput {
  head: RoundHead;
  /** The round's lists as stored. */
  lists: EntityTexts;
  kind: CsvKind;
  text: string;
  mode: CsvMode;
}

export interface CheckedCsv {
  created: number;
  updated: number;
  deleted: number;
  warnings: ValidationIssue[];
  warningCount: number;
  /** Codes given in the file, and generated ones for new students without one. */
  codes: { given: IssuedCode[]; generated: IssuedCode[] };
  /** The imported list as merged, in slices (students' rows without code hashes). */
  lists: { students?: Iterable<Insertable<StudentsTable>[]>; offers?: Iterable<Insertable<OffersTable>[]> };
}

const MAX_ISSUES = 200;

interface CsvRecord {
  /** The row number as a spreadsheet shows it (the header is row 1). */
  row: number;
  /** Field values of the non-empty cells. */
  fields: Record<string, unknown>;
  code: string | null;
}

/** Parses the file into records; errors name row and column. */
function readRecords(kind: CsvKind, text: string): { records: CsvRecord[]; columns: CsvColumn[]; errors: ProblemIssue[] } {
  const parsed = Papa.parse<string[]>(text, { delimiter: '', delimitersToGuess: [',', ';'], skipEmptyLines: false });
  const errors: ProblemIssue[] = parsed.errors.map((e) => ({ path: e.row === undefined ? '' : `row ${e.row + 1}`, rule: 'csv', message: e.message }));
  const [header, ...rows] = parsed.data;
  if (!header || header.every((cell) => cell.trim() === '')) return { records: [], columns: [], errors: [...errors, { path: 'row 1', rule: 'missing-column', message: 'the file has no header row' }] };
  const head = readHeader(kind, header);
  errors.push(...head.errors);
  const columns = head.columns.filter((c): c is CsvColumn => c !== null);
  if (head.errors.length > 0) return { records: [], columns, errors };

  const decimalComma = parsed.meta.delimiter === ';';
  const firstRowOf = new Map<string, number>();
  const records: CsvRecord[] = [];
  rows.forEach((cells, i) => {
    const row = i + 2;
    if (cells.every((cell) => cell.trim() === '')) return;
    if (cells.length !== header.length) {
      errors.push({ path: `row ${row}`, rule: 'csv', message: `has ${cells.length} cells; the header has ${header.length}` });
      return;
    }
    const record: CsvRecord = { row, fields: {}, code: null };
    head.columns.forEach((column, k) => {
      if (!column) return;
      const cell = cells[k].trim();
      const unstorable = textIssue(cell);
      if (unstorable) {
        errors.push({ path: cellPath(row, column.name), rule: 'text', message: unstorable });
        return;
      }
      if (cell === '') {
        if (column.required) errors.push({ path: cellPath(row, column.name), rule: 'required', message: 'must not be empty' });
        return;
      }
      if (column.name === 'code') {
        const issue = codeIssue(cellPath(row, column.name), cell);
        if (issue) errors.push(issue);
        else record.code = cell;
        return;
      }
      const parsedCell = column.parse(cell, decimalComma);
      if ('error' in parsedCell) errors.push({ path: cellPath(row, column.name), rule: 'type', message: parsedCell.error });
      else record.fields[column.name] = parsedCell.value;
    });
    const id = record.fields.id as string | undefined;
    if (id !== undefined) {
      const first = firstRowOf.get(id);
      if (first !== undefined) errors.push({ path: cellPath(row, 'id'), rule: 'duplicate-id', message: `id "${id}" is already on row ${first}` });
      else firstRowOf.set(id, row);
    }
    records.push(record);
  });
  return { records, columns, errors };
}

/** The entity a record makes, on top of the existing one when the id is known. */
function mergeRecord(existing: Record<string, unknown> | undefined, record: CsvRecord, columns: CsvColumn[]): Record<string, unknown> {
  const merged: Record<string, unknown> = { ...existing };
  for (const column of columns) {
    if (column.name === 'code') continue;
    if (column.name in record.fields) merged[column.name] = record.fields[column.name];
    else delete merged[column.name];
  }
  return merged;
}

/** `students[812].preferences[2]` of a row from the file -> `row 14, column "preferences"`. */
function toRowPaths(kind: CsvKind, issues: ValidationIssue[], rowOfIndex: Map<number, number>): ValidationIssue[] {
  const pattern = new RegExp(`^${kind}\\[(\\d+)\\]\\.?([A-Za-z]*)(.*)$`);
  return issues.map((issue) => {
    const match = pattern.exec(issue.path);
    const row = match ? rowOfIndex.get(Number(match[1])) : undefined;
    if (!match || row === undefined) return issue;
    const [, , field, rest] = match;
    const known = CSV_COLUMNS[kind].some((c) => c.name === field);
    return { ...issue, path: known ? cellPath(row, field) : `row ${row}`, message: rest ? `${field}${rest}: ${issue.message}` : issue.message };
  });
}

export function checkCsv({ head, lists, kind, text, mode }: CsvCheckInput): CheckedCsv {
  const { records, columns, errors } = readRecords(kind, text);
  if (errors.length > 0) throw invalid(`the CSV has ${errors.length} error${errors.length === 1 ? '' : 's'}; nothing was imported`, errors.slice(0, MAX_ISSUES), errors.length);
  if (records.length === 0) throw invalid('the CSV has no data rows; nothing was imported', [{ path: 'row 2', rule: 'required', message: 'no data rows' }]);

  // Merge the rows into the round as stored, then validate the whole round.
  const document = parseRoundDocument(head, lists);
  const current = document[kind] as unknown as Record<string, unknown>[];
  const indexOfId = new Map(current.map((entity, i) => [entity.id as string, i]));
  const merged = mode === 'replace' ? [] : [...current];
  const rowOfIndex = new Map<number, number>();
  let updated = 0;
  for (const record of records) {
    const id = record.fields.id as string;
    const existingIndex = indexOfId.get(id);
    const entity = mergeRecord(existingIndex === undefined ? undefined : current[existingIndex], record, columns);
    if (existingIndex !== undefined) updated++;
    const at = mode === 'upsert' && existingIndex !== undefined ? existingIndex : merged.length;
    merged[at] = entity;
    rowOfIndex.set(at, record.row);
  }
  const candidate = { ...document, [kind]: merged } as Round;
  const outcome = validateRound(candidate);
  if (!outcome.ok) {
    throw invalid(`the CSV does not fit the round: ${outcome.errorCount} error${outcome.errorCount === 1 ? '' : 's'}; nothing was imported`, toRowPaths(kind, outcome.errors, rowOfIndex), outcome.errorCount);
  }
  const given: IssuedCode[] = [];
  const generated: IssuedCode[] = [];
  let rows: CheckedCsv['lists'];
  // The entities as merged (key order as the file had it), now known to be valid.
  if (kind === 'students') {
    // Codes: given in the file, generated for new students, kept (by the import) for the others.
    for (const record of records) {
      const id = record.fields.id as string;
      if (record.code !== null) given.push({ student: id, code: record.code });
      else if (!indexOfId.has(id)) generated.push({ student: id, code: generateCode() });
    }
    rows = { students: studentRows(candidate) };
  } else {
    rows = { offers: offerRows(candidate) };
  }
  return {
    created: records.length - updated,
    updated,
    deleted: mode === 'replace' ? current.length - updated : 0,
    warnings: toRowPaths(kind, outcome.warnings, rowOfIndex),
    warningCount: outcome.warningCount,
    codes: { given, generated },
    lists: rows,
  };
}
