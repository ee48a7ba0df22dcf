/**
 * The three dictionaries: the same keys, the same placeholders, and nothing left in English
 * in the Kazakh or Russian one (a text may equal the English only when it is a code, a unit
 * or a placeholder pattern that reads the same in every language).
 */
import { describe, expect, test } from 'vitest';
import { en } from '../../widget/i18n/messages-en.ts';
import { kk } from '../../widget/i18n/messages-kk.ts';
import { ru } from '../../widget/i18n/messages-ru.ts';

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

/** Nothing to translate: only placeholders, digits, punctuation, and codes such as CSV or JSON. */
const isLanguageNeutral = (text: string) => /^(?:\{\w+\}|[\d\s.,:;%/·()–-]|\b(?:JSON|CSV|ID|A|B)\b)*$/u.test(text);

describe.each([
  ['kk', kk],
  ['ru', ru],
])('%s dictionary', (lang, messages) => {
  test('has exactly the English keys', () => {
    expect(Object.keys(messages).sort()).toEqual(Object.keys(en).sort());
  });

  test('keeps every placeholder of the English text', () => {
    for (const [key, text] of Object.entries(en)) {
      expect(placeholders(messages[key as keyof typeof en]), `${lang} ${key}`).toEqual(placeholders(text));
    }
  });

  test('leaves nothing in English', () => {
    const untranslated = Object.entries(en)
      .filter(([key, text]) => messages[key as keyof typeof en] === text && !isLanguageNeutral(text))
      .map(([key]) => key);
    expect(untranslated).toEqual([]);
  });

  test('uses the script of the language (no Latin words outside codes)', () => {
    const latin = Object.entries(messages)
      .filter(([, text]) => /\b(?!JSON\b|CSV\b|ID\b|A\b|B\b)[A-Za-z]{2,}/.test(text.replace(/\{\w+\}/g, '')))
      .map(([key]) => key);
    expect(latin).toEqual([]);
  });
});
