/** Long work reports where it is: which phase, and how far through it (0..1). */
export type SolvePhase = 'validate' | 'compatibility' | 'network' | 'solve' | 'stable' | 'analysis';

export interface SolveProgress {
  phase: SolvePhase;
  fraction: number;
}

export type ProgressListener = (progress: SolveProgress) => void;
