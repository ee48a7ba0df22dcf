/**
 * A student's order over offers, read literally from the spec's stable mechanism: the
 * student's preferences in their order first, then every other offer by increasing distance
 * (0.1 km, as published), ties by offer id compared as strings; being unplaced comes last.
 * Only compatible offers are ever on a student's list, so callers compare compatible offers.
 *
 * This is the analysis side's reading (stability checker, explanations, justified envy,
 * mechanism comparison). The mechanism builds its lists separately (stable-student-lists.ts),
 * so that the checker can catch a mistake in either.
 */
import { preferencePosition } from './compatibility.ts';
import { roundKm } from './geo.ts';
import { studentOfferKm, type RoundModel } from './round-model.ts';

/** Does student s strictly prefer offer a to offer b? Either may be -1 (unplaced). */
export function studentPrefers(model: RoundModel, s: number, a: number, b: number): boolean {
  if (a === b || a < 0) return false;
  if (b < 0) return true;
  const positionA = preferencePosition(model, s, a);
  const positionB = preferencePosition(model, s, b);
  if (positionA >= 0 || positionB >= 0) {
    if (positionB < 0) return true;
    if (positionA < 0) return false;
    return positionA < positionB;
  }
  const kmA = roundKm(studentOfferKm(model, s, a));
  const kmB = roundKm(studentOfferKm(model, s, b));
  if (kmA !== kmB) return kmA < kmB;
  return model.round.offers[a].id < model.round.offers[b].id;
}
