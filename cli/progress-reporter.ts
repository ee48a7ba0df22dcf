/**
 * Progress of a long solve on stderr: a line that updates in place on a terminal, and a
 * line per phase (with a few percent steps) when stderr is a file or a pipe. Quiet for
 * the first half second so that quick solves print nothing but their result.
 */
import type { ProgressListener, SolvePhase } from '../solver/progress.ts';

const LABELS: Record<SolvePhase, string> = {
  validate: 'validating',
  compatibility: 'compatibility',
  network: 'building network',
  solve: 'solving',
  stable: 'deferred acceptance',
  analysis: 'analysing',
};

export function stderrProgress(enabled = true): { listener: ProgressListener; done(message?: string): void } {
  const started = Date.now();
  const tty = process.stderr.isTTY;
  let lastPhase = '';
  let lastStep = -1;
  let lastWrite = 0;
  const listener: ProgressListener = ({ phase, fraction }) => {
    const now = Date.now();
    if (!enabled || now - started < 500) return;
    const percent = Math.floor(fraction * 100);
    const text = `${LABELS[phase]} ${percent}% (${((now - started) / 1000).toFixed(1)} s)`;
    if (tty) {
      if (now - lastWrite < 100 && phase === lastPhase) return;
      process.stderr.write(`\r\x1b[K${text}`);
    } else {
      const step = Math.floor(percent / 25);
      if (phase === lastPhase && step === lastStep) return;
      lastStep = step;
      process.stderr.write(`${text}\n`);
    }
    lastPhase = phase;
    lastWrite = now;
  };
  return {
    listener,
    done(message) {
      if (enabled && tty && lastWrite > 0) process.stderr.write('\r\x1b[K');
      if (enabled && message) process.stderr.write(`${message} (${((Date.now() - started) / 1000).toFixed(2)} s)\n`);
    },
  };
}
