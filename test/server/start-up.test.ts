/**
 * `npm start` on an empty database, as a real process: demo mode seeds, solves and publishes
 * the demo round and prints the demo key and student; without demo mode, and in production,
 * the fixed demo key does not exist. Bad configuration stops the start with a clear message.
 */
import { spawnSync } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SECURITY_HEADERS } from '../../server/http/security-headers.ts';
import { TEST_ENV } from './support/harness.ts';
import { START_ARGS, startServer, type ServerProcess } from './support/server-process.ts';
import { testDatabases, type TestDatabases } from './support/test-database.ts';

let databases: TestDatabases;

beforeAll(() => {
  databases = testDatabases();
});

afterAll(async () => {
  await databases.remove();
});

async function waitForPublishedRound(server: ServerProcess): Promise<{ id: string; publishedRun: string }> {
  for (;;) {
    const rounds = (await (await fetch(`${server.api}/rounds`)).json()) as { items: { id: string; publishedRun: string }[] };
    if (rounds.items.length > 0) return rounds.items[0];
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

describe('demo mode', () => {
  it('seeds, solves and publishes the demo round, with a demo key and a demo student', async () => {
    const location = await databases.create();
    const server = await startServer(location, { DEMO: '1' });
    try {
      const { stdout } = server.output();
      const key = /^\s+(dmk_demo-office_\S+)$/m.exec(stdout)![1];
      const [, student, code] = /demo lookup\s+student (\S+), personal code (\S+)/.exec(stdout)!;
      const round = await waitForPublishedRound(server);
      expect(round.id).toBe('kostanay-2026-autumn');
      const outcome = await fetch(`${server.api}/runs/${round.publishedRun}/lookup`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ student, code }) });
      expect(outcome.status).toBe(200);
      // Answers made with their headers as a plain object (response-headers.ts), through the Node adapter.
      expect(Object.fromEntries(outcome.headers)).toMatchObject({ ...SECURITY_HEADERS, 'cache-control': 'private, no-store' });
      const summary = await fetch(`${server.api}/runs/${round.publishedRun}/summary`, { headers: { 'accept-encoding': 'gzip' } });
      expect(Object.fromEntries(summary.headers)).toMatchObject({ ...SECURITY_HEADERS, 'content-encoding': 'gzip', vary: 'Origin, Accept-Encoding' });
      expect((await summary.json()) as { run: string }).toMatchObject({ run: round.publishedRun });
      const mine = await fetch(`${server.api}/rounds/${round.id}`, { headers: { authorization: `Bearer ${key}` } });
      expect(((await mine.json()) as { counts: { students: number } }).counts.students).toBeGreaterThan(0);
      const page = await (await fetch(`${server.url}/`)).text();
      expect(page).toContain(`<dual-match round="${round.id}"`);
    } finally {
      expect(await server.stop()).toBe(0);
    }

    // Started again without demo mode, the fixed key is gone and nothing is seeded again.
    const again = await startServer(location, { DEMO: '0' });
    try {
      expect(again.output().stdout).not.toContain('dmk_demo-office');
      const refused = await fetch(`${again.api}/rounds`, { headers: { authorization: 'Bearer dmk_demo-office_kostanay-demo-office-key-not-for-production' } });
      expect(refused.status).toBe(401);
      expect(((await (await fetch(`${again.api}/rounds`)).json()) as { items: unknown[] }).items).toHaveLength(1);
    } finally {
      await again.stop();
    }
  });

  it('never has the fixed key in production, even with DEMO=1', async () => {
    const server = await startServer(await databases.create(), { DEMO: '1', NODE_ENV: 'production' });
    try {
      expect(server.output().stdout).not.toContain('dmk_demo-office');
      expect(server.output().stdout).toContain('npm run keys -- create');
      await waitForPublishedRound(server);
    } finally {
      await server.stop();
    }
  });
});

describe('configuration', () => {
  it('refuses to start with an invalid variable, naming it', () => {
    const result = spawnSync(process.execPath, START_ARGS, { env: { ...process.env, ...TEST_ENV, PORT: 'eighty', DATABASE_PATH: `${databases.dir}/never.sqlite` }, encoding: 'utf8' });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/invalid configuration:\s+PORT:/);
  });

  // The start command's node, with a script in place of the server that uses the pool (libuv
  // starts all its threads then) and prints the variable and the process's thread count.
  const threadPool = (env: Record<string, string>) => {
    const script = "require('node:crypto').pbkdf2('a', 'b', 1, 8, 'sha256', () => console.log(process.env.UV_THREADPOOL_SIZE, require('node:fs').readdirSync('/proc/self/task').length))";
    const result = spawnSync(process.execPath, [...START_ARGS.slice(0, -1), '-e', script], { env: { ...process.env, UV_THREADPOOL_SIZE: '', ...env }, encoding: 'utf8' });
    expect(result.stderr).toBe('');
    const [size, threads] = result.stdout.trim().split(' ');
    return { size, threads: Number(threads) };
  };

  it("sizes libuv's thread pool to the cores (at least 2), unless the operator set it", () => {
    const expected = Math.max(2, availableParallelism());
    const sized = threadPool({});
    expect(sized.size).toBe(String(expected));
    const operators = threadPool({ UV_THREADPOOL_SIZE: '7' });
    expect(operators.size).toBe('7');
    // The pool really has that many threads: the setting came before the pool started.
    if (process.platform === 'linux') expect(operators.threads - sized.threads).toBe(7 - expected);
  });
});
