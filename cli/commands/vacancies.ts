import { buildVacancyRound } from '../../solver/vacancy-round.ts';
import { validateRound } from '../../solver/validate-round.ts';
import { parseCommandArgs } from '../args.ts';
import { readResultOfRound } from '../result-file.ts';
import { readRound, writeDocument } from '../round-file.ts';
import { UsageError } from '../usage-error.ts';

const USAGE = `usage: dual-match vacancies ROUND.json RESULT.json [--widen-km N] [--out FILE]

Builds the follow-up round (like the NRMP's SOAP) from a result: the students it left
unplaced and the places it left unused (places minus students placed, enterprise capacities
reduced alike), as a new round file with id "<round id>-vacancies". With --widen-km N,
students who may only stay in their region may go up to N km, and maxKm below N becomes N.
Writes the round to stdout unless --out.
Exit codes: 0 written, 1 invalid input, 2 bad usage.`;

export async function run(argv: string[]): Promise<number> {
  const args = parseCommandArgs(argv, {
    usage: USAGE,
    options: { 'widen-km': { type: 'string' }, out: { type: 'string', short: 'o' } },
    positionals: { min: 2, max: 2 },
  });
  if (!args) return 0;
  const widenKm = parseKm(args.values['widen-km']);
  const [roundPath, resultPath] = args.positionals;
  const { document, model } = await readRound(roundPath, { quietWarnings: true });
  const { assignment } = await readResultOfRound(resultPath, document, model);
  const round = buildVacancyRound(model, assignment, { widenKm });
  const outcome = validateRound(round);
  if (!outcome.ok) throw new Error(`internal error: the vacancy round is invalid: ${outcome.errors[0]?.path} ${outcome.errors[0]?.message}`);
  await writeDocument(round, args.values.out);
  const places = round.offers.reduce((sum, o) => sum + o.places, 0);
  const count = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  process.stderr.write(`vacancy round ${round.round.id}: ${count(round.students.length, 'student')}, ${count(round.offers.length, 'offer')} with ${count(places, 'place')}\n`);
  return 0;
}

function parseKm(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const km = Number(value);
  if (value.trim() === '' || !Number.isFinite(km) || km < 0) throw new UsageError(`--widen-km must be a number of km >= 0, got "${value}"`);
  return km;
}
