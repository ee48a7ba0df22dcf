/**
 * Reading request bodies that the OpenAPI validators do not read for us: whole round files
 * (validated by the solver's validator, which names every failing path) and CSV uploads.
 */
import type { Context } from 'hono';
import { badRequest, ProblemError } from './problem.ts';

function requireMediaType(c: Context, accepted: RegExp, expected: string): void {
  const type = c.req.header('content-type') ?? '';
  if (!accepted.test(type.split(';')[0].trim())) throw new ProblemError(415, 'unsupported-media-type', `send the body as ${expected}, not "${type || 'no Content-Type'}"`);
}

/** The body as text: UTF-8, a byte-order mark dropped. */
async function bodyText(c: Context): Promise<string> {
  return (await c.req.text()).replace(/^\uFEFF/, '');
}

/** Where JSON.parse stopped: V8 says so for most errors, and a prefix search finds the rest. */
function errorPosition(text: string, message: string): number | null {
  const stated = /at position (\d+)/.exec(message);
  if (stated) return Number(stated[1]);
  // A prefix fails "early" (not merely by ending too soon) exactly when it contains the error,
  // so the shortest such prefix ends at the error.
  const failsEarly = (length: number) => {
    try {
      JSON.parse(text.slice(0, length));
      return false;
    } catch (error) {
      const m = (error as Error).message;
      const at = /at position (\d+)/.exec(m);
      return !/end of JSON input|Unterminated/.test(m) && (!at || Number(at[1]) < length);
    }
  };
  if (!failsEarly(text.length)) return null;
  let low = 0;
  let high = text.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (failsEarly(middle)) high = middle;
    else low = middle + 1;
  }
  return low - 1;
}

/** A JSON body as text, for parseJsonText (large round files are parsed off the event loop). */
export async function readJsonText(c: Context): Promise<string> {
  requireMediaType(c, /^application\/([\w.-]+\+)?json$/i, 'application/json');
  return bodyText(c);
}

/** Parses a JSON body's text; a syntax error is a 400 naming the line and column. */
export function parseJsonText(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    const message = (error as Error).message;
    const position = errorPosition(text, message);
    let path = '';
    if (position !== null) {
      const before = text.slice(0, position);
      path = `line ${before.split('\n').length}, column ${before.length - before.lastIndexOf('\n')}`;
    }
    throw badRequest(`the body is not valid JSON: ${message.replace(/ in JSON at position \d+.*$/, '')}`, [{ path, message, rule: 'json' }]);
  }
}

export async function readCsvBody(c: Context): Promise<string> {
  requireMediaType(c, /^(text\/csv|text\/plain|application\/csv)$/i, 'text/csv');
  return bodyText(c);
}
