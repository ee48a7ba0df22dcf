import { InputError, UsageError } from './usage-error.ts';

/** A sub-command: receives its own arguments, returns the process exit code. */
export type Command = (argv: string[]) => Promise<number>;

interface CommandEntry {
  summary: string;
  load: () => Promise<{ run: Command }>;
}

// Loaded lazily so that `dual-match flow` does not pay for zod and the round machinery.
const commands: Record<string, CommandEntry> = {
  flow: { summary: 'solve a DIMACS minimum-cost-flow problem', load: () => import('./commands/flow.ts') },
};

function usage(): string {
  const lines = Object.entries(commands).map(([name, c]) => `  ${name.padEnd(10)} ${c.summary}`);
  return ['usage: dual-match <command> [options]', '', 'commands:', ...lines, '', 'Run `dual-match <command> --help` for its options.'].join('\n');
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(usage() + '\n');
    return name === undefined ? 2 : 0;
  }
  const entry = commands[name];
  if (!entry) {
    process.stderr.write(`dual-match: unknown command '${name}'\n\n${usage()}\n`);
    return 2;
  }
  try {
    const { run } = await entry.load();
    return await run(rest);
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`dual-match ${name}: ${error.message}\n`);
      return 2;
    }
    if (error instanceof InputError) {
      process.stderr.write(`dual-match ${name}: ${error.message}\n`);
      return 1;
    }
    throw error;
  }
}
