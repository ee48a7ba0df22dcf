/**
 * Body limits on a running server, for bodies that state their length (Content-Length) and for
 * bodies streamed without one (chunked): the two take different paths through the limit (see
 * server/http/body-limit.ts), and each must read a body within its limit whole and refuse one
 * over it with a 413 problem.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../server/db/open-database.ts';
import { createApiKey } from '../../server/repositories/api-keys.ts';
import { startServer, type ServerProcess } from './support/server-process.ts';
import { testDatabases, type TestDatabases } from './support/test-database.ts';

const SMALL_LIMIT = 2048;
const IMPORT_LIMIT = 65_536;

let databases: TestDatabases;
let server: ServerProcess;
let admin: string;

beforeAll(async () => {
  databases = testDatabases();
  const location = await databases.create();
  server = await startServer(location, { BODY_LIMIT_BYTES: String(SMALL_LIMIT), IMPORT_BODY_LIMIT_BYTES: String(IMPORT_LIMIT) });
  const database = openDatabase(location);
  try {
    admin = (await createApiKey(database.db, { role: 'admin', region: null, enterprise: null, label: null, origins: [] })).value;
  } finally {
    await database.close();
  }
}, 60_000);

afterAll(async () => {
  await server?.stop();
  await databases?.remove();
});

type Framing = 'content-length' | 'chunked';

/** POSTs `body` with its length stated, or streamed in 1 KiB chunks without one. */
async function post(path: string, body: string, framing: Framing): Promise<{ status: number; problem: { type?: string; errors?: { path: string }[] } }> {
  const bytes = new TextEncoder().encode(body);
  const init: RequestInit & { duplex?: 'half' } = { method: 'POST', headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' } };
  if (framing === 'content-length') init.body = bytes;
  else {
    let offset = 0;
    init.body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (offset >= bytes.length) return controller.close();
        controller.enqueue(bytes.slice(offset, (offset += 1024)));
      },
    });
    init.duplex = 'half';
  }
  const response = await fetch(`${server.api}${path}`, init);
  if (framing === 'chunked') expect(response.status).not.toBe(411);
  return { status: response.status, problem: (await response.json()) as { type?: string; errors?: { path: string }[] } };
}

const paths = (problem: { errors?: { path: string }[] }) => (problem.errors ?? []).map((error) => error.path);

describe.each<Framing>(['content-length', 'chunked'])('bodies sent with %s', (framing) => {
  it('reads a small body within the limit whole', async () => {
    // Padded near the limit; the validator then names the field that is missing.
    const answer = await post('/runs/no-such-run/lookup', JSON.stringify({ student: 'S'.repeat(SMALL_LIMIT - 100) }), framing);
    expect(answer.status).toBe(422);
    expect(paths(answer.problem)).toContain('code');
  });

  it('refuses a small body over the limit with a 413', async () => {
    const answer = await post('/runs/no-such-run/lookup', JSON.stringify({ student: 'S', code: 'x'.repeat(SMALL_LIMIT) }), framing);
    expect(answer.status).toBe(413);
    expect(answer.problem.type).toMatch(/too-large$/);
  });

  it('reads an import over the small limit but within the import limit whole', async () => {
    // Past the small limit, and then broken at its very end: only a body read to the end fails there.
    const answer = await post('/rounds', `{"format": "dual-match/round@1", "padding": "${'x'.repeat(3 * SMALL_LIMIT)}", `, framing);
    expect(answer.status).toBe(400);
    expect(paths(answer.problem).join()).toMatch(/^line 1, column \d+$/);
  });

  it('refuses an import over the import limit with a 413', async () => {
    const answer = await post('/rounds', JSON.stringify({ padding: 'x'.repeat(IMPORT_LIMIT) }), framing);
    expect(answer.status).toBe(413);
    expect(answer.problem.type).toMatch(/too-large$/);
  });
});
