import { solveRound } from '../../solver/solve-round.ts';
import { parseCommandArgs, parseMechanism, parseThreads } from '../args.ts';
import { stderrProgress } from '../progress-reporter.ts';
import { writeDocument } from '../round-file.ts';
import { readRoundToSolve } from '../round-hash.ts';

const USAGE = `usage: dual-match solve ROUND.json [--mechanism optimal|stable] [--out RESULT.json] [--threads N] [--timings] [--quiet]

Solves a dual-match/round@1 file and writes the dual-match/result@1 document (stdout unless
--out). --timings adds solver.seconds, which makes the output differ from run to run.
Exit codes: 0 solved, 1 invalid input, 2 bad usage.`;

export async function run(argv: string[]): Promise<number> {
  const args = parseCommandArgs(argv, {
    usage: USAGE,
    options: {
      mechanism: { type: 'string' },
      out: { type: 'string', short: 'o' },
      threads: { type: 'string' },
      timings: { type: 'boolean' },
      quiet: { type: 'boolean', short: 'q' },
    },
    positionals: { min: 1, max: 1 },
  });
  if (!args) return 0;
  const mechanism = parseMechanism(args.values.mechanism);
  const threads = parseThreads(args.values.threads);
  const progress = stderrProgress(!args.values.quiet);
  const started = performance.now();
  const { model, inputHash } = await readRoundToSolve(args.positionals[0], { quietWarnings: args.values.quiet });
  const { result } = await solveRound(model, { mechanism, threads, inputHash, onProgress: progress.listener });
  if (args.values.timings) result.solver.seconds = Math.round(performance.now() - started) / 1000;
  await writeDocument(result, args.values.out);
  const { placed, students } = result.summary;
  progress.done(`${result.mechanism}: placed ${placed} of ${students} students`);
  return 0;
}
