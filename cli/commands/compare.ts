import { compareMechanisms, type MechanismComparison, type MechanismOutcome } from '../../solver/mechanism-comparison.ts';
import { solveRound } from '../../solver/solve-round.ts';
import { ordinal } from '../../solver/explanation-text.ts';
import { parseCommandArgs, parseThreads } from '../args.ts';
import { readRound } from '../round-file.ts';

const USAGE = `usage: dual-match compare ROUND.json [--threads N] [--json]

Solves the round with both mechanisms and shows them side by side: students placed (and
priority students), how many got their 1st, 2nd, ... choice, the total distance, and the
students with justified envy (someone their preferred offer's enterprise ranks lower holds
a place there): what stability costs, and what it buys. --json prints the numbers as JSON.
Exit codes: 0 compared, 1 invalid round, 2 bad usage.`;

export async function run(argv: string[]): Promise<number> {
  const args = parseCommandArgs(argv, { usage: USAGE, options: { threads: { type: 'string' }, json: { type: 'boolean' } }, positionals: { min: 1, max: 1 } });
  if (!args) return 0;
  const threads = parseThreads(args.values.threads);
  const { model } = await readRound(args.positionals[0], { quietWarnings: true });
  const optimal = await solveRound(model, { mechanism: 'optimal', threads });
  const stable = await solveRound(model, { mechanism: 'stable' });
  const comparison = compareMechanisms(model, optimal.compatibility, optimal.assignment, stable.assignment);
  process.stdout.write(args.values.json ? JSON.stringify(comparison, null, 2) + '\n' : table(model.round.round.id, comparison));
  return 0;
}

function table(roundId: string, comparison: MechanismComparison): string {
  const { optimal, stable } = comparison;
  const ranks = Math.max(optimal.rankCounts.length, stable.rankCounts.length);
  const rows: [string, (outcome: MechanismOutcome) => string | number][] = [
    ['students placed', (o) => `${o.placed} of ${o.students}`],
    ['priority students placed', (o) => `${o.priorityPlaced} of ${o.priorityStudents}`],
    ...Array.from({ length: ranks }, (_, r): [string, (o: MechanismOutcome) => number] => [`placed on their ${ordinal(r + 1)} choice`, (o) => o.rankCounts[r] ?? 0]),
    ['placed on an offer not listed', (o) => o.offList],
    ['unplaced', (o) => o.unplaced],
    ['total distance, km', (o) => o.totalKm.toFixed(1)],
    ['students with justified envy', (o) => o.justifiedEnvy],
  ];
  const lines = [`round ${roundId}`, `${''.padEnd(32)}${'optimal'.padStart(16)}${'stable'.padStart(16)}`];
  for (const [label, value] of rows) lines.push(`${label.padEnd(32)}${String(value(optimal)).padStart(16)}${String(value(stable)).padStart(16)}`);
  lines.push(`${'students better off under it'.padEnd(32)}${String(comparison.betterOff.optimal).padStart(16)}${String(comparison.betterOff.stable).padStart(16)}`);
  return lines.join('\n') + '\n';
}
