/**
 * Follows a run until it is done: progress from the run's event stream, or by polling
 * `GET /runs/{runId}` where the stream is not available (a proxy that buffers, say).
 */
import type { ApiClient } from './api-client.ts';
import { ApiError } from './api-error.ts';
import { readServerSentEvents } from './server-sent-events.ts';
import type { RunInfo, RunProgress } from './types.ts';

const POLL_INTERVAL_MS = 700;

export async function watchRun(
  api: ApiClient,
  runId: string,
  onProgress: (progress: RunProgress) => void,
  signal?: AbortSignal,
): Promise<RunInfo> {
  const path = `/runs/${encodeURIComponent(runId)}`;
  try {
    const response = await api.open(`${path}/events`, signal);
    if (response.body && response.headers.get('Content-Type')?.includes('text/event-stream')) {
      for await (const { event, data } of readServerSentEvents(response.body)) {
        if (event === 'progress') onProgress(JSON.parse(data) as RunProgress);
        else if (event === 'done' || event === 'failed') break;
      }
    }
  } catch (error) {
    if (signal?.aborted) throw error;
    // The stream broke off: polling below finds out where the run stands.
  }
  for (;;) {
    const run = await api.get<RunInfo>(path, undefined, signal);
    if (run.status === 'done') return run;
    if (run.status === 'failed') throw new ApiError('server', run.error ?? 'run failed');
    if (run.progress) onProgress(run.progress);
    await new Promise((resolve) => setTimeout(resolve, POLL_INTERVAL_MS));
    signal?.throwIfAborted();
  }
}
