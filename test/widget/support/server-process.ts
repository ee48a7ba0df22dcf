/**
 * The real dual-match server as a child process for end-to-end tests: a fresh database in a
 * temporary folder, demo mode (the demo round, published, and the documented demo office
 * key), any free port. Stopped with SIGTERM, as an operator would.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { START_ARGS } from '../../server/support/server-process.ts';

const REPO = fileURLToPath(new URL('../../../', import.meta.url));

export interface RunningServer {
  url: string;
  officeKey: string;
  demoStudent: { id: string; code: string };
  stop(): Promise<void>;
}

export async function startServer(): Promise<RunningServer> {
  const folder = mkdtempSync(join(tmpdir(), 'dual-match-e2e-'));
  const child: ChildProcess = spawn(process.execPath, START_ARGS, {
    cwd: REPO,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', DATABASE_PATH: join(folder, 'e2e.db'), DEMO: '1', NODE_ENV: 'development', LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  const stop = async () => {
    if (child.exitCode === null) child.kill('SIGTERM');
    await exited;
    rmSync(folder, { recursive: true, force: true });
  };

  try {
    const banner = await waitFor(() => {
      if (child.exitCode !== null) throw new Error(`the server exited (${child.exitCode}):\n${output}`);
      const url = /listening on (http\S+)/.exec(output)?.[1];
      const key = /\n\s+(dmk_\S+)/.exec(output)?.[1];
      const student = /student (\S+), personal code (\S+)/.exec(output);
      return url && key && student ? { url, officeKey: key, demoStudent: { id: student[1], code: student[2] } } : undefined;
    }, 60_000);
    // The demo round is solved and published in the background after start.
    await waitFor(async () => {
      const response = await fetch(`${banner.url}/api/v1/rounds/kostanay-2026-autumn`);
      return response.ok && ((await response.json()) as { publishedRun: string | null }).publishedRun !== null;
    }, 60_000);
    return { ...banner, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

async function waitFor<T>(probe: () => T | undefined | false | Promise<T | undefined | false>, timeout: number): Promise<T> {
  const deadline = Date.now() + timeout;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error('timed out waiting for the server');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
