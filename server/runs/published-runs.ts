/**
 * Published runs as the public reads them, remembered by each instance. A published run never
 * changes, nor stops being published (a published round is frozen), so its row and its round's
 * access fields can be kept, sparing every public request about it a database read. Only
 * runs found published are kept; the oldest go first beyond `max`.
 */
import type { RunInfoRow, RunRound } from '../repositories/runs.ts';

export interface PublishedRun {
  run: RunInfoRow;
  round: RunRound;
}

export class PublishedRuns {
  private readonly runs = new Map<string, PublishedRun>();

  constructor(private readonly max = 1000) {}

  get(runId: string): PublishedRun | undefined {
    return this.runs.get(runId);
  }

  remember(found: PublishedRun): void {
    if (found.round.published_run_id !== found.run.id || found.run.status !== 'done') return;
    this.runs.set(found.run.id, found);
    if (this.runs.size > this.max) this.runs.delete(this.runs.keys().next().value!);
  }
}
