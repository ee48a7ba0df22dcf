/**
 * A solve runs at the CPU priority SOLVER_NICE gives it, and only the solve: the thread that
 * answers requests keeps the process's own. Read off Linux's per-thread stat files while a run
 * solves (their 19th field is the thread's nice value).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateRound } from '../../fixtures/generate-round.ts';
import { createApiKey } from '../../server/repositories/api-keys.ts';
import { openHarness, type Harness } from './support/harness.ts';
import { testDatabases, type TestDatabases } from './support/test-database.ts';

const NICE = 7;

/** The nice value of each thread of this process, by thread id. */
function threadNiceness(): Map<number, number> {
  const niceness = new Map<number, number>();
  for (const task of readdirSync('/proc/self/task')) {
    try {
      const stat = readFileSync(`/proc/self/task/${task}/stat`, 'utf8');
      // Fields after the command name (which may hold spaces) start at its closing parenthesis.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      niceness.set(Number(task), Number(fields[16]));
    } catch {
      // The thread ended between the listing and the read.
    }
  }
  return niceness;
}

describe.runIf(process.platform === 'linux')('the solver priority', () => {
  let databases: TestDatabases;
  let h: Harness;

  beforeAll(async () => {
    databases = testDatabases();
    h = await openHarness(await databases.create(), { env: { SOLVER_NICE: String(NICE) } });
  });

  afterAll(async () => {
    await h.close();
    await databases.remove();
  });

  it('is lowered for the solve threads only', async () => {
    const { value: admin } = await createApiKey(h.database.db, { role: 'admin', region: null, enterprise: null, label: 'admin', origins: [] });
    const round = generateRound({ students: 20_000, seed: 5 });
    await h.json('POST', '/api/v1/rounds', { key: admin, body: { ...round, round: { ...round.round, id: 'nice' } } });
    const before = threadNiceness();
    const { runId } = await h.json('POST', '/api/v1/rounds/nice/runs', { key: admin });
    const seen = new Set<number>();
    const done = h.services.runs.settled(runId);
    let finished = false;
    void done.then(() => (finished = true));
    while (!finished) {
      for (const [thread, nice] of threadNiceness()) if (!before.has(thread)) seen.add(nice);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    await done;
    expect(seen).toContain(NICE);
    expect(threadNiceness().get(process.pid)).toBe(before.get(process.pid));
  }, 60_000);
});
