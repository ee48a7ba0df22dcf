/**
 * A query built and compiled once per database, then run with new parameter values. Kysely
 * builds and compiles a query's syntax tree on every call: for a wide select on a hot public
 * path (a student's lookup) that took longer than the database's own work.
 *
 * The query is built with a unique marker for each parameter; compiling finds where each
 * marker went among the compiled parameters, and a call puts its values in those places. The
 * SQL text stays the dialect's own (compiled by the database's Kysely), and values are always
 * bound parameters, never spliced into the text.
 */
import type { Compilable, CompiledQuery, Kysely } from 'kysely';

type Build<D, P extends unknown[], R> = (db: D, ...params: P) => Compilable<R>;

interface Compiled<R> {
  query: CompiledQuery<R>;
  /** For each compiled parameter: the index of the call's value that goes there, or -1 for a constant. */
  slots: number[];
}

export function reusableQuery<D extends Kysely<any>, P extends unknown[], R>(build: Build<D, P, R>): (db: D, ...params: P) => Promise<R[]> {
  const compiledFor = new WeakMap<D, Compiled<R>>();
  return async (db, ...params) => {
    let compiled = compiledFor.get(db);
    if (!compiled) compiledFor.set(db, (compiled = compile(db, build, params.length)));
    const { query, slots } = compiled;
    const parameters = slots.map((slot, i) => (slot < 0 ? query.parameters[i] : params[slot]));
    return (await db.executeQuery<R>({ ...query, parameters })).rows;
  };
}

function compile<D, P extends unknown[], R>(db: D, build: Build<D, P, R>, count: number): Compiled<R> {
  const markers = Array.from({ length: count }, (_, i) => `\u0000reusable-query-parameter-${i}\u0000`);
  const query = build(db, ...(markers as P)).compile();
  const slots = query.parameters.map((value) => markers.indexOf(value as string));
  for (let i = 0; i < count; i++) {
    if (!slots.includes(i)) throw new Error(`reusableQuery: parameter ${i} is not bound as a parameter of the query (${query.sql})`);
  }
  return { query, slots };
}
