/**
 * Text and numbers in the user's language. The three dictionaries have the same keys (the
 * compiler checks it, and test/widget/i18n.test.ts checks nothing is left in English);
 * numbers, percentages and dates go through Intl with the language's locale.
 *
 * Region and specialty names are not in the bundle: the server's reference data carries
 * them in all three languages (`GET /regions`, `GET /specialties`), so the widget stays small
 * and a round with other specialties still shows their names. A code without a name shows as
 * the code.
 */
import type { ReferenceName } from '../api/types.ts';
import { en, type MessageKey } from './messages-en.ts';
import { kk } from './messages-kk.ts';
import { ru } from './messages-ru.ts';

export type Lang = 'kk' | 'ru' | 'en';
export const LANGS: readonly Lang[] = ['kk', 'ru', 'en'];

export type { MessageKey };
export type Params = Record<string, string | number>;

const DICTIONARIES = { en, ru, kk };
const LOCALES: Record<Lang, string> = { kk: 'kk-KZ', ru: 'ru-KZ', en: 'en-GB' };

/**
 * The locale numbers and dates are formatted in. Some Chromium builds ship trimmed ICU data:
 * they claim Kazakh but format it like the root locale ("1,000.5"). Kazakhstan writes numbers
 * as Russian does ("1 000,5"), so ru-KZ stands in there; dates are numeric, so no month name
 * of the other language appears.
 */
function formattingLocale(lang: Lang): string {
  const locale = LOCALES[lang];
  if (lang === 'kk' && new Intl.NumberFormat(locale).format(1000.5) === '1,000.5') return LOCALES.ru;
  return locale;
}

export function isLang(value: unknown): value is Lang {
  return LANGS.includes(value as Lang);
}

/** Reference names by code, for regions and for specialties. */
export interface NameBook {
  regions: Map<string, ReferenceName>;
  specialties: Map<string, ReferenceName>;
}

export const EMPTY_NAMES: NameBook = { regions: new Map(), specialties: new Map() };

export class Translator {
  /** The language's locale, for sorting names. */
  readonly locale: string;
  private readonly decimal: Intl.NumberFormat;
  private readonly percentage: Intl.NumberFormat;
  private readonly dateTime: Intl.DateTimeFormat;

  constructor(
    readonly lang: Lang,
    private readonly names: NameBook = EMPTY_NAMES,
  ) {
    this.locale = LOCALES[lang];
    const formatting = formattingLocale(lang);
    this.decimal = new Intl.NumberFormat(formatting, { maximumFractionDigits: 1 });
    this.percentage = new Intl.NumberFormat(formatting, { style: 'percent', maximumFractionDigits: 1 });
    this.dateTime = new Intl.DateTimeFormat(formatting, { year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' });
  }

  /** Whether `key` names a message (explanation codes come from the server). */
  has(key: string): key is MessageKey {
    return Object.hasOwn(en, key);
  }

  /** The message for `key`, with `{name}` placeholders filled (numbers formatted). */
  t(key: MessageKey, params?: Params): string {
    const text: string = DICTIONARIES[this.lang][key];
    if (!params) return text;
    return text.replace(/\{(\w+)\}/g, (whole, name: string) => {
      const value = params[name];
      if (value === undefined) return whole;
      return typeof value === 'number' ? this.number(value) : value;
    });
  }

  number(value: number): string {
    return this.decimal.format(value);
  }

  /** `part` of `whole` as a percentage; a dash when there is no whole. */
  percent(part: number, whole: number): string {
    return whole > 0 ? this.percentage.format(part / whole) : '–';
  }

  date(iso: string): string {
    const time = Date.parse(iso);
    return Number.isNaN(time) ? iso : this.dateTime.format(time);
  }

  region(code: string): string {
    return this.nameOf(this.names.regions.get(code)) ?? code;
  }

  /** Every specialty the server named, by name in this language. */
  specialtyCodes(): string[] {
    return [...this.names.specialties.keys()].sort((a, b) => this.specialty(a).localeCompare(this.specialty(b), this.locale));
  }

  specialty(code: string): string {
    return this.nameOf(this.names.specialties.get(code)) ?? code;
  }

  private nameOf(entry: ReferenceName | undefined): string | undefined {
    if (!entry) return undefined;
    // Kazakh names are missing for some specialties; Russian is the usual stand-in there.
    return entry[`name_${this.lang}`] ?? (this.lang === 'kk' ? entry.name_ru : undefined) ?? entry.name ?? undefined;
  }
}
