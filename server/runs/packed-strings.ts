/**
 * Many strings in one UTF-8 buffer, string i at bytes [starts[i], starts[i + 1]). The indexes of
 * published runs keep their rows' JSON this way: outside the JavaScript heap, which the garbage
 * collector then never walks, and as two typed arrays that pass between threads without a copy.
 */
import { firstIndexWhere } from './first-index-where.ts';

export interface PackedStrings {
  bytes: Uint8Array<ArrayBuffer>;
  starts: Uint32Array<ArrayBuffer>;
}

/** Gathers strings as they come, a chunk at a time (one encoding call per chunk, not per string). */
export class PackedStringsBuilder {
  private readonly chunks: Buffer[] = [];
  private pending: string[] = [];
  private readonly starts: number[] = [0];

  add(text: string): void {
    this.pending.push(text);
    this.starts.push(this.starts[this.starts.length - 1] + Buffer.byteLength(text));
    if (this.pending.length === 1000) this.flush();
  }

  finish(): PackedStrings {
    this.flush();
    // Concatenated into a buffer of its own (never a slice of Node's shared pool), so that it can be transferred.
    const length = this.starts[this.starts.length - 1];
    const bytes = new Uint8Array(length);
    let at = 0;
    for (const chunk of this.chunks) {
      bytes.set(chunk, at);
      at += chunk.length;
    }
    return { bytes, starts: Uint32Array.from(this.starts) };
  }

  private flush(): void {
    if (this.pending.length > 0) this.chunks.push(Buffer.from(this.pending.join('')));
    this.pending = [];
  }
}

export function packStrings(texts: Iterable<string>): PackedStrings {
  const builder = new PackedStringsBuilder();
  for (const text of texts) builder.add(text);
  return builder.finish();
}

export function packedLength(packed: PackedStrings, i: number): number {
  return packed.starts[i + 1] - packed.starts[i];
}

/** String i's bytes, without a copy. */
export function packedBytes(packed: PackedStrings, i: number): Uint8Array<ArrayBuffer> {
  return packed.bytes.subarray(packed.starts[i], packed.starts[i + 1]);
}

export function packedString(packed: PackedStrings, i: number): string {
  return Buffer.from(packed.bytes.buffer, packed.bytes.byteOffset + packed.starts[i], packedLength(packed, i)).toString('utf8');
}

/**
 * Where `key` is among strings packed in code-point order (the order of their UTF-8 bytes):
 * its index, or -1 when it is not there.
 */
export function findPacked(packed: PackedStrings, key: string): number {
  const wanted = Buffer.from(key, 'utf8');
  const bytes = Buffer.from(packed.bytes.buffer, packed.bytes.byteOffset, packed.bytes.length);
  const order = (i: number) => wanted.compare(bytes, packed.starts[i], packed.starts[i + 1]);
  const count = packed.starts.length - 1;
  const at = firstIndexWhere(count, (i) => order(i) <= 0);
  return at < count && order(at) === 0 ? at : -1;
}
