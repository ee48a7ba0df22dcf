/**
 * fast-check arbitraries of broken inputs, each with the path where the fault was put, for
 * the fuzz tests: a valid round with one thing wrong (a wrong type, a value out of range, a
 * reference to nothing, a missing field, a repeated id, text that cannot be stored, junk
 * nested deep), and a valid CSV with one thing wrong (a bad cell, a reference to nothing, a
 * bad header, a ragged row, a repeated id, a NUL). Every one must be refused, and the
 * refusal must name the path.
 */
import fc from 'fast-check';
import type { Round } from '../../../solver/schema.ts';
import { formatPath } from '../../../solver/validate-round.ts';

export interface Broken<T> {
  input: T;
  /** Where the refusal must point: its path is this one, or inside it. */
  path: string;
  /** What was done, to read in a failure report. */
  fault: string;
}

/** Whether a reported path points at `expected` (or inside it). */
export function pointsAt(reported: string, expected: string): boolean {
  return reported === expected || reported.startsWith(`${expected}.`) || reported.startsWith(`${expected}[`);
}

type Kind = 'id' | 'text' | 'score' | 'lat' | 'lon' | 'count' | 'flag' | 'mobility' | 'list' | 'mechanism' | 'format' | 'weight';

/** The fields of a round and what each holds; `ref` names the list an id must be found in. */
interface Field {
  path: (string | number)[];
  kind: Kind;
  required: boolean;
  ref?: 'regions' | 'specialties' | 'colleges' | 'enterprises' | 'offers';
}

function fieldsOf(round: Round): Field[] {
  const fields: Field[] = [
    { path: ['format'], kind: 'format', required: true },
    { path: ['round', 'id'], kind: 'id', required: true },
    { path: ['round', 'mechanism'], kind: 'mechanism', required: false },
    { path: ['round', 'policy', 'rankWeight'], kind: 'weight', required: false },
  ];
  const each = (list: 'regions' | 'specialties' | 'colleges' | 'enterprises' | 'offers' | 'students', specs: (Omit<Field, 'path'> & { key: string })[]) => {
    for (let i = 0; i < round[list].length; i++) for (const { key, ...field } of specs) fields.push({ path: [list, i, key], ...field });
  };
  each('regions', [
    { key: 'code', kind: 'id', required: true },
    { key: 'name', kind: 'text', required: false },
    { key: 'lat', kind: 'lat', required: true },
    { key: 'lon', kind: 'lon', required: true },
  ]);
  each('specialties', [
    { key: 'code', kind: 'id', required: true },
    { key: 'name', kind: 'text', required: false },
  ]);
  each('colleges', [
    { key: 'id', kind: 'id', required: true },
    { key: 'name', kind: 'text', required: false },
    { key: 'region', kind: 'id', required: true, ref: 'regions' },
  ]);
  each('enterprises', [
    { key: 'id', kind: 'id', required: true },
    { key: 'name', kind: 'text', required: false },
    { key: 'region', kind: 'id', required: true, ref: 'regions' },
    { key: 'capacity', kind: 'count', required: false },
  ]);
  each('offers', [
    { key: 'id', kind: 'id', required: true },
    { key: 'enterprise', kind: 'id', required: true, ref: 'enterprises' },
    { key: 'specialty', kind: 'id', required: true, ref: 'specialties' },
    { key: 'places', kind: 'count', required: true },
    { key: 'minScore', kind: 'score', required: false },
    { key: 'languages', kind: 'list', required: false },
    { key: 'housing', kind: 'flag', required: false },
  ]);
  each('students', [
    { key: 'id', kind: 'id', required: true },
    { key: 'name', kind: 'text', required: false },
    { key: 'college', kind: 'id', required: true, ref: 'colleges' },
    { key: 'specialty', kind: 'id', required: true, ref: 'specialties' },
    { key: 'score', kind: 'score', required: true },
    { key: 'mobility', kind: 'mobility', required: false },
    { key: 'priority', kind: 'flag', required: false },
    { key: 'preferences', kind: 'list', required: false },
  ]);
  return fields;
}

/** Junk nested `depth` levels deep, iteratively (JSON.parse makes such values from a body). */
function nested(depth: number, leaf: unknown): unknown {
  let value = leaf;
  for (let i = 0; i < depth; i++) value = i % 2 === 0 ? [value] : { junk: value };
  return value;
}

// Deep enough to be refused (MAX_NESTING is 32), shallow enough for JSON.stringify here and in fast-check's reports.
const deepJunk = fc.integer({ min: 2, max: 400 }).map((depth) => nested(depth, 'deep'));
const notString = fc.oneof(fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.array(fc.integer(), { maxLength: 3 }), fc.object({ maxDepth: 2 }), deepJunk);
const notNumber = fc.oneof(fc.string(), fc.boolean(), fc.constant(null), fc.array(fc.double(), { maxLength: 3 }), fc.object({ maxDepth: 2 }), deepJunk);
const notBoolean = fc.oneof(fc.string(), fc.integer(), fc.constant(null), fc.array(fc.boolean(), { maxLength: 3 }), fc.object({ maxDepth: 2 }));
const notList = fc.oneof(fc.string(), fc.integer(), fc.boolean(), fc.constant(null), fc.object({ maxDepth: 2 }));
const huge = fc.constantFrom(1e308, -1e308, Number.MAX_VALUE, -Number.MAX_VALUE, 2 ** 53, 2 ** 64, -(2 ** 63));

const WRONG: Record<Kind, fc.Arbitrary<unknown>> = {
  id: fc.oneof(notString, fc.constant(''), fc.string({ minLength: 201, maxLength: 260 })),
  text: fc.oneof(notString, fc.string({ minLength: 501, maxLength: 600 })),
  score: fc.oneof(notNumber, huge, fc.double({ min: 100.000001, max: 1e300, noNaN: true }), fc.double({ min: -1e300, max: -0.000001, noNaN: true })),
  lat: fc.oneof(notNumber, huge, fc.double({ min: 90.000001, max: 1e300, noNaN: true })),
  lon: fc.oneof(notNumber, huge, fc.double({ min: -1e300, max: -180.000001, noNaN: true })),
  count: fc.oneof(notNumber, fc.integer({ max: -1 }), fc.double({ min: 0.1, max: 1e6, noNaN: true }).filter((x) => !Number.isInteger(x)), fc.constantFrom(2 ** 53, 2 ** 64, 1e308, -(2 ** 53))),
  weight: fc.oneof(notNumber, fc.double({ min: 10_000.001, max: 1e308, noNaN: true }), fc.double({ min: -1e308, max: -0.001, noNaN: true })),
  flag: notBoolean,
  mobility: fc.oneof(
    fc.integer(),
    fc.boolean(),
    fc.constant(null),
    fc.string().filter((s) => s !== 'region' && s !== 'country'),
    fc.record({ maxKm: fc.oneof(fc.string(), fc.double({ min: -1e308, max: -0.001, noNaN: true })) }),
    fc.record({ maxKm: fc.nat(), extra: fc.nat() }),
  ),
  list: notList,
  mechanism: fc.oneof(notString, fc.string().filter((s) => s !== 'optimal' && s !== 'stable')),
  format: fc.oneof(notString, fc.string().filter((s) => s !== 'dual-match/round@1'), fc.constant('dual-match/round@2')),
};

function setAt(document: unknown, path: (string | number)[], value: unknown): void {
  let at = document as Record<string | number, unknown>;
  for (const key of path.slice(0, -1)) {
    at[key] ??= {};
    at = at[key] as Record<string | number, unknown>;
  }
  at[path[path.length - 1]] = value;
}

function removeAt(document: unknown, path: (string | number)[]): void {
  let at = document as Record<string | number, unknown>;
  for (const key of path.slice(0, -1)) at = at[key] as Record<string | number, unknown>;
  delete at[path[path.length - 1]];
}

const idsOf = (round: Round, list: NonNullable<Field['ref']>) => new Set((round[list] as { id?: string; code?: string }[]).map((item) => item.id ?? item.code));

/** Text that passes the round validator but that no database here may store. */
const unstorableText = fc
  .tuple(fc.string({ maxLength: 8 }), fc.constantFrom('\u0000', '\ud800', '\udfff', '\udc00x', 'a\ud83d'), fc.string({ maxLength: 8 }))
  .map(([before, bad, after]) => `${before}${bad}${after}`);

/**
 * A copy of `round` with one fault, and where it is. `storable`: whether the faults that only
 * the service refuses (text it cannot store, junk nested in fields the format does not know)
 * are in the mix, or only those the round validator itself must find.
 */
export function brokenRound(round: Round, options: { storable: boolean }): fc.Arbitrary<Broken<unknown>> {
  const fields = fieldsOf(round);
  const strings = fields.filter((field) => field.kind === 'id' || field.kind === 'text');
  const refs = fields.filter((field) => field.ref && field.kind === 'id');
  const copy = (): Round => structuredClone(round);

  const wrongValue = fc.constantFrom(...fields).chain((field) =>
    WRONG[field.kind].map((value) => {
      const input = copy();
      setAt(input, field.path, value);
      return { input, path: formatPath(field.path), fault: `${formatPath(field.path)} = ${JSON.stringify(value)?.slice(0, 80)}` };
    }),
  );
  const missing = fc.constantFrom(...fields.filter((field) => field.required)).map((field) => {
    const input = copy();
    removeAt(input, field.path);
    return { input, path: formatPath(field.path), fault: `${formatPath(field.path)} removed` };
  });
  const dangling = fc.tuple(fc.constantFrom(...refs), fc.string({ minLength: 1, maxLength: 30 })).map(([field, id]) => {
    const input = copy();
    const unknown = idsOf(round, field.ref!).has(id) ? `${id}-unknown` : id;
    setAt(input, field.path, unknown);
    return { input, path: formatPath(field.path), fault: `${formatPath(field.path)} = unknown "${unknown}"` };
  });
  const danglingPreference = fc.tuple(fc.nat(round.students.length - 1), fc.string({ minLength: 1, maxLength: 30 })).map(([s, id]) => {
    const input = copy();
    const preferences = [...(input.students[s].preferences ?? [])];
    const unknown = idsOf(round, 'offers').has(id) ? `${id}-unknown` : id;
    preferences.push(unknown);
    input.students[s].preferences = preferences;
    const path = `students[${s}].preferences[${preferences.length - 1}]`;
    return { input, path, fault: `${path} = unknown "${unknown}"` };
  });
  const repeated = fc
    .tuple(fc.constantFrom('colleges', 'enterprises', 'offers', 'students') as fc.Arbitrary<'colleges' | 'enterprises' | 'offers' | 'students'>, fc.nat(100), fc.nat(100))
    .filter(([list]) => round[list].length >= 2)
    .map(([list, a, b]) => {
      const input = copy();
      const first = a % round[list].length;
      const second = (first + 1 + (b % (round[list].length - 1))) % round[list].length;
      const [earlier, later] = first < second ? [first, second] : [second, first];
      (input[list][later] as { id: string }).id = round[list][earlier].id;
      return { input, path: `${list}[${later}].id`, fault: `${list}[${later}].id repeats ${list}[${earlier}]` };
    });
  const faults: fc.Arbitrary<Broken<unknown>>[] = [wrongValue, missing, dangling, danglingPreference, repeated];
  if (options.storable) {
    const badText = fc.tuple(fc.constantFrom(...strings), unstorableText).map(([field, text]) => {
      const input = copy();
      setAt(input, field.path, text);
      return { input, path: formatPath(field.path), fault: `${formatPath(field.path)} = ${JSON.stringify(text)}` };
    });
    const badUnknownField = fc
      .tuple(fc.constantFrom('students', 'offers', 'colleges', 'enterprises') as fc.Arbitrary<'students' | 'offers' | 'colleges' | 'enterprises'>, fc.nat(100), fc.oneof(unstorableText, fc.integer({ min: 33, max: 400 }).map((depth) => nested(depth, 1))))
      .map(([list, i, junk]) => {
        const input = copy();
        const at = i % round[list].length;
        (input[list][at] as Record<string, unknown>).extra = junk;
        const path = `${list}[${at}].extra`;
        return { input, path, fault: `${path} = ${typeof junk === 'string' ? JSON.stringify(junk) : 'deeply nested junk'}` };
      });
    faults.push(badText, badUnknownField);
  }
  return fc.oneof(...faults);
}

export interface CsvShape {
  /** The header of the valid file, and its data rows. */
  header: string[];
  rows: string[][];
  /** Every column the import knows (an unknown one must be none of these). */
  known: string[];
  /** Columns holding ids of other entities, with the ids that exist. */
  references: Record<string, string[]>;
  /** Number columns, with values that are numbers but wrong there. */
  numbers: Record<string, string[]>;
  /** true/false columns. */
  flags: string[];
}

const BOOLEAN_WORDS = ['true', '1', 'yes', 'y', 'да', 'иә', 'false', '0', 'no', 'n', 'нет', 'жоқ'];

/** A CSV with one fault, made from a valid one. */
export function brokenCsv(shape: CsvShape): fc.Arbitrary<Broken<string>> {
  const { header, rows } = shape;
  const csv = (lines: string[][]) => lines.map((line) => line.join(',')).join('\n');
  // Cells are written plainly: no fault may hide behind a delimiter (the import guesses comma or semicolon), a quote or a line break.
  const plain = (text: string) => !/[",;\r\n]/.test(text);
  const word = (options: { minLength?: number; maxLength?: number } = {}) => fc.string({ minLength: 1, maxLength: 20, ...options }).filter((s) => plain(s) && s.trim() === s && s !== '');
  const row = fc.nat(rows.length - 1);
  const withCell = (r: number, name: string, value: string) => rows.map((line, i) => (i === r ? line.map((cell, k) => (header[k] === name ? value : cell)) : line));
  const at = (r: number, name: string) => `row ${r + 2}, column "${name}"`;
  const fault = (r: number, name: string, value: string, what: string) => ({ input: csv([header, ...withCell(r, name, value)]), path: at(r, name), fault: `${at(r, name)}: ${what}` });

  const badNumber = fc
    .constantFrom(...Object.keys(shape.numbers))
    .chain((name) => fc.tuple(row, fc.constant(name), fc.oneof(word().filter((s) => !Number.isFinite(Number(s))), fc.constantFrom(...shape.numbers[name], '1e400', '-1e400', 'NaN', 'Infinity'))))
    .map(([r, name, value]) => fault(r, name, value, JSON.stringify(value)));
  const badFlag = fc
    .tuple(row, fc.constantFrom(...shape.flags), word({ maxLength: 10 }).filter((s) => !BOOLEAN_WORDS.includes(s.toLowerCase())))
    .map(([r, name, value]) => fault(r, name, value, JSON.stringify(value)));
  const dangling = fc
    .tuple(row, fc.constantFrom(...Object.keys(shape.references)), word().filter((s) => !s.includes('|')))
    .map(([r, name, id]) => {
      const unknown = shape.references[name].includes(id) ? `${id}-unknown` : id;
      return fault(r, name, unknown, `unknown "${unknown}"`);
    });
  const nul = fc.tuple(row, fc.constantFrom(...header), fc.string({ maxLength: 5 }).filter(plain)).map(([r, name, text]) => fault(r, name, `${text}\u0000${text}`, 'U+0000'));
  const unknownColumn = word({ maxLength: 12 })
    .filter((name) => !shape.known.includes(name.toLowerCase()))
    .map((name) => ({ input: csv([[...header, name], ...rows.map((line) => [...line, 'x'])]), path: `row 1, column "${name}"`, fault: `unknown column ${JSON.stringify(name)}` }));
  const ragged = fc.tuple(row, fc.boolean()).map(([r, longer]) => ({
    input: csv([header, ...rows.map((line, i) => (i === r ? (longer ? [...line, 'x'] : line.slice(0, -1)) : line))]),
    path: `row ${r + 2}`,
    fault: `row ${r + 2} ${longer ? 'has a cell too many' : 'lacks a cell'}`,
  }));
  const repeatedId = fc
    .tuple(row, row)
    .filter(([a, b]) => a !== b)
    .map(([a, b]) => {
      const [earlier, later] = a < b ? [a, b] : [b, a];
      return fault(later, 'id', rows[earlier][header.indexOf('id')], `repeats the id of row ${earlier + 2}`);
    });
  return fc.oneof(badNumber, badFlag, dangling, nul, unknownColumn, ragged, repeatedId);
}
