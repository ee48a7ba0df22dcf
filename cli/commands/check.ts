import { checkResult } from '../../solver/result-check.ts';
import { parseCommandArgs, parseThreads } from '../args.ts';
import { readJsonFile, readRound } from '../round-file.ts';

const USAGE = `usage: dual-match check ROUND.json RESULT.json [--no-resolve] [--threads N] [--json]

Checks that RESULT.json is a valid result of ROUND.json: the result format, inputHash, every
student exactly once, every assignment compatible with its rank and km right, no offer over
its places and no enterprise over its capacity, the summary, the shortage table, the unplaced
reasons and the cut-offs; for a stable result, that no pair blocks it (the spec's definition).
Unless --no-resolve, it also solves the round again: an optimal result must reach the optimum
(priority placed, placed, quality cost) and match its gaps, a stable result must be the
student-optimal stable allocation, and recommendations must match.
--json prints the report as JSON.
Exit codes: 0 valid, 1 problems found (listed) or unreadable input, 2 bad usage.`;

export async function run(argv: string[]): Promise<number> {
  const args = parseCommandArgs(argv, {
    usage: USAGE,
    options: { 'no-resolve': { type: 'boolean' }, threads: { type: 'string' }, json: { type: 'boolean' } },
    positionals: { min: 2, max: 2 },
  });
  if (!args) return 0;
  const threads = parseThreads(args.values.threads);
  const [roundPath, resultPath] = args.positionals;
  const { document, model } = await readRound(roundPath, { quietWarnings: true });
  const report = await checkResult(model, document, await readJsonFile(resultPath), { resolve: !args.values['no-resolve'], threads });
  if (args.values.json) {
    process.stdout.write(JSON.stringify(report, null, 2) + '\n');
    return report.ok ? 0 : 1;
  }
  const what = `${report.mechanism ?? 'unreadable'} result of round ${model.round.round.id}`;
  if (report.ok) {
    const facts = [`${model.studentCount} students`];
    if (report.blockingPairs !== null) facts.push('no blocking pair');
    facts.push(report.resolved ? 'matches a fresh solve' : 'not compared with a fresh solve');
    process.stdout.write(`valid: ${resultPath}: ${what} (${facts.join("; ")})\n`);
    return 0;
  }
  process.stdout.write(`INVALID: ${resultPath}: ${what}: ${report.problemCount} problem${report.problemCount === 1 ? '' : 's'}\n`);
  for (const problem of report.problems) process.stdout.write(`  [${problem.code}] ${problem.message}\n`);
  if (report.problemCount > report.problems.length) process.stdout.write(`  ... and ${report.problemCount - report.problems.length} more\n`);
  return 1;
}
