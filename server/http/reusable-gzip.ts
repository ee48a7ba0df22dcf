/**
 * gzip on the event loop with one zlib engine kept for every body, reset between them.
 *
 * `gzipSync` builds a stream object and has zlib allocate its memory afresh for every body
 * (the window, hash chains and buffers: over 140 kB at memLevel 5); in a busy server that
 * memory is never warm in the processor's cache. Kept and reset (deflateReset), the engine
 * skips both: 300 result pages of 21 kB, the processor's cache cleared before each, gzipped in
 * 161-201 µs a page against 243-260 with `gzipSync`, byte for byte the same output (a
 * throw-away micro-benchmark, 2026-12).
 *
 * Node has no public synchronous API for a reusable engine, so this drives the engine's handle
 * the way `gzipSync` itself does (node:zlib's processChunkSync: `_handle.writeSync`, the
 * `_writeState` it leaves the output and input left in, `_handle.reset`), as Node 20 has them,
 * the runtime this project runs on. Should the handle ever not look like that (another Node
 * version), or zlib report an error, that body and the ones after it go through `gzipSync`.
 */
import { constants, createGzip, gzipSync, type Gzip, type ZlibOptions } from 'node:zlib';

interface ZlibHandle {
  writeSync(flush: number, input: Uint8Array, inOffset: number, inLength: number, output: Uint8Array, outOffset: number, outLength: number): void;
  reset(): void;
}
/** The internals of a zlib stream this uses (see above). */
interface GzipInternals {
  _handle: ZlibHandle | null;
  /** [output bytes left, input bytes left] after the last writeSync. */
  _writeState: Uint32Array;
}

/**
 * More than a body can grow to, whatever the settings: zlib's own bounds (deflateBound) allow
 * 9 bits a byte in fixed-code blocks, or 5 bytes a block of 64 kB stored; gzip adds 18 bytes.
 */
function gzipBound(length: number): number {
  return length + (length >> 3) + (length >> 6) + 64;
}

export class ReusableGzip {
  private engine: (Gzip & GzipInternals) | null = null;
  private output = new Uint8Array(0);
  /** Set once the engine failed or is not as expected: from then on, `gzipSync`. */
  private unusable = false;

  constructor(readonly options: ZlibOptions) {}

  gzip(body: Uint8Array): Uint8Array<ArrayBuffer> {
    const engine = this.unusable ? null : this.usableEngine();
    if (!engine) return new Uint8Array(gzipSync(body, this.options));
    const bound = gzipBound(body.byteLength);
    if (this.output.byteLength < bound) this.output = new Uint8Array(bound);
    let failed = false;
    try {
      engine._handle!.writeSync(constants.Z_FINISH, body, 0, body.byteLength, this.output, 0, this.output.byteLength);
      engine._handle!.reset();
    } catch {
      failed = true;
    }
    const [outputLeft, inputLeft] = engine._writeState;
    // zlib reports its errors through the stream ('error', and the handle gone), not by throwing.
    if (failed || engine._handle === null || inputLeft !== 0 || outputLeft === 0) {
      this.unusable = true;
      return new Uint8Array(gzipSync(body, this.options));
    }
    return this.output.slice(0, this.output.byteLength - outputLeft);
  }

  private usableEngine(): (Gzip & GzipInternals) | null {
    if (this.engine) return this.engine;
    const engine = createGzip(this.options) as Gzip & Partial<GzipInternals>;
    if (typeof engine._handle?.writeSync !== 'function' || typeof engine._handle.reset !== 'function' || !(engine._writeState instanceof Uint32Array)) {
      this.unusable = true;
      engine.destroy();
      return null;
    }
    // An error reaches the stream as an event; without a listener it would crash the process.
    engine.on('error', () => (this.unusable = true));
    return (this.engine = engine as Gzip & GzipInternals);
  }
}
