/**
 * Finished public answers kept in memory. A published run never changes (a published round
 * is frozen and cannot be unpublished), so its public summary and result pages can be served
 * again as they are: the hottest requests of a results day (the summary, the first pages of
 * each specialty) then cost no database read, no JSON and no encoding. Each answer is kept
 * plain and gzipped (JSON shrinks about tenfold: a national summary is 190 kB plain), since
 * browsers nearly always accept gzip. Most answers deep in a list are asked for once: they are
 * gzipped fast (level 1, a third larger); an answer served from the cache is gzipped again at
 * the default level, once, in the background, since it is likely to be asked for many times more.
 * Large bodies are gzipped on libuv's thread pool rather than on the event loop (a national
 * summary at the default level takes milliseconds); small ones, most result pages, on the
 * loop (with a zlib engine kept for them: reusable-gzip.ts), since zlib's asynchronous mode
 * costs the loop about as much for them (setting up its stream, ~40 µs for a 12 kB page) and
 * adds a trip through the pool. A worker thread of their own was tried as well: it cut the
 * loop's part to ~16 µs a page and raised throughput by up to a third, yet on 2 cores it did
 * not lower the p99 and mostly raised it (by 13-20 ms at 200 connections; paired runs of
 * bench:server's pages): a page missing the cache then waits for another turn of the loop, and
 * the thread for a core the load shares. Least recently used entries go first once the cache
 * holds `maxBytes`.
 *
 * An answer is kept from its second ask on. Keeping every answer cost more than it saved:
 * pages deep in a list are mostly asked for once, and each one kept lived for seconds, long
 * enough for the garbage collector to move it to the old generation, which only full
 * collections free (measured with bench:server's deep pages alone, which are never asked
 * twice, at 100 connections: 640 µs of server time a request and 58 full collections in a
 * minute when every answer was kept, against 526 µs and 24 with none). The cost is making an
 * answer twice before it is kept.
 *
 * Each instance has its own, and none needs telling when another instance changes something:
 * only answers about published runs are kept, and a published run never changes nor stops
 * being published.
 */
import { promisify } from 'node:util';
import { constants, gzip, type ZlibOptions } from 'node:zlib';
import { textHash } from '../runs/packed-strings.ts';
import { ReusableGzip } from './reusable-gzip.ts';

const gzipAsync = promisify(gzip);
/** The largest body gzipped on the event loop (see above). */
const GZIP_ON_LOOP_BYTES = 64 * 1024;
/**
 * The first, fast encoding. A smaller hash table than zlib's default (memLevel 5, not 8) makes
 * result pages as small (within 1 %), but zlib clears and fills less memory for each: in the
 * server, where that memory is never warm in the processor's cache, a 50-row page gzips in
 * 93-98 µs against 107-119 (the pages of a 100,000-student run sorted by km, measured in turns
 * with the processor's cache cleared before each; 100-row pages gained nothing measurable).
 */
const QUICK_GZIP: ZlibOptions = { level: constants.Z_BEST_SPEED, memLevel: 5 };

const quickGzip = new ReusableGzip(QUICK_GZIP);
const wellGzip = new ReusableGzip({});

async function gzipped(body: Uint8Array, gzip: ReusableGzip): Promise<Uint8Array<ArrayBuffer>> {
  return body.byteLength <= GZIP_ON_LOOP_BYTES ? gzip.gzip(body) : new Uint8Array(await gzipAsync(body, gzip.options));
}

export interface CachedResponse {
  /** The UTF-8 body. */
  body: Uint8Array<ArrayBuffer>;
  gzipped: Uint8Array<ArrayBuffer>;
  etag: string;
  /** Whether `gzipped` is the fast, larger first encoding. */
  quicklyGzipped: boolean;
}

const size = (entry: CachedResponse) => entry.body.byteLength + entry.gzipped.byteLength;

/**
 * A strong validator from what gzip already computed: the CRC-32 of the body, which a gzip
 * stream ends with (RFC 1952, 2.3.1), and the body's length. An answer's body only changes
 * between server versions, and then a same CRC and length are a 1 in 4 billion chance. Hashing
 * every page again took 22-24 µs (sha256 of a 14 kB page, cache cold), about 5 % of the
 * server's time on deep pages.
 */
function etagOf(body: Uint8Array, gzipped: Uint8Array): string {
  const crc = new DataView(gzipped.buffer, gzipped.byteOffset + gzipped.byteLength - 8, 4).getUint32(0, true);
  return `"${crc.toString(36)}-${body.byteLength.toString(36)}"`;
}

const encoder = new TextEncoder();

/**
 * How many keys asked for once are remembered (by hash, 4 bytes each; a key another one's
 * hash overwrites is forgotten). At 1,300 new keys a second, bench:server's rate of deep
 * pages, a key is remembered for about 50 seconds.
 */
const ASKED_ONCE_SLOTS = 1 << 16;

export class ResponseCache {
  private readonly entries = new Map<string, CachedResponse>();
  private bytes = 0;
  /** Hashes of keys asked for once, at their hash's slot; 0 for none. */
  private readonly askedOnce = new Uint32Array(ASKED_ONCE_SLOTS);

  constructor(private readonly maxBytes: number) {}

  get(key: string): CachedResponse | undefined {
    const entry = this.entries.get(key);
    if (entry) {
      // Re-inserting moves the entry to the end: Map order is the recency order.
      this.entries.delete(key);
      this.entries.set(key, entry);
      if (entry.quicklyGzipped) {
        // Should zlib fail, the fast encoding stays, and the next ask tries again.
        this.gzipWell(key, entry).catch(() => (entry.quicklyGzipped = true));
      }
    }
    return entry;
  }

  /** Encodes a body, and stores it when it was asked for before (unless the cache is off or the body alone is too big). */
  async put(key: string, text: string | Uint8Array<ArrayBuffer>): Promise<CachedResponse> {
    const body = typeof text === 'string' ? encoder.encode(text) : text;
    const quick = await gzipped(body, quickGzip);
    const entry = { body, gzipped: quick, quicklyGzipped: true, etag: etagOf(body, quick) };
    if (size(entry) > this.maxBytes || !this.askedBefore(key)) return entry;
    const replaced = this.entries.get(key);
    if (replaced) this.bytes -= size(replaced);
    this.entries.delete(key);
    this.entries.set(key, entry);
    this.bytes += size(entry);
    this.evict();
    return entry;
  }

  /** Whether `key` was put before (and remembered); remembers it if not. */
  private askedBefore(key: string): boolean {
    const hash = textHash(key) || 1;
    const slot = hash & (ASKED_ONCE_SLOTS - 1);
    if (this.askedOnce[slot] === hash) return true;
    this.askedOnce[slot] = hash;
    return false;
  }

  /** Gzips an entry again at the default level; the fast encoding is served meanwhile. */
  private async gzipWell(key: string, entry: CachedResponse): Promise<void> {
    entry.quicklyGzipped = false;
    const well = await gzipped(entry.body, wellGzip);
    // Only an entry still cached counts towards the bytes held.
    const cached = this.entries.get(key) === entry;
    if (cached) this.bytes -= size(entry);
    entry.gzipped = well;
    if (cached) {
      this.bytes += size(entry);
      this.evict();
    }
  }

  private evict(): void {
    for (const [oldest, old] of this.entries) {
      if (this.bytes <= this.maxBytes) break;
      this.entries.delete(oldest);
      this.bytes -= size(old);
    }
  }
}
