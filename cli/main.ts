import { InputError, UsageError } from './usage-error.ts';

/** A sub-command: receives its own arguments, returns the process exit code. */
export type Command = (argv: string[]) => Promise<number>;

interface CommandEntry {
  summary: string;
  load: () => Promise<{ run: Command }>;
}

// Loaded lazily so that `dual-match flow` does not pay for zod and the round machinery.
const commands: Record<string, CommandEntry> = {
  solve: { summary: 'solve a round file and write its result file', load: () => import('./commands/solve.ts') },
  graph: { summary: "write a round's flow problem in DIMACS format", load: () => import('./commands/graph.ts') },
  flow: { summary: 'solve a DIMACS minimum-cost-flow problem', load: () => import('./commands/flow.ts') },
  generate: { summary: 'generate a realistic round (seeded)', load: () => import('./commands/generate.ts') },
  check: { summary: 'check that a result file is a valid result of its round', load: () => import('./commands/check.ts') },
  explain: { summary: "explain one student's outcome in a result", load: () => import('./commands/explain.ts') },
  compare: { summary: 'solve a round with both mechanisms and compare them', load: () => import('./commands/compare.ts') },
  vacancies: { summary: 'build the follow-up round of unplaced students and unused places', load: () => import('./commands/vacancies.ts') },
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
  // A reader that stops early (`| head`) is no error.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    process.exit(0);
  });
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
