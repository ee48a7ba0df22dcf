/**
 * What a student's lookup needs of a published run, held in memory: each student's personal
 * code hash and own outcome, rendered once as the JSON the lookup sends.
 *
 * On results day most requests are students looking themselves up, and each would otherwise
 * cost a database round trip besides its hash check. A published run never changes, nor do its
 * round's students and codes (a published round is frozen), so this instance reads them once
 * (on a worker thread). Everything is kept packed (packed-strings.ts), a row a student: the
 * ids, found through a hash table; the outcomes, about 420 bytes a student; the code hashes
 * (about 470 bytes a student in all). The lookup still checks the code or key against
 * its hash, exactly as on the database path;
 * test/server/student-lookup-index checks that both answer every request alike.
 */
import type { Db } from '../db/open-database.ts';
import { studentResultsInOrder } from '../repositories/results.ts';
import { findHashed, hashSlots, packedBytes, packedString, packStrings, PackedStringsBuilder, type PackedStrings } from './packed-strings.ts';
import { studentOutcome } from './result-views.ts';
import { INDEX_SLICE_ROWS } from './run-indexes.ts';

export interface StudentLookupEntry {
  /** The stored hash of the student's personal code. */
  codeHash: string;
  /** The student's outcome, as the lookup answers it (UTF-8 JSON). */
  body: Uint8Array<ArrayBuffer>;
}

/** What an index is made of: typed arrays, which pass between threads whole. */
export interface LookupIndexParts {
  /** Per row (the run's order). */
  ids: PackedStrings;
  /** The rows by id (hashSlots). */
  rowSlots: Int32Array<ArrayBuffer>;
  codeHashes: PackedStrings;
  outcomes: PackedStrings;
}

export class StudentLookupIndex {
  constructor(private readonly parts: LookupIndexParts) {}

  get rows(): number {
    return this.parts.ids.starts.length - 1;
  }

  /** Reads and renders a run's students with a code (a long job: on a worker thread, see index-builds.ts). */
  static async read(db: Db, run: { id: string; round_id: string }): Promise<LookupIndexParts> {
    const students: string[] = [];
    const codeHashes = new PackedStringsBuilder();
    const outcomes = new PackedStringsBuilder();
    for await (const rows of studentResultsInOrder(db, run, INDEX_SLICE_ROWS)) {
      for (const { code_hash, ...row } of rows) {
        students.push(row.student);
        codeHashes.add(code_hash);
        outcomes.add(JSON.stringify(studentOutcome(row)));
      }
    }
    return { ids: packStrings(students), rowSlots: hashSlots(students), codeHashes: codeHashes.finish(), outcomes: outcomes.finish() };
  }

  /** A student's code hash and outcome; undefined when the run has no such student with a code. */
  find(student: string): StudentLookupEntry | undefined {
    const { ids, rowSlots, codeHashes, outcomes } = this.parts;
    const row = findHashed(ids, rowSlots, student);
    if (row === -1) return undefined;
    return { codeHash: packedString(codeHashes, row), body: packedBytes(outcomes, row) };
  }
}
