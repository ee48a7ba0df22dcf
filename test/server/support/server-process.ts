/**
 * The server as a real process (`npm start`'s command) on a free port and a test database
 * (SQLite file or PostgreSQL URL), for the end-to-end tests: start-up, HTTP, worker threads and
 * signals exactly as in production.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { TEST_ENV } from './harness.ts';
import { databaseEnv, requireProjectDialect } from './test-database.ts';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** `npm start`'s arguments to node (paths relative to the project), so that tests start the server as an operator does. */
export const START_ARGS: string[] = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: { start: string } }).scripts.start.split(' ').slice(1);

export interface ServerProcess {
  url: string;
  api: string;
  process: ChildProcess;
  output(): { stdout: string; stderr: string };
  /** Sends the signal and resolves with the exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

export async function startServer(location: string, env: Record<string, string> = {}): Promise<ServerProcess> {
  requireProjectDialect(location);
  const child = spawn(process.execPath, START_ARGS, {
    cwd: ROOT,
    env: { ...process.env, ...TEST_ENV, LOG_LEVEL: 'warn', PORT: '0', HOST: '127.0.0.1', ...databaseEnv(location), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the server did not start:\n${stdout}\n${stderr}`)), 30_000);
    child.stdout!.on('data', () => {
      const match = /listening on (http:\/\/\S+)/.exec(stdout);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    void exited.then((code) => reject(new Error(`the server exited (${code}) before listening:\n${stdout}\n${stderr}`)));
  });
  return {
    url,
    api: `${url}/api/v1`,
    process: child,
    output: () => ({ stdout, stderr }),
    async stop(signal = 'SIGTERM') {
      if (child.exitCode === null) child.kill(signal);
      return exited;
    },
  };
}
