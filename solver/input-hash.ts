/**
 * `inputHash`: sha256 over the canonical form of the round document, so that two files that
 * differ only in key order or white space hash alike. The canonical form is the JSON
 * Canonicalization Scheme (RFC 8785): object keys sorted by UTF-16 code units, no white
 * space, ECMAScript number and string serialisation (which JSON.stringify already does).
 */
import { createHash } from 'node:crypto';

/** Collects small pieces into large chunks: a hash update per token would dominate the time. */
class ChunkWriter {
  private buffer = '';
  constructor(private readonly sink: (chunk: string) => void) {}
  write(piece: string) {
    this.buffer += piece;
    if (this.buffer.length > 1 << 16) this.flush();
  }
  flush() {
    if (this.buffer) this.sink(this.buffer);
    this.buffer = '';
  }
}

function writeCanonical(value: unknown, out: ChunkWriter): void {
  if (value === null || typeof value !== 'object') {
    out.write(JSON.stringify(value) ?? 'null');
    return;
  }
  if (Array.isArray(value)) {
    out.write('[');
    value.forEach((item, i) => {
      if (i > 0) out.write(',');
      writeCanonical(item, out);
    });
    out.write(']');
    return;
  }
  const record = value as Record<string, unknown>;
  // Plain sort compares UTF-16 code units, which is exactly what RFC 8785 asks for.
  const keys = Object.keys(record).filter((k) => record[k] !== undefined).sort();
  out.write('{');
  keys.forEach((key, i) => {
    if (i > 0) out.write(',');
    out.write(JSON.stringify(key) + ':');
    writeCanonical(record[key], out);
  });
  out.write('}');
}

/** The canonical JSON text of a value (RFC 8785). */
export function canonicalJson(value: unknown): string {
  const parts: string[] = [];
  const out = new ChunkWriter((chunk) => parts.push(chunk));
  writeCanonical(value, out);
  out.flush();
  return parts.join('');
}

/** `sha256:<hex>` of the canonical form of a parsed round document. */
export function inputHash(document: unknown): string {
  const hash = createHash('sha256');
  const out = new ChunkWriter((chunk) => hash.update(chunk));
  writeCanonical(document, out);
  out.flush();
  return `sha256:${hash.digest('hex')}`;
}
