/**
 * Large downloads (round files, result files, CSV of 100,000 rows) as streams: each chunk is
 * produced when the client is ready for it, so a slow client never makes the server hold the
 * whole file, and the event loop gets a turn between chunks.
 */
import type { Context } from 'hono';

export function streamText(c: Context, chunks: Iterable<string> | AsyncIterable<string>, headers: Record<string, string>): Response {
  const iterator = Symbol.asyncIterator in chunks ? chunks[Symbol.asyncIterator]() : chunks[Symbol.iterator]();
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const { value, done } = await iterator.next();
      if (done) controller.close();
      else controller.enqueue(encoder.encode(value));
    },
    async cancel() {
      await iterator.return?.();
    },
  });
  return c.body(body, 200, headers);
}
