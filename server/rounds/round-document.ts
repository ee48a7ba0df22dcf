/**
 * A stored round as a `dual-match/round@1` document: for exports, for run snapshots, and for
 * re-validating a round after a CSV import.
 *
 * The entities are stored as the JSON text they were imported as, so the document is built by
 * joining those texts rather than parsing and re-serialising 100,000 objects. The layout is
 * that of solver/document-json.ts (one list item a line), byte for byte.
 */
import type { Db } from '../db/open-database.ts';
import { loadEntityTexts } from '../repositories/round-entities.ts';
import type { RoundHead } from '../repositories/rounds.ts';
import type { Round } from '../../solver/schema.ts';
import { ENTITY_KINDS, type EntityKind } from './entity-rows.ts';

export type EntityTexts = Record<EntityKind, string[]>;

export async function loadEntityLists(db: Db, roundId: string): Promise<EntityTexts> {
  const lists = {} as EntityTexts;
  for (const kind of ENTITY_KINDS) lists[kind] = await loadEntityTexts(db, roundId, kind);
  return lists;
}

/** format, round, regions, specialties, the four lists, then any other top-level fields. */
function documentKeys(head: RoundHead): string[] {
  const first = ['format', 'round', 'regions', 'specialties'];
  const rest = Object.keys(head).filter((key) => !first.includes(key) && (head as Record<string, unknown>)[key] !== undefined);
  return [...first, ...ENTITY_KINDS, ...rest];
}

export function* roundDocumentChunks(head: RoundHead, lists: EntityTexts): Generator<string> {
  const keys = documentKeys(head);
  yield '{\n';
  for (let k = 0; k < keys.length; k++) {
    const key = keys[k];
    const comma = k < keys.length - 1 ? ',' : '';
    yield `  ${JSON.stringify(key)}: `;
    const texts: string[] | null = (ENTITY_KINDS as readonly string[]).includes(key) ? lists[key as EntityKind] : null;
    const value = (head as Record<string, unknown>)[key];
    if (texts === null && !(Array.isArray(value) && value.length > 0)) {
      yield `${JSON.stringify(value)}${comma}\n`;
      continue;
    }
    const items = texts ?? (value as unknown[]).map((item) => JSON.stringify(item));
    if (items.length === 0) {
      yield `[]${comma}\n`;
      continue;
    }
    yield '[\n';
    let chunk = '';
    for (let i = 0; i < items.length; i++) {
      chunk += `    ${items[i]}${i < items.length - 1 ? ',' : ''}\n`;
      if (chunk.length > 1 << 16) {
        yield chunk;
        chunk = '';
      }
    }
    yield `${chunk}  ]${comma}\n`;
  }
  yield '}\n';
}

export function roundDocumentText(head: RoundHead, lists: EntityTexts): string {
  return [...roundDocumentChunks(head, lists)].join('');
}

/** A stored round's lists parsed into its document (they passed validation when they were stored). */
export function parseRoundDocument(head: RoundHead, lists: EntityTexts): Round {
  const parse = (texts: string[]) => texts.map((text) => JSON.parse(text));
  return { ...head, colleges: parse(lists.colleges), enterprises: parse(lists.enterprises), offers: parse(lists.offers), students: parse(lists.students) } as Round;
}
