/**
 * What a student's lookup needs of a published run, held in memory: each student's personal
 * code hash and own outcome, rendered once as the JSON the lookup sends.
 *
 * On results day most requests are students looking themselves up, and each would otherwise
 * cost a database round trip besides its scrypt. A published run never changes, nor do its
 * round's students and codes (a published round is frozen), so this instance reads them once.
 * The outcomes are kept as UTF-8 in one buffer outside the JavaScript heap (about 420 bytes a
 * student), found through a map from student id to row. The lookup still checks the code
 * against its hash, exactly as on the database path; test/server/student-lookup-index checks
 * that both answer every request alike.
 */
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import type { Db } from '../db/open-database.ts';
import { studentResultsInOrder } from '../repositories/results.ts';
import { studentOutcome } from './result-views.ts';
import { INDEX_SLICE_ROWS } from './run-indexes.ts';


export interface StudentLookupEntry {
  /** The stored hash of the student's personal code. */
  codeHash: string;
  /** The student's outcome, as the lookup answers it (UTF-8 JSON). */
  body: Uint8Array<ArrayBuffer>;
}

export class StudentLookupIndex {
  private constructor(
    private readonly rowOf: Map<string, number>,
    private readonly codeHashes: string[],
    /** Row i's outcome is bytes [starts[i], starts[i + 1]) of `json`. */
    private readonly json: Buffer,
    private readonly starts: Uint32Array,
  ) {}

  get rows(): number {
    return this.codeHashes.length;
  }

  /** Reads a run's students with a code a slice at a time, letting other requests in between. */
  static async build(db: Db, run: { id: string; round_id: string }): Promise<StudentLookupIndex> {
    const rowOf = new Map<string, number>();
    const codeHashes: string[] = [];
    const chunks: Buffer[] = [];
    const starts: number[] = [0];
    for await (const rows of studentResultsInOrder(db, run, INDEX_SLICE_ROWS)) {
      const texts: string[] = [];
      for (const { code_hash, ...row } of rows) {
        const text = JSON.stringify(studentOutcome(row));
        rowOf.set(row.student, codeHashes.length);
        codeHashes.push(code_hash);
        texts.push(text);
        starts.push(starts[starts.length - 1] + Buffer.byteLength(text));
      }
      chunks.push(Buffer.from(texts.join('')));
      await yieldToEventLoop();
    }
    return new StudentLookupIndex(rowOf, codeHashes, Buffer.concat(chunks), Uint32Array.from(starts));
  }

  /** A student's code hash and outcome; undefined when the run has no such student with a code. */
  find(student: string): StudentLookupEntry | undefined {
    const row = this.rowOf.get(student);
    if (row === undefined) return undefined;
    const { json, starts } = this;
    return { codeHash: this.codeHashes[row], body: new Uint8Array(json.buffer as ArrayBuffer, json.byteOffset + starts[row], starts[row + 1] - starts[row]) };
  }
}
