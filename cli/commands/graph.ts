import { closeSync, openSync, writeSync } from 'node:fs';
import { buildAllocationNetwork } from '../../solver/allocation-network.ts';
import { buildCompatibility, buildOfferIndex } from '../../solver/compatibility.ts';
import { writeDimacsProblem } from '../../solver/flow/dimacs-writer.ts';
import { parseCommandArgs } from '../args.ts';
import { readRound } from '../round-file.ts';

const USAGE = `usage: dual-match graph ROUND.json [--out FILE.min]

Writes the optimal mechanism's minimum-cost-flow problem for the round in DIMACS format
(p min, n, a lines; node ids are 1-based), so that any outside solver can check the same
work. Its optimal cost, as printed by \`dual-match flow\` or another solver, is the
objective described in docs/policy.md.`;

export async function run(argv: string[]): Promise<number> {
  const args = parseCommandArgs(argv, { usage: USAGE, options: { out: { type: 'string', short: 'o' } }, positionals: { min: 1, max: 1 } });
  if (!args) return 0;
  const { model } = await readRound(args.positionals[0], { quietWarnings: true });
  const index = buildOfferIndex(model);
  const network = buildAllocationNetwork(model, buildCompatibility(index));
  const students = network.students.length;
  const offers = network.offers.length;
  const enterprises = network.enterprises.length;
  const comments = [
    `dual-match allocation network of round ${model.round.round.id} (docs/policy.md)`,
    `nodes 1..${students}: students with a compatible offer (supply 1 each), in the seed's order`,
    `nodes ${students + 1}..${students + offers}: offers; nodes ${students + offers + 1}..${students + offers + enterprises}: enterprises whose capacity binds`,
    `node ${network.sink + 1}: sink; level weight W = ${network.levelWeight}`,
  ];
  // Written synchronously chunk by chunk (stdout to files and pipes is synchronous on POSIX),
  // so a national network never sits in memory as text.
  const file = args.values.out;
  const fd = file === undefined ? undefined : openSync(file, 'w');
  try {
    writeDimacsProblem(network.problem, (chunk) => (fd === undefined ? process.stdout.write(chunk) : writeSync(fd, chunk)), comments);
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
  return 0;
}
