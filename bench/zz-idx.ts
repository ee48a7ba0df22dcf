import { existsSync } from 'node:fs';
import { generateRound } from '../fixtures/generate-round.ts';
import { createApiKey } from '../server/repositories/api-keys.ts';
import { buildLookupIndex, buildPublicIndex } from '../server/runs/index-builds.ts';
import { openHarness } from '../test/server/support/harness.ts';
const location = process.env.TEST_DATABASE_URL ?? '/tmp/b100k.db';
const fresh = location.startsWith('postgres') || !existsSync(location);
const h = await openHarness(location, { env: { PUBLIC_INDEX_ROWS: '0', LOOKUP_INDEX_ROWS: '0' } });
let runId: string;
if (fresh) {
  const { value: admin } = await createApiKey(h.database.db, { role: 'admin', region: null, enterprise: null, label: 'admin', origins: [] });
  const g = generateRound({ students: 100000, seed: 2026 });
  await h.json('POST', '/api/v1/rounds', { key: admin, body: { ...g, round: { ...g.round, id: 'n' }, students: g.students.map((s) => ({ ...s, code: `code-${s.id}` })) } });
  runId = (await h.json('POST', '/api/v1/rounds/n/runs', { key: admin })).runId;
  await h.services.runs.settled(runId);
  await h.json('POST', `/api/v1/runs/${runId}/publish`, { key: admin });
} else {
  runId = (await h.database.db.selectFrom('runs').select('id').executeTakeFirstOrThrow()).id;
}
const round = await h.database.db.selectFrom('rounds').selectAll().where('id', '=', 'n').executeTakeFirstOrThrow();
for (let i = 0; i < 2; i++) {
  let t = performance.now();
  await buildPublicIndex(location, runId, round.code_salt);
  console.log('public (worker) ms', (performance.now() - t).toFixed(0));
  t = performance.now();
  await buildLookupIndex(location, runId, 'n');
  console.log('lookup (worker) ms', (performance.now() - t).toFixed(0));
}
if (process.env.EXPLAIN) {
  const { sql } = await import('kysely');
  const r = await sql`explain analyze select results.position, students.code_hash from results inner join students on students.id = results.student and students.round_id = 'n' where results.run_id = ${runId} and students.code_hash is not null and results.position > 50000 order by results.position limit 2001`.execute(h.database.db);
  console.log(r.rows.map((x: any) => Object.values(x).join(' ')).join('\n'));
}
await h.close();
