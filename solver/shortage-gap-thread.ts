/**
 * The shortage gaps of a national round on a worker thread, so that the rest of the result is
 * built meanwhile (at 300,000 students the gaps take about 2 s, the rest about 1 s). The worker
 * is started before the flow is solved, so that its start-up (~0.4 s: tsx and the modules)
 * falls in the phases where a core is free. It is used where the allocation network lives on
 * shared memory (the flow is solved on worker threads), which the worker then reads without a
 * copy; the few round arrays the analysis reads (GapModel) are copied.
 */
import { startTypeScriptWorker } from './flow/typescript-worker.ts';
import type { GapAllocation, GapModel } from './gap-residual.ts';
import type { OptimalAllocation } from './optimal-mechanism.ts';
import type { RoundModel } from './round-model.ts';
import type { ShortageCell } from './schema.ts';
import { computeShortageGaps } from './shortage-gap.ts';

const ENTRY = new URL('./shortage-gap-worker.ts', import.meta.url);

/**
 * Below this many compatible pairs (about 200,000 students) the worker's start-up costs more
 * than the overlap saves: at 100,000 students the gaps take ~0.4 s.
 */
const WORKER_MIN_PAIRS = 8_000_000;

/** What the worker is given. */
export interface GapTask {
  model: GapModel;
  optimal: GapAllocation;
  table: Pick<ShortageCell, 'specialty' | 'region'>[];
}

export class ShortageGapThread {
  private readonly worker = startTypeScriptWorker(ENTRY);

  /** Worth starting for a round with this many compatible pairs, its network on shared memory. */
  static wanted(model: RoundModel, pairs: number, sharedNetwork: boolean): boolean {
    return sharedNetwork && pairs >= WORKER_MIN_PAIRS && !model.policy.preferredOnly;
  }

  constructor() {
    // Idle, it must not keep the process alive (a failed solve never gives it a task).
    this.worker.unref();
    this.worker.on('error', () => undefined);
  }

  /** computeShortageGaps on the worker (on this thread should the worker fail); ends the worker. */
  gaps(model: RoundModel, optimal: OptimalAllocation, table: readonly ShortageCell[]): Promise<Int32Array> {
    const { network } = optimal;
    const task: GapTask = {
      model: {
        studentCount: model.studentCount,
        studentSpecialty: model.studentSpecialty,
        studentMobility: model.studentMobility,
        studentRegion: model.studentRegion,
        studentCollege: model.studentCollege,
        studentLat: model.studentLat,
        studentLon: model.studentLon,
        studentMaxKm: model.studentMaxKm,
        studentScore: model.studentScore,
        studentLanguage: model.studentLanguage,
        offerMinScore: model.offerMinScore,
        offerSpecialty: model.offerSpecialty,
        offerLanguageStart: model.offerLanguageStart,
        offerLanguage: model.offerLanguage,
        specialtyIndex: model.specialtyIndex,
        regionIndex: model.regionIndex,
        collegeIndex: model.collegeIndex,
        languageIds: model.languageIds,
        policy: model.policy,
        round: { regions: model.round.regions.map(({ lat, lon }) => ({ lat, lon })) },
      },
      optimal: {
        network: {
          students: network.students,
          studentNode: network.studentNode,
          studentArcStart: network.studentArcStart,
          bypassArc: network.bypassArc,
          offers: network.offers,
          offerNode: network.offerNode,
          offerArc: network.offerArc,
          enterprises: network.enterprises,
          sink: network.sink,
          problem: { head: network.problem.head, capacity: network.problem.capacity },
        },
        assignment: optimal.assignment,
      },
      table: table.map(({ specialty, region }) => ({ specialty, region })),
    };
    const gaps = new Promise<Int32Array>((resolve, reject) => {
      this.worker.once('message', resolve);
      this.worker.once('error', reject);
      this.worker.once('exit', (code) => reject(new Error(`the shortage gap worker exited with code ${code}`)));
    });
    this.worker.ref();
    this.worker.postMessage(task);
    return gaps.catch(() => computeShortageGaps(model, optimal, table)).finally(() => this.close());
  }

  close(): Promise<number> {
    return this.worker.terminate();
  }
}
