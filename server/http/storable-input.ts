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

/** Every string (and field name) of `value` that cannot be stored, and values nested too deep. */
export function unstorableInput(value: unknown): { issues: ProblemIssue[]; count: number } {
  const issues: ProblemIssue[] = [];
  let count = 0;
  const path: PropertyKey[] = [];
  const report = (rule: string, message: string) => {
    count++;
    if (issues.length < MAX_ISSUES) issues.push({ path: formatPath(path), rule, message });
  };
  // Recursion is safe: it never goes deeper than MAX_NESTING.
  const walk = (item: unknown, depth: number) => {
    if (typeof item === 'string') {
      const message = textIssue(item);
      if (message) report('text', message);
      return;
    }
    if (item === null || typeof item !== 'object') return;
    if (depth >= MAX_NESTING) {
      report('nesting', `is nested more than ${MAX_NESTING} levels deep`);
      return;
    }
    if (Array.isArray(item)) {
      for (let i = 0; i < item.length; i++) {
        path.push(i);
        walk(item[i], depth + 1);
        path.pop();
      }
      return;
    }
    for (const [key, element] of Object.entries(item)) {
      path.push(key);
      const keyIssue = textIssue(key);
      if (keyIssue) report('text', `the field name ${keyIssue}`);
      walk(element, depth + 1);
      path.pop();
    }
  };
  walk(value, 0);
  return { issues, count };
}
