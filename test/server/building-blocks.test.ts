/** The small pieces the service is made of: configuration, secrets, codes, limits, caches, headers, cursors, batched inserts. */
import BetterSqlite3 from 'better-sqlite3';
import { Hono } from 'hono';
import { Kysely, SqliteDialect } from 'kysely';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { constants, gunzipSync, gzipSync } from 'node:zlib';
import { describe, expect, it, vi } from 'vitest';
import { scrypt as nobleScrypt } from '@noble/hashes/scrypt.js';
import fc from 'fast-check';
import { scryptSync } from 'node:crypto';
import { lookupKeyDerivation, normaliseCode, studentSalt } from '../../server/auth/lookup-key.ts';
import { codeHashing, generateCode, hashCode, lookupSecretMatches, newCodeSalt, newRoundSalts } from '../../server/auth/personal-codes.ts';
import { pseudonymiser } from '../../server/auth/pseudonyms.ts';
import { hashSecret, issueSecret, parseSecret, secretMatches } from '../../server/auth/secrets.ts';
import { ConfigError, readConfig } from '../../server/config.ts';
import { insertInBatches, pauseAfterBatch } from '../../server/db/batches.ts';
import { migrateToLatest } from '../../server/db/migrate.ts';
import { describeLocation, dialectOfLocation } from '../../server/db/open-database.ts';
import type { DatabaseSchema } from '../../server/db/schema.ts';
import { decodeCursor, encodeCursor } from '../../server/http/pagination.ts';
import { MAX_NESTING, textIssue, unstorableInput } from '../../server/http/storable-input.ts';
import { ProblemError } from '../../server/http/problem.ts';
import { RateLimiter } from '../../server/http/rate-limit.ts';
import { ResponseCache } from '../../server/http/response-cache.ts';
import { ReusableGzip } from '../../server/http/reusable-gzip.ts';
import { addResponseHeader, plainResponse, responseHeaders } from '../../server/http/response-headers.ts';
import type { RunInfoRow, RunRound } from '../../server/repositories/runs.ts';
import { PublishedRuns } from '../../server/runs/published-runs.ts';
import { RunIndexes } from '../../server/runs/run-indexes.ts';

describe('configuration', () => {
  it('has defaults for everything and reads what is set', () => {
    const defaults = readConfig({});
    expect(defaults).toMatchObject({ port: 8787, host: '127.0.0.1', database: './data/dual-match.db', demo: true, production: false, corsOrigins: [], rateLimitLookup: 10 });
    expect(readConfig({ NODE_ENV: 'production' }).demo).toBe(false);
    expect(readConfig({ CORS_ORIGINS: 'https://a.example, https://b.example', PORT: '0', DEMO: 'no' })).toMatchObject({ corsOrigins: ['https://a.example', 'https://b.example'], port: 0, demo: false });
  });

  it('names every bad variable', () => {
    expect(() => readConfig({ PORT: '-1', LOG_LEVEL: 'loud' })).toThrow(ConfigError);
    expect(() => readConfig({ PORT: '-1', LOG_LEVEL: 'loud' })).toThrow(/PORT[\s\S]*LOG_LEVEL/);
  });

  it('takes PostgreSQL from DATABASE_URL over the SQLite file, and keeps heartbeats well inside the stale time', () => {
    expect(readConfig({})).toMatchObject({ databasePoolSize: 10, runHeartbeatMs: 5000, runStaleMs: 30_000 });
    expect(readConfig({ DATABASE_URL: 'postgres://dm:secret@db.example:5432/dm', DATABASE_PATH: 'ignored.db', DATABASE_POOL_SIZE: '4' })).toMatchObject({ database: 'postgres://dm:secret@db.example:5432/dm', databasePoolSize: 4 });
    expect(() => readConfig({ DATABASE_URL: 'mysql://db.example/dm' })).toThrow(/DATABASE_URL: must be a postgres:\/\/ URL/);
    expect(() => readConfig({ RUN_HEARTBEAT_MS: '20000', RUN_STALE_MS: '30000' })).toThrow(/RUN_STALE_MS: must be at least 3 times RUN_HEARTBEAT_MS/);
    expect(readConfig({ RUN_HEARTBEAT_MS: '10000', RUN_STALE_MS: '30000' }).runStaleMs).toBe(30_000);
  });
});

describe('database locations', () => {
  it('tell PostgreSQL URLs from SQLite paths, and print without the password', () => {
    expect(dialectOfLocation('postgres://dm@db/dm')).toBe('postgres');
    expect(dialectOfLocation('postgresql://dm@db/dm')).toBe('postgres');
    expect(dialectOfLocation('./data/postgres.db')).toBe('sqlite');
    expect(describeLocation('postgres://dm:s3cret@db.example:5432/dm?sslmode=require')).toBe('postgres://dm:***@db.example:5432/dm?sslmode=require');
    expect(describeLocation('./data/dual-match.db')).toBe('./data/dual-match.db');
  });
});

describe('storable input', () => {
  it('refuses U+0000 and unpaired surrogates, and nothing else', () => {
    for (const bad of ['a\u0000b', '\u0000', '\ud800', 'x\udc00', '\ud83d', 'a\udfffb', '\udc00\ud800']) expect(textIssue(bad), JSON.stringify(bad)).not.toBeNull();
    for (const good of ['', 'Ақтөбе', 'Костанай', '😀', 'e\u0301', '\u200f\u202e', '\uffff', '\u{10FFFF}', 'tab\tnew\nline']) expect(textIssue(good), JSON.stringify(good)).toBeNull();
  });

  it('names the path of every such value, field names included, and of junk nested too deep', () => {
    const nested = (depth: number): unknown => (depth === 0 ? 1 : [nested(depth - 1)]);
    expect(unstorableInput({ students: [{ id: 'S1' }, { id: 'S\u0000', 'bad\ud800': 1, deep: nested(MAX_NESTING) }] })).toEqual({
      count: 3,
      issues: [
        { path: 'students[1].id', rule: 'text', message: 'must not contain the character U+0000' },
        { path: 'students[1].bad\ud800', rule: 'text', message: 'the field name must be valid Unicode (it has an unpaired surrogate)' },
        { path: `students[1].deep${'[0]'.repeat(MAX_NESTING - 3)}`, rule: 'nesting', message: `is nested more than ${MAX_NESTING} levels deep` },
      ],
    });
    expect(unstorableInput({ a: nested(MAX_NESTING - 1) })).toEqual({ count: 0, issues: [] });
  });
});

describe('keys and tokens', () => {
  it('issues secrets that only their own value matches', () => {
    const issued = issueSecret('dmk');
    const parsed = parseSecret(issued.value)!;
    expect(parsed).toMatchObject({ prefix: 'dmk', id: issued.id });
    expect(secretMatches(parsed.secret, issued.secretHash)).toBe(true);
    expect(secretMatches(`${parsed.secret}x`, issued.secretHash)).toBe(false);
    expect(issued.secretHash).toBe(hashSecret(parsed.secret));
    expect(parseSecret('Bearer nonsense')).toBeNull();
    expect(parseSecret(`dmx_${issued.id}_${parsed.secret}`)).toBeNull();
  });
});

describe('personal codes', () => {
  /** A key derived as a browser derives it (the widget uses @noble/hashes): not by node:crypto, which the server uses. */
  const clientKey = (code: string, salt: string, student: string, cost: number) => {
    const { N, r, p, length } = lookupKeyDerivation(salt, cost);
    return nobleScrypt(normaliseCode(code), studentSalt(salt, student), { N, r, p, dkLen: length });
  };
  const storedValue = (stored: string) => Buffer.from(stored.split('$')[2], 'base64url');

  it('are 8 unambiguous characters, read forgivingly', () => {
    expect(generateCode()).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/);
    expect(normaliseCode(' ko1l-oi00 ')).toBe('K0110100');
  });

  it("match as the code or as the key a client derives from it, with the round's public salt; the stored digest is no key", async () => {
    const code = generateCode();
    const salts = newRoundSalts(4);
    const hashing = codeHashing(salts, 7);
    expect(hashing).toEqual({ form: 'scrypt-sha256', salt: salts.lookup_salt, cost: 4 });
    const stored = await hashCode(code, hashing, 'S-1');
    expect(stored).toMatch(/^scrypt-sha256\$4\$[A-Za-z0-9_-]{43}$/);
    expect(await lookupSecretMatches({ code: code.toLowerCase().replace('-', ' ') }, hashing, 'S-1', stored)).toBe(true);
    expect(await lookupSecretMatches({ key: clientKey(code, salts.lookup_salt!, 'S-1', 4) }, hashing, 'S-1', stored)).toBe(true);
    expect(await lookupSecretMatches({ code }, hashing, 'S-2', stored)).toBe(false);
    expect(await lookupSecretMatches({ key: clientKey(code, salts.lookup_salt!, 'S-2', 4) }, hashing, 'S-1', stored)).toBe(false);
    expect(await lookupSecretMatches({ key: clientKey(code, salts.code_salt, 'S-1', 4) }, hashing, 'S-1', stored)).toBe(false);
    expect(await lookupSecretMatches({ code }, { ...hashing, salt: newCodeSalt() }, 'S-1', stored)).toBe(false);
    expect(await lookupSecretMatches({ key: storedValue(stored) }, hashing, 'S-1', stored)).toBe(false);
    expect(await lookupSecretMatches({ code }, hashing, 'S-1', null)).toBe(false);
    expect(await lookupSecretMatches({ key: clientKey(code, salts.lookup_salt!, 'S-1', 4) }, hashing, 'S-1', null)).toBe(false);
  });

  it("of rounds from before lookup keys match as codes only, salted with the round's secret salt, as they were stored then", async () => {
    const code = generateCode();
    const salts = { code_salt: newCodeSalt(), lookup_salt: null, lookup_cost: null };
    const hashing = codeHashing(salts, 4);
    expect(hashing).toEqual({ form: 'scrypt', salt: salts.code_salt, cost: 4 });
    // As the service stored codes before lookup keys (scrypt of the normalised code, the key itself).
    const before = `scrypt$4$${scryptSync(normaliseCode(code), `${salts.code_salt}:S-1`, 16, { N: 16, r: 8, p: 1 }).toString('base64url')}`;
    expect(await hashCode(code, hashing, 'S-1')).toBe(before);
    expect(await lookupSecretMatches({ code: code.toLowerCase() }, hashing, 'S-1', before)).toBe(true);
    expect(await lookupSecretMatches({ code }, hashing, 'S-2', before)).toBe(false);
    expect(await lookupSecretMatches({ code }, { ...hashing, salt: newCodeSalt() }, 'S-1', before)).toBe(false);
    expect(await lookupSecretMatches({ key: storedValue(before) }, hashing, 'S-1', before)).toBe(false);
    expect(await lookupSecretMatches({ key: clientKey(code, salts.code_salt, 'S-1', 4) }, hashing, 'S-1', before)).toBe(false);
  });

  it('derive the same key on the server as in a browser, for any code and student id', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: 'grapheme', minLength: 1, maxLength: 20 }), fc.string({ minLength: 1, maxLength: 30 }), fc.integer({ min: 1, max: 4 }), async (code, student, cost) => {
        const salts = newRoundSalts(cost);
        const hashing = codeHashing(salts, 7);
        const stored = await hashCode(code, hashing, student);
        expect(await lookupSecretMatches({ key: clientKey(code, salts.lookup_salt!, student, cost) }, hashing, student, stored)).toBe(true);
      }),
      { numRuns: 50 },
    );
  });

  it('give students pseudonyms that are stable within a run and differ between runs', () => {
    const salt = newCodeSalt();
    const run1 = pseudonymiser(salt, 'run-1');
    expect(run1('S-1')).toBe(run1('S-1'));
    expect(run1('S-1')).toMatch(/^anon-[0-9A-Z]{8}$/);
    expect(run1('S-1')).not.toBe(run1('S-2'));
    expect(pseudonymiser(salt, 'run-2')('S-1')).not.toBe(run1('S-1'));
  });
});

describe('rate limits', () => {
  it('allow a number of events per window, then say how long to wait', () => {
    const limiter = new RateLimiter(2, 60_000);
    expect(limiter.hit('a', 0)).toEqual({ allowed: true });
    expect(limiter.hit('a', 1000)).toEqual({ allowed: true });
    expect(limiter.hit('a', 2000)).toEqual({ allowed: false, retryAfterSeconds: 58 });
    expect(limiter.blocked('a', 2000)).toBe(true);
    expect(limiter.hit('b', 2000)).toEqual({ allowed: true });
    expect(limiter.hit('a', 60_000)).toEqual({ allowed: true });
    expect(new RateLimiter(0, 1000).hit('a')).toEqual({ allowed: true });
  });
});

describe('published runs remembered', () => {
  const found = (id: string, published: string | null, status = 'done') => ({ run: { id, status } as RunInfoRow, round: { id: 'r', published_run_id: published } as RunRound });

  it('keeps only done runs their round publishes, the oldest going first', () => {
    const runs = new PublishedRuns(2);
    runs.remember(found('a', 'b'));
    runs.remember(found('b', 'b', 'solving'));
    expect(runs.get('a')).toBeUndefined();
    expect(runs.get('b')).toBeUndefined();
    for (const id of ['c', 'd', 'e']) runs.remember(found(id, id));
    expect(['c', 'd', 'e'].map((id) => runs.get(id)?.run.id)).toEqual([undefined, 'd', 'e']);
  });
});

describe('indexes of published runs', () => {
  /** Indexes of `rows` rows built on demand; a run named `bad` fails to build. */
  function indexes(maxRows: number) {
    const builds: string[] = [];
    const errors: string[] = [];
    const held = new RunIndexes<{ rows: number }, number>(
      maxRows,
      async (runId, rows) => {
        builds.push(runId);
        if (runId === 'bad') throw new Error('broken');
        return { rows };
      },
      { ready: () => {}, failed: (runId) => errors.push(runId) },
    );
    const prepared = async (runId: string, rows: number) => {
      held.prepare(runId, rows);
      await held.settled();
      return held.get(runId)?.rows;
    };
    return { held, builds, errors, prepared };
  }

  it('are built once, and the least recently used go first beyond the row budget', async () => {
    const { held, builds, prepared } = indexes(10);
    expect(await prepared('a', 4)).toBe(4);
    expect(await prepared('a', 4)).toBe(4);
    expect(await prepared('b', 4)).toBe(4);
    held.get('a');
    expect(await prepared('c', 4)).toBe(4);
    expect([held.get('a')?.rows, held.get('b'), held.get('c')?.rows]).toEqual([4, undefined, 4]);
    expect(await prepared('huge', 11)).toBeUndefined();
    expect(await prepared('huge', 11)).toBeUndefined();
    expect(builds).toEqual(['a', 'b', 'c', 'huge']);
    expect(await indexes(0).prepared('a', 1)).toBeUndefined();
  });

  it('try a failed build again only after a minute', async () => {
    vi.useFakeTimers();
    try {
      const { builds, errors, prepared } = indexes(10);
      expect(await prepared('bad', 1)).toBeUndefined();
      expect(await prepared('bad', 1)).toBeUndefined();
      expect([builds, errors]).toEqual([['bad'], ['bad']]);
      vi.advanceTimersByTime(60_000);
      await prepared('bad', 1);
      expect([builds, errors]).toEqual([['bad', 'bad'], ['bad', 'bad']]);
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('response cache', () => {
  /** Puts an answer twice: the cache keeps an answer from its second ask on. */
  const keep = async (cache: ResponseCache, key: string, body: string) => {
    await cache.put(key, body);
    return cache.put(key, body);
  };

  it('keeps an answer from its second ask on', async () => {
    const cache = new ResponseCache(1 << 20);
    const once = await cache.put('/a', 'x'.repeat(200));
    expect(cache.get('/a')).toBeUndefined();
    // Another key asked once in between is not taken for '/a'.
    await cache.put('/b', 'y');
    expect(cache.get('/b')).toBeUndefined();
    const twice = await cache.put('/a', 'x'.repeat(200));
    expect(cache.get('/a')).toBe(twice);
    expect(twice.etag).toBe(once.etag);
    expect(cache.get('/b')).toBeUndefined();
  });

  it('forgets the least recently used answers beyond its size', async () => {
    const cache = new ResponseCache(600);
    const body = 'x'.repeat(200);
    const first = await keep(cache, '/a', body);
    await keep(cache, '/b', body);
    expect(cache.get('/a')).toBe(first);
    await keep(cache, '/c', body);
    expect(cache.get('/b')).toBeUndefined();
    expect(cache.get('/a')?.etag).toBe(first.etag);
    expect(new TextDecoder().decode(cache.get('/c')!.body)).toBe(body);
    expect((await new ResponseCache(0).put('/d', body)).etag).toMatch(/^"/);
    expect(new ResponseCache(0).get('/d')).toBeUndefined();
  });

  it('gives an answer the same ETag on every instance, and another answer another', async () => {
    const body = JSON.stringify({ items: Array.from({ length: 50 }, (_, i) => ({ student: `anon-${i}`, km: i })) });
    const etag = (await new ResponseCache(1 << 20).put('/a', body)).etag;
    // Another instance (another cache) answering the same: a client's validator stays good behind a load balancer.
    expect((await new ResponseCache(1 << 20).put('/a', body)).etag).toBe(etag);
    // The same length, one character changed.
    expect((await new ResponseCache(1 << 20).put('/a', body.replace('anon-7', 'anon-8'))).etag).not.toBe(etag);
    expect(etag).toMatch(/^"[0-9a-z]+-[0-9a-z]+"$/);
  });

  it('gzips fast first, and well once an answer is asked for again, counting the bytes it holds', async () => {
    const body = JSON.stringify(Array.from({ length: 2000 }, (_, i) => ({ student: `S${i % 97}`, status: i % 3 ? 'placed' : 'unplaced', km: (i * 7919) % 1000 })));
    const bytes = new TextEncoder().encode(body).byteLength;
    const cache = new ResponseCache(3 * bytes);
    const entry = await keep(cache, '/a', body);
    const fast = entry.gzipped;
    expect(gunzipSync(fast).toString()).toBe(body);
    expect(cache.get('/a')).toBe(entry);
    await vi.waitFor(() => expect(entry.gzipped).not.toBe(fast));
    expect(gunzipSync(entry.gzipped).toString()).toBe(body);
    expect(entry.gzipped.byteLength).toBeLessThan(fast.byteLength);
    // Putting the same answer again replaces it rather than counting it twice: both still fit.
    await cache.put('/a', body);
    await keep(cache, '/b', body);
    expect(cache.get('/a')).toBeDefined();
    expect(cache.get('/b')).toBeDefined();
  });
});

describe('gzip with a kept engine', () => {
  const quick = { level: constants.Z_BEST_SPEED, memLevel: 5 };
  const bodies = fc.oneof(
    fc.uint8Array({ maxLength: 70_000 }),
    fc.array(fc.record({ student: fc.string(), km: fc.integer() }), { maxLength: 400 }).map((rows) => new TextEncoder().encode(JSON.stringify(rows))),
  );

  it('gives what gzipSync gives, byte for byte, body after body', () => {
    const gzip = new ReusableGzip(quick);
    const gzipWell = new ReusableGzip({});
    fc.assert(
      fc.property(bodies, (body) => {
        expect(Buffer.from(gzip.gzip(body)).equals(gzipSync(body, quick))).toBe(true);
        expect(Buffer.from(gzipWell.gzip(body)).equals(gzipSync(body))).toBe(true);
      }),
      { numRuns: 150 },
    );
    // Not through gzipSync's fallback: the kept engines did it all.
    for (const kept of [gzip, gzipWell]) expect((kept as unknown as { unusable: boolean }).unusable).toBe(false);
  });

  it('answers through gzipSync once its engine is gone', () => {
    const gzip = new ReusableGzip(quick);
    const body = new TextEncoder().encode('placed,'.repeat(500));
    gzip.gzip(new TextEncoder().encode('unplaced;'.repeat(300)));
    (gzip as unknown as { engine: { destroy(): void } }).engine.destroy();
    for (let i = 0; i < 2; i++) expect(gunzipSync(gzip.gzip(body)).equals(Buffer.from(body))).toBe(true);
    expect((gzip as unknown as { unusable: boolean }).unusable).toBe(true);
  });
});

describe('headers of every response', () => {
  const app = new Hono()
    .use(responseHeaders({ 'x-frame-options': 'DENY', 'cross-origin-resource-policy': 'same-origin' }))
    .use(async (c, next) => {
      addResponseHeader(c, 'vary', 'Origin');
      await next();
    })
    .get('/plain', (c) => plainResponse(c, '{}', 200, { vary: 'Origin, Accept-Encoding', 'content-type': 'application/json' }))
    .get('/hono', (c) => c.body('script', 200, { 'cross-origin-resource-policy': 'cross-origin' }))
    .get('/raw', () => new Response('raw'))
    .get('/fails', () => {
      throw new ProblemError(409, 'conflict', 'no');
    })
    .onError((_, c) => c.json({ title: 'conflict' }, 409));
  const headersOf = async (path: string) => Object.fromEntries((await app.request(path)).headers);

  it('come on answers made as plain objects, on answers made any other way, and on errors', async () => {
    expect(await headersOf('/plain')).toEqual({ 'x-frame-options': 'DENY', 'cross-origin-resource-policy': 'same-origin', vary: 'Origin, Accept-Encoding', 'content-type': 'application/json' });
    expect(await headersOf('/raw')).toMatchObject({ 'x-frame-options': 'DENY', 'cross-origin-resource-policy': 'same-origin', vary: 'Origin' });
    expect(await headersOf('/fails')).toMatchObject({ 'x-frame-options': 'DENY', vary: 'Origin', 'content-type': 'application/json' });
  });

  it('leave a value the handler set itself', async () => {
    expect(await headersOf('/hono')).toMatchObject({ 'x-frame-options': 'DENY', 'cross-origin-resource-policy': 'cross-origin', vary: 'Origin' });
  });
});

describe('cursors', () => {
  it('round-trip and refuse anything else', () => {
    expect(decodeCursor(encodeCursor([3, 'S-1']), 2)).toEqual([3, 'S-1']);
    expect(decodeCursor(undefined, 2)).toBeNull();
    for (const bad of ['!!', encodeCursor([1]), Buffer.from('{"a":1}').toString('base64url'), Buffer.from('[null,1]').toString('base64url')]) {
      expect(() => decodeCursor(bad, 2)).toThrow(ProblemError);
    }
  });
});

describe('batched inserts', () => {
  it('pause for three times a batch when other work waited for it, and not at all when none did', () => {
    expect(pauseAfterBatch(5, 2)).toBe(0);
    expect(pauseAfterBatch(5, 8)).toBe(15);
  });

  it('give the work waiting on a busy event loop more than one turn a batch', async () => {
    const connection = new BetterSqlite3(':memory:');
    // Result rows of no run: only the inserts' pace is looked at here.
    connection.pragma('foreign_keys = OFF');
    const db = new Kysely<DatabaseSchema>({ dialect: new SqliteDialect({ database: connection }) });
    await migrateToLatest(db);
    // Requests waiting, as on a loaded server: one after another, each holding the loop for 8 ms.
    let turns = 0;
    let waiting = true;
    const others = (async () => {
      while (waiting) {
        await nextTurn();
        const started = performance.now();
        while (performance.now() - started < 8);
        turns++;
      }
    })();
    // Result rows (19 columns, 9 indexes): a batch of 200 takes several milliseconds, longer than a request.
    const rows = Array.from({ length: 4000 }, (_, i) => ({
      position: i, student: `S${i}`, name: null, score: i % 97, priority: 1, college: `C${i % 50}`, college_name: null, specialty: `P${i % 30}`, region: `KZ-${i % 17}`,
      status: 'placed' as const, offer: `O${i % 400}`, enterprise: `E${i % 300}`, enterprise_name: null, rank: 1 + (i % 5), km: i / 7, reason: null, detail: null, explanation: '[]',
    }));
    await insertInBatches(db, 'results', rows, { run_id: 'run-1' });
    waiting = false;
    await others;
    const stored = await db.selectFrom('results').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    await db.destroy();
    expect(Number(stored.n)).toBe(4000);
    // Without the pauses the waiting work gets one turn a batch, however quick the machine; with
    // them at least one more, during each pause (a pause of three 8 ms batches, more).
    const batches = rows.length / 200;
    expect(turns).toBeGreaterThanOrEqual(1.5 * batches);
  });
});
