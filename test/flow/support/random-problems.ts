import fc from 'fast-check';
import { allocateFlowProblem, type FlowProblem } from '../../../solver/flow/problem.ts';

/** Plain data for a problem, so that fast-check can show and shrink counterexamples. */
export interface ProblemData {
  supply: number[];
  arcs: { tail: number; head: number; lower: number; capacity: number; cost: number }[];
}

export function toFlowProblem(data: ProblemData, options: { shared?: boolean } = {}): FlowProblem {
  const withLower = data.arcs.some((a) => a.lower !== 0);
  const problem = allocateFlowProblem(data.supply.length, data.arcs.length, { withLower, shared: options.shared });
  problem.supply.set(data.supply);
  data.arcs.forEach((arc, a) => {
    problem.tail[a] = arc.tail;
    problem.head[a] = arc.head;
    if (problem.lower) problem.lower[a] = arc.lower;
    problem.capacity[a] = arc.capacity;
    problem.cost[a] = arc.cost;
  });
  return problem;
}

const weighted = <T>(...choices: [number, fc.Arbitrary<T>][]) => fc.oneof(...choices.map(([weight, arbitrary]) => ({ weight, arbitrary })));

/**
 * Small general problems: parallel arcs and self-loops, lower bounds (some negative), infinite
 * capacities, negative and zero costs (so zero-cost and negative cycles), and now and then
 * supplies that do not balance. Half of them get a dear uncapacitated backbone path both ways,
 * so that they are usually feasible and the optimal and unbounded cases are well represented.
 */
export function smallProblem(maxNodes: number, maxArcs: number): fc.Arbitrary<ProblemData> {
  return fc.integer({ min: 1, max: maxNodes }).chain((n) =>
    fc
      .record({
        supply: fc.array(fc.integer({ min: -4, max: 4 }), { minLength: n, maxLength: n }),
        balanced: weighted([7, fc.constant(true)], [1, fc.constant(false)]),
        backbone: fc.boolean(),
        arcs: fc.array(
          fc.record({
            tail: fc.nat(n - 1),
            head: fc.nat(n - 1),
            lower: weighted([5, fc.constant(0)], [1, fc.integer({ min: -2, max: 3 })]),
            room: weighted([20, fc.integer({ min: 0, max: 8 })], [5, fc.constant(Infinity)], [1, fc.constant(-1)]),
            cost: weighted([3, fc.integer({ min: 0, max: 10 })], [1, fc.integer({ min: -10, max: 10 })]),
          }),
          { maxLength: maxArcs },
        ),
      })
      .map(({ supply, balanced, backbone, arcs }) => {
        if (balanced) supply[n - 1] -= supply.reduce((x, y) => x + y, 0);
        const all = arcs.map((a) => ({ tail: a.tail, head: a.head, lower: a.lower, capacity: a.lower + a.room, cost: a.cost }));
        if (backbone) {
          for (let v = 0; v + 1 < n; v++) {
            all.push({ tail: v, head: v + 1, lower: 0, capacity: Infinity, cost: 15 }, { tail: v + 1, head: v, lower: 0, capacity: Infinity, cost: 15 });
          }
        }
        return { supply, arcs: all };
      }),
  );
}

/**
 * Problems shaped like an allocation round: students (supply 1, sometimes 2) -> offers ->
 * [enterprises ->] sink, with 0..2 bypass arcs student -> sink of huge costs, so the sink is a
 * hub. Students without a bypass make infeasibility possible; students without offers become
 * single-node components; students whose arcs exactly carry their supply are forced by the
 * presolve; some arcs have lower bounds. With `reversed`, every arc is turned round and the
 * supplies negated, which makes the hub a pure source instead.
 */
export function hubShapedProblem(options: { reversed?: boolean } = {}): fc.Arbitrary<ProblemData> {
  return fc
    .record({ students: fc.integer({ min: 1, max: 40 }), offers: fc.integer({ min: 1, max: 12 }), enterprises: fc.integer({ min: 0, max: 3 }) })
    .chain(({ students, offers, enterprises }) =>
      fc.record({
        students: fc.constant(students),
        offers: fc.constant(offers),
        enterprises: fc.constant(enterprises),
        choices: fc.array(fc.uniqueArray(fc.nat(offers - 1), { maxLength: 4 }), { minLength: students, maxLength: students }),
        qualityCost: fc.array(fc.integer({ min: 0, max: 10_000 }), { minLength: 4 * students, maxLength: 4 * students }),
        studentSupply: fc.array(weighted([6, fc.constant(1)], [1, fc.constant(2)]), { minLength: students, maxLength: students }),
        bypassCosts: fc.array(
          weighted([40, fc.array(fc.constantFrom(3e9, 6e9, 1e9 + 7), { minLength: 1, maxLength: 2 })], [1, fc.constant<number[]>([])]),
          { minLength: students, maxLength: students },
        ),
        places: fc.array(fc.integer({ min: 0, max: 4 }), { minLength: offers, maxLength: offers }),
        enterpriseOf: fc.array(fc.integer({ min: -1, max: enterprises - 1 }), { minLength: offers, maxLength: offers }),
        enterpriseCapacity: fc.array(fc.integer({ min: 0, max: 6 }), { minLength: enterprises, maxLength: enterprises }),
        minimumPlaces: fc.array(weighted([30, fc.constant(0)], [1, fc.integer({ min: 1, max: 2 })]), { minLength: offers, maxLength: offers }),
      }),
    )
    .map((r) => {
      const sink = r.students + r.offers + r.enterprises;
      const supply = new Array<number>(sink + 1).fill(0);
      const arcs: ProblemData['arcs'] = [];
      for (let s = 0; s < r.students; s++) {
        supply[s] = r.studentSupply[s];
        r.choices[s].forEach((o, k) => arcs.push({ tail: s, head: r.students + o, lower: 0, capacity: 1, cost: r.qualityCost[4 * s + k] }));
        for (const cost of r.bypassCosts[s]) arcs.push({ tail: s, head: sink, lower: 0, capacity: supply[s], cost });
      }
      for (let o = 0; o < r.offers; o++) {
        const e = r.enterpriseOf[o];
        const head = e >= 0 ? r.students + r.offers + e : sink;
        arcs.push({ tail: r.students + o, head, lower: Math.min(r.minimumPlaces[o], r.places[o]), capacity: r.places[o], cost: 0 });
      }
      for (let e = 0; e < r.enterprises; e++) arcs.push({ tail: r.students + r.offers + e, head: sink, lower: 0, capacity: r.enterpriseCapacity[e], cost: 0 });
      supply[sink] = -r.studentSupply.reduce((x, y) => x + y, 0);
      if (!options.reversed) return { supply, arcs };
      return { supply: supply.map((s) => -s), arcs: arcs.map((a) => ({ ...a, tail: a.head, head: a.tail })) };
    });
}
