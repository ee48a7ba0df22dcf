/**
 * The shortage table: per specialty x region, the students who live there (by their
 * college's region), the places offered there (by the enterprise's region), and how the
 * allocation used them. `gap` is added by the shortage analysis (shortage-gap.ts).
 */
import type { RoundModel } from './round-model.ts';
import type { ShortageCell } from './schema.ts';

export function buildShortageTable(model: RoundModel, assignment: Int32Array): ShortageCell[] {
  const regionCount = model.regionIndex.size;
  const cellCount = model.specialtyIndex.size * regionCount;
  const students = new Int32Array(cellCount);
  const placed = new Int32Array(cellCount);
  const places = new Int32Array(cellCount);
  const filled = new Int32Array(cellCount);
  const offerCell = (o: number) => model.offerSpecialty[o] * regionCount + model.offerRegion[o];
  for (let s = 0; s < model.studentCount; s++) {
    const cell = model.studentSpecialty[s] * regionCount + model.studentRegion[s];
    students[cell]++;
    if (assignment[s] >= 0) {
      placed[cell]++;
      filled[offerCell(assignment[s])]++;
    }
  }
  for (let o = 0; o < model.offerCount; o++) places[offerCell(o)] += model.offerPlaces[o];

  const table: ShortageCell[] = [];
  model.round.specialties.forEach((specialty, sp) => {
    model.round.regions.forEach((region, r) => {
      const cell = sp * regionCount + r;
      if (students[cell] === 0 && places[cell] === 0) return;
      table.push({
        specialty: specialty.code,
        region: region.code,
        students: students[cell],
        places: places[cell],
        placed: placed[cell],
        unplaced: students[cell] - placed[cell],
        unusedPlaces: places[cell] - filled[cell],
      });
    });
  });
  return table;
}
