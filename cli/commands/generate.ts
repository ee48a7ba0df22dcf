import { createWriteStream } from 'node:fs';
import { finished } from 'node:stream/promises';
import { generateRound } from '../../fixtures/generate-round.ts';
import { REGIONS, regionByCode } from '../../fixtures/reference-data.ts';
import { writeRoundJson } from '../../fixtures/round-json.ts';
import { MechanismSchema, type Round } from '../../solver/schema.ts';
import { parseCommandArgs } from '../args.ts';
import { InputError, UsageError } from '../usage-error.ts';

/** A million students is three national cohorts; beyond that memory, not realism, is the limit. */
const MAX_STUDENTS = 1_000_000;

const USAGE = `usage: dual-match generate --students N --seed S [--region KZ-39] [--names] [--mechanism optimal|stable] [--out FILE]

Writes a realistic synthetic round (dual-match/round@1) to stdout or FILE. The same options
always give the same file.

  --students N     number of students, 1 to ${MAX_STUDENTS} (national scale is about 300000)
  --seed S         any whole number; also the round's policy.seed
  --region CODE    a regional round of one region (ISO code, e.g. KZ-39 Kostanay);
                   default: a national round of all 20 regions
  --names          give students realistic Kazakh and Russian full names
  --mechanism M    optimal (default) or stable
  --out FILE       write to FILE instead of stdout`;

export async function run(argv: string[]): Promise<number> {
  const parsed = parseCommandArgs(argv, {
    usage: USAGE,
    options: {
      students: { type: 'string' },
      seed: { type: 'string' },
      region: { type: 'string' },
      names: { type: 'boolean' },
      mechanism: { type: 'string' },
      out: { type: 'string' },
    },
    positionals: { min: 0, max: 0 },
  });
  if (parsed === null) return 0;
  const { values } = parsed;

  const students = wholeNumber('--students', values.students);
  if (students < 1 || students > MAX_STUDENTS) throw new UsageError(`--students must be between 1 and ${MAX_STUDENTS}, got ${students}\n${USAGE}`);
  const seed = wholeNumber('--seed', values.seed);
  if (values.region !== undefined && !regionByCode(values.region)) {
    throw new UsageError(`--region: unknown region '${values.region}'; known: ${REGIONS.map((r) => r.code).join(', ')}\n${USAGE}`);
  }
  const mechanism = MechanismSchema.safeParse(values.mechanism ?? 'optimal');
  if (!mechanism.success) throw new UsageError(`--mechanism must be optimal or stable, got '${values.mechanism}'\n${USAGE}`);

  const round = generateRound({ students, seed, region: values.region, names: values.names ?? false, mechanism: mechanism.data });
  if (values.out === undefined) await writeToStdout(round);
  else await writeToFile(values.out, round);
  return 0;
}

function wholeNumber(flag: string, text: string | undefined): number {
  if (text === undefined) throw new UsageError(`${flag} is required\n${USAGE}`);
  const value = Number(text);
  if (!/^-?\d+$/.test(text) || !Number.isSafeInteger(value)) throw new UsageError(`${flag} must be a whole number, got '${text}'\n${USAGE}`);
  return value;
}

/** A reader that stops early (`generate ... | head`) closes the pipe: that is no error. */
async function writeToStdout(round: Round): Promise<void> {
  const isClosedPipe = (error: unknown) => (error as NodeJS.ErrnoException).code === 'EPIPE';
  // Stays attached: the pipe may also break after the last write was handed over.
  process.stdout.on('error', (error) => {
    if (!isClosedPipe(error)) throw error;
  });
  try {
    await writeRoundJson(round, process.stdout);
  } catch (error) {
    if (!isClosedPipe(error)) throw error;
  }
}

async function writeToFile(path: string, round: Round): Promise<void> {
  const file = createWriteStream(path);
  try {
    await writeRoundJson(round, file);
    file.end();
    await finished(file);
  } catch (error) {
    file.destroy();
    throw new InputError(`cannot write ${path}: ${(error as Error).message}`);
  }
}
