import { Explainer } from '../../solver/explanation.ts';
import { renderExplanation } from '../../solver/explanation-text.ts';
import { parseCommandArgs } from '../args.ts';
import { readResultOfRound } from '../result-file.ts';
import { readRound } from '../round-file.ts';
import { InputError } from '../usage-error.ts';

const USAGE = `usage: dual-match explain ROUND.json RESULT.json STUDENT_ID [--json]

Explains one student's outcome in RESULT.json: for each offer the student ranked above it,
why they are not there (its cut-off, a full enterprise, a compatibility rule, or for the
optimal mechanism students without an alternative or with a stronger claim); for an
unplaced student, the reason and the facts behind it. --json prints the structured form
(docs/explanations.md) that the server and the widget translate.
Exit codes: 0 explained, 1 invalid input or unknown student, 2 bad usage.`;

export async function run(argv: string[]): Promise<number> {
  const args = parseCommandArgs(argv, { usage: USAGE, options: { json: { type: 'boolean' } }, positionals: { min: 3, max: 3 } });
  if (!args) return 0;
  const [roundPath, resultPath, studentId] = args.positionals;
  const { document, model } = await readRound(roundPath, { quietWarnings: true });
  const { result, assignment } = await readResultOfRound(resultPath, document, model);
  const s = model.studentIndex.get(studentId);
  if (s === undefined) throw new InputError(`no student "${studentId}" in round ${model.round.round.id}`);
  const explanation = new Explainer(model, result.mechanism, assignment).explain(s);
  process.stdout.write((args.values.json ? JSON.stringify(explanation, null, 2) : renderExplanation(explanation)) + '\n');
  return 0;
}
