/**
 * The order of text keys. The databases compare text byte by byte in UTF-8 (SQLite's BINARY,
 * the "C" collation in PostgreSQL), which is code-point order; JavaScript's `<` and its native
 * sort compare UTF-16 code units, which differs for characters above U+FFFF.
 */

/** Code-point order (UTF-8 byte order) of two strings. */
export function compareCodePoints(a: string, b: string): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) {
      // Surrogates (U+D800..U+DFFF, the halves of code points above U+FFFF) go after U+E000..U+FFFF.
      const shift = (c: number) => (c >= 0xd800 && c <= 0xdfff ? c + 0x2000 : c >= 0xe000 ? c - 0x800 : c);
      return shift(x) - shift(y);
    }
  }
  return a.length - b.length;
}

const SURROGATE = /[\uD800-\uDFFF]/;

/**
 * Strings in code-point order. Without surrogates (characters above U+FFFF), UTF-16 order is
 * code-point order, and the native sort is many times faster than one with a comparator (90 ms
 * against a few for 12,000 offer ids).
 */
export function sortByCodePoints(values: readonly string[]): string[] {
  return values.some((value) => SURROGATE.test(value)) ? [...values].sort(compareCodePoints) : [...values].sort();
}
