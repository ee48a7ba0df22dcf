/** Validating and solving a round object in tests, failing loudly on an invalid round. */
import { solveRound, type RoundSolution } from '../../solver/solve-round.ts';
import type { Mechanism, Round } from '../../solver/schema.ts';
import { validateRound } from '../../solver/validate-round.ts';
import type { RoundModel } from '../../solver/round-model.ts';

export function modelOf(round: unknown): RoundModel {
  const outcome = validateRound(round);
  if (!outcome.ok) throw new Error(`invalid round: ${JSON.stringify(outcome.errors.slice(0, 5))}`);
  return outcome.model;
}

export function solve(round: Round, mechanism: Mechanism): Promise<RoundSolution> {
  return solveRound(modelOf(round), { mechanism, threads: 1 });
}
