/**
 * Many strings in one UTF-8 buffer, string i at bytes [starts[i], starts[i + 1]). The indexes of
 * published runs keep their rows' JSON this way: outside the JavaScript heap, which the garbage
 * collector then never walks, and as two typed arrays that pass between threads without a copy.
 */
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
 * Where strings were packed, by their text: an open-addressing hash table (linear probing, at
 * most half full) whose slots hold a string's index + 1, and 0 when empty. A student's lookup
 * finds its id in one or two probes, where a binary search of 100,000 sorted ids made 17
 * comparisons, each a call into native code: 12 % of a lookup's processor time.
 */
export function hashSlots(texts: readonly string[]): Int32Array<ArrayBuffer> {
  const slots = new Int32Array(2 ** Math.ceil(Math.log2(Math.max(2, texts.length * 2))));
  const mask = slots.length - 1;
  texts.forEach((text, i) => {
    let slot = textHash(text) & mask;
    while (slots[slot] !== 0) slot = (slot + 1) & mask;
    slots[slot] = i + 1;
  });
  return slots;
}

/** The index of `key` among the packed strings `slots` was made of (hashSlots), or -1 when it is not there. */
export function findHashed(packed: PackedStrings, slots: Int32Array, key: string): number {
  const mask = slots.length - 1;
  for (let slot = textHash(key) & mask; slots[slot] !== 0; slot = (slot + 1) & mask) {
    const i = slots[slot] - 1;
    if (packedString(packed, i) === key) return i;
  }
  return -1;
}

/** FNV-1a over the UTF-16 code units (the same for a string on every thread and instance). */
export function textHash(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return hash >>> 0;
}
