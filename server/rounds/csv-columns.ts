/**
 * The CSV column mapping for student and offer imports (docs/api.md, "CSV imports"), and the
 * downloadable templates made from it. A column is a round-format field; each says how a cell
 * becomes the field's value. An empty cell means "not given".
 */
import type { ProblemIssue } from '../http/problem.ts';

export type CsvKind = 'students' | 'offers';

type Cell = { value: unknown } | { error: string };

export interface CsvColumn {
  name: string;
  required: boolean;
  /** What the column holds, for the template's documentation. */
  description: string;
  example: string;
  parse(cell: string, decimalComma: boolean): Cell;
}

const text = (cell: string): Cell => ({ value: cell });

const number =
  (integer: boolean) =>
  (cell: string, decimalComma: boolean): Cell => {
    const normalised = decimalComma ? cell.replace(',', '.') : cell;
    const value = Number(normalised);
    if (normalised === '' || !Number.isFinite(value)) return { error: `"${cell}" is not a number` };
    if (integer && !Number.isInteger(value)) return { error: `"${cell}" is not a whole number` };
    return { value };
  };

const TRUE = new Set(['true', '1', 'yes', 'y', 'да', 'иә']);
const FALSE = new Set(['false', '0', 'no', 'n', 'нет', 'жоқ']);
const boolean = (cell: string): Cell => {
  const lower = cell.toLowerCase();
  if (TRUE.has(lower)) return { value: true };
  if (FALSE.has(lower)) return { value: false };
  return { error: `"${cell}" is not true/false (also 1/0, yes/no)` };
};

/** Ids in order, separated by `|` (a character ids do not contain in practice, unlike spaces or commas). */
const list = (cell: string): Cell => ({ value: cell.split('|').map((item) => item.trim()).filter(Boolean) });

const mobility = (cell: string): Cell => {
  if (cell === 'region' || cell === 'country') return { value: cell };
  const km = Number(cell.replace(',', '.'));
  if (Number.isFinite(km) && km >= 0) return { value: { maxKm: km } };
  return { error: `"${cell}" is not "region", "country" or a number of km` };
};

export const CSV_COLUMNS: Record<CsvKind, CsvColumn[]> = {
  students: [
    { name: 'id', required: true, description: 'student id, unique in the round', example: 'S-000123', parse: text },
    { name: 'name', required: false, description: 'full name (never shown publicly)', example: 'Aigerim Nurlanovna', parse: text },
    { name: 'college', required: true, description: 'college id of the round', example: 'C-17', parse: text },
    { name: 'specialty', required: true, description: 'specialty code', example: '07150500', parse: text },
    { name: 'score', required: true, description: 'score 0..100 (decimal point, or comma in semicolon files)', example: '78.5', parse: number(false) },
    { name: 'language', required: false, description: 'language of study, e.g. kk or ru', example: 'ru', parse: text },
    { name: 'mobility', required: false, description: '"region" (default), "country", or the km the student may travel', example: 'region', parse: mobility },
    { name: 'priority', required: false, description: 'social-priority category: true/false', example: 'false', parse: boolean },
    { name: 'preferences', required: false, description: 'offer ids, most wanted first, separated by |', example: 'O-9|O-12', parse: list },
    { name: 'code', required: false, description: 'personal code for the result lookup; empty = one is generated', example: '', parse: text },
  ],
  offers: [
    { name: 'id', required: true, description: 'offer id, unique in the round', example: 'O-9', parse: text },
    { name: 'enterprise', required: true, description: 'enterprise id of the round', example: 'E-301', parse: text },
    { name: 'specialty', required: true, description: 'specialty code', example: '07150500', parse: text },
    { name: 'places', required: true, description: 'number of places, a whole number >= 0', example: '4', parse: number(true) },
    { name: 'minScore', required: false, description: 'lowest score accepted, 0..100', example: '60', parse: number(false) },
    { name: 'languages', required: false, description: 'accepted languages separated by |; empty = any', example: 'kk|ru', parse: list },
    { name: 'housing', required: false, description: 'housing offered: true/false', example: 'true', parse: boolean },
  ],
};

/** The template: a BOM (so Excel reads UTF-8), the header, and one example row. */
export function csvTemplate(kind: CsvKind): string {
  const columns = CSV_COLUMNS[kind];
  const quote = (value: string) => (/[",\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);
  return `\uFEFF${columns.map((c) => c.name).join(',')}\r\n${columns.map((c) => quote(c.example)).join(',')}\r\n`;
}

export const cellPath = (row: number, column: string) => `row ${row}, column "${column}"`;

/**
 * Turns the header into the columns it names. Column names are matched without regard to
 * case or surrounding spaces; unknown and repeated columns are errors (a typo should not
 * silently drop a column of data), as is a missing required one.
 */
export function readHeader(kind: CsvKind, header: string[]): { columns: (CsvColumn | null)[]; errors: ProblemIssue[] } {
  const known = new Map(CSV_COLUMNS[kind].map((c) => [c.name.toLowerCase(), c]));
  const errors: ProblemIssue[] = [];
  const seen = new Set<string>();
  const columns = header.map((raw) => {
    const name = raw.trim();
    const column = known.get(name.toLowerCase()) ?? null;
    if (!column) errors.push({ path: cellPath(1, name), rule: 'unknown-column', message: `unknown column; the columns are ${CSV_COLUMNS[kind].map((c) => c.name).join(', ')}` });
    else if (seen.has(column.name)) errors.push({ path: cellPath(1, name), rule: 'duplicate-column', message: 'this column appears twice' });
    else seen.add(column.name);
    return column;
  });
  for (const column of CSV_COLUMNS[kind]) {
    if (column.required && !seen.has(column.name)) errors.push({ path: 'row 1', rule: 'missing-column', message: `the required column "${column.name}" is missing` });
  }
  return { columns, errors };
}
