/**
 * Input that is well-formed JSON but that the service will not store: text with U+0000 (a
 * PostgreSQL text value cannot hold it) or with unpaired surrogates (not Unicode; written as
 * UTF-8 they would silently become U+FFFD, and the round would not export as it came), and
 * values nested deeper than any round needs (writing them back as JSON would exhaust the
 * stack). Refused alike on SQLite and PostgreSQL, with the path of each value.
 */
import { formatPath } from '../../solver/validate-round.ts';
import type { ProblemIssue } from './problem.ts';

/** Nesting a round file never needs: a student's mobility is 4 levels down. */
export const MAX_NESTING = 32;
const MAX_ISSUES = 200;
const UNSTORABLE_TEXT = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

export function textIssue(text: string): string | null {
  const match = UNSTORABLE_TEXT.exec(text);
  if (!match) return null;
  return match[0] === '\u0000' ? 'must not contain the character U+0000' : 'must be valid Unicode (it has an unpaired surrogate)';
}

/**
 * A walk through a value, gathering what cannot be stored. A class, not closures made for each
 * call: this runs on every validated request, and the server runs under tsx, which wraps every
 * function made at run time to keep its name (`__name`, a property definition each time):
 * 1.3 % of the server's time answering lookups, with the walk and its report as closures.
 */
class UnstorableScan {
  readonly issues: ProblemIssue[] = [];
  count = 0;
  private readonly path: PropertyKey[] = [];

  private report(rule: string, message: string): void {
    this.count++;
    if (this.issues.length < MAX_ISSUES) this.issues.push({ path: formatPath(this.path), rule, message });
  }

  // Recursion is safe: it never goes deeper than MAX_NESTING.
  walk(item: unknown, depth: number): void {
    if (typeof item === 'string') {
      const message = textIssue(item);
      if (message) this.report('text', message);
      return;
    }
    if (item === null || typeof item !== 'object') return;
    if (depth >= MAX_NESTING) {
      this.report('nesting', `is nested more than ${MAX_NESTING} levels deep`);
      return;
    }
    const { path } = this;
    if (Array.isArray(item)) {
      for (let i = 0; i < item.length; i++) {
        path.push(i);
        this.walk(item[i], depth + 1);
        path.pop();
      }
      return;
    }
    for (const [key, element] of Object.entries(item)) {
      path.push(key);
      const keyIssue = textIssue(key);
      if (keyIssue) this.report('text', `the field name ${keyIssue}`);
      this.walk(element, depth + 1);
      path.pop();
    }
  }
}

/** Every string (and field name) of `value` that cannot be stored, and values nested too deep. */
export function unstorableInput(value: unknown): { issues: ProblemIssue[]; count: number } {
  const scan = new UnstorableScan();
  scan.walk(value, 0);
  return { issues: scan.issues, count: scan.count };
}
