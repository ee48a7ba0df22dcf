/**
 * A PATCH of one stored entity (an offer, an enterprise): the body's fields laid over the
 * entity as stored, unknown fields kept, `null` removing an optional field. The outcome is
 * checked again with the round format's schema, so that an edit can never store what an
 * import of the round file would refuse.
 */
import type { z } from 'zod';
import { invalid, zodIssues } from '../http/problem.ts';

export function applyPatch<S extends z.ZodType>(storedJson: string, patch: Record<string, unknown>, schema: S, what: string): z.output<S> {
  const changed: Record<string, unknown> = JSON.parse(storedJson);
  for (const [field, value] of Object.entries(patch)) {
    if (value === null) delete changed[field];
    else if (value !== undefined) changed[field] = value;
  }
  const parsed = schema.safeParse(changed);
  if (!parsed.success) throw invalid(`the ${what} would not be valid`, zodIssues(parsed.error));
  return parsed.data;
}
