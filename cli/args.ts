import { parseArgs, type ParseArgsConfig } from 'node:util';
import { MechanismSchema, type Mechanism } from '../solver/schema.ts';
import { UsageError } from './usage-error.ts';

type Options = NonNullable<ParseArgsConfig['options']>;

/**
 * node:util parseArgs with the CLI's conventions: unknown flags and a wrong number of
 * positional arguments are usage errors (exit 2), and `--help` prints the command's usage.
 */
export function parseCommandArgs<O extends Options>(
  argv: string[],
  spec: { usage: string; options: O; positionals: { min: number; max: number } },
) {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: { ...spec.options, help: { type: 'boolean', short: 'h' } }, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(`${(error as Error).message}\n${spec.usage}`);
  }
  if ((parsed.values as { help?: boolean }).help) {
    process.stdout.write(spec.usage + '\n');
    return null;
  }
  const n = parsed.positionals.length;
  if (n < spec.positionals.min || n > spec.positionals.max) {
    throw new UsageError(`expected ${spec.positionals.min === spec.positionals.max ? spec.positionals.min : `${spec.positionals.min} to ${spec.positionals.max}`} argument(s), got ${n}\n${spec.usage}`);
  }
  return parsed as { values: { [K in keyof O]?: O[K]['type'] extends 'boolean' ? boolean : string }; positionals: string[] };
}

export function parseThreads(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const threads = Number(value);
  if (!Number.isInteger(threads) || threads < 1 || threads > 64) throw new UsageError(`--threads must be a whole number from 1 to 64, got "${value}"`);
  return threads;
}

export function parseMechanism(value: string | undefined): Mechanism | undefined {
  if (value === undefined) return undefined;
  const parsed = MechanismSchema.safeParse(value);
  if (!parsed.success) throw new UsageError(`--mechanism must be "optimal" or "stable", got "${value}"`);
  return parsed.data;
}
