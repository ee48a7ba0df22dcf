/**
 * What is worked out once when a run is stored, so that reading it later is a single row
 * read: the result's summary, shortage table and recommendations, placements by specialty
 * and by region (the shortage table's cells added up), and the solver's description of the
 * outcome (mechanism-comparison.ts: choices got, distance, justified envy), which is what
 * comparing two runs puts side by side.
 */
import type { MechanismOutcome } from '../../solver/mechanism-comparison.ts';
import type { Recommendation, Result, ShortageCell, Summary } from '../../solver/schema.ts';

export interface PlacementBar {
  code: string;
  students: number;
  places: number;
  placed: number;
  unplaced: number;
  unusedPlaces: number;
}

export interface RunSummaryPayload {
  summary: Summary;
  shortage: ShortageCell[];
  bySpecialty: PlacementBar[];
  byRegion: PlacementBar[];
  recommendations: Recommendation[];
  outcome: MechanismOutcome;
}

function addUp(cells: ShortageCell[], key: (cell: ShortageCell) => string): PlacementBar[] {
  const bars = new Map<string, PlacementBar>();
  for (const cell of cells) {
    const code = key(cell);
    let bar = bars.get(code);
    if (!bar) bars.set(code, (bar = { code, students: 0, places: 0, placed: 0, unplaced: 0, unusedPlaces: 0 }));
    bar.students += cell.students;
    bar.places += cell.places;
    bar.placed += cell.placed;
    bar.unplaced += cell.unplaced;
    bar.unusedPlaces += cell.unusedPlaces;
  }
  return [...bars.values()];
}

export function buildRunSummary(result: Result, outcome: MechanismOutcome): RunSummaryPayload {
  return {
    summary: result.summary,
    shortage: result.shortage,
    bySpecialty: addUp(result.shortage, (cell) => cell.specialty),
    byRegion: addUp(result.shortage, (cell) => cell.region),
    recommendations: result.recommendations ?? [],
    outcome,
  };
}
