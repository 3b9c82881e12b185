// Temporal properties as fair-cycle questions. Each kind is violated exactly by a fair behaviour that
// (1) starts at an initial state, or reaches a trigger state by any path, (2) from there on stays in
// the states where `within` holds, and (3) ends in a cycle, inside `within`, that passes an `accept`
// state. One search answers all five kinds:
//   <>p        start at an initial state, within ~p              (p never holds)
//   []<>p      anywhere,                  within ~p              (p stops holding for good)
//   <>[]p      anywhere,                  accept ~p              (p fails again and again)
//   p ~> q     trigger p,                 within ~q              (q never follows p)
//   p ~> []q   trigger p,                 accept ~q              (q keeps failing after p)
//   P => <>Q   an initial state with P,   within ~Q              (Q never holds)
import type { TemporalEntry, TemporalKind } from '../../spec/model.ts';
import { formatDomainValue, type Domain } from '../../spec/types.ts';
import type { StatePredicate } from './StateGraph.ts';

/** A predicate bit (index into the graph's labels), possibly negated. */
export interface Literal {
  readonly predicate: number;
  readonly negated: boolean;
}

/** One instance of a temporal property (one combination of its parameters) as a fair-cycle question. */
export interface PropertyInstance {
  readonly entry: TemporalEntry;
  readonly kind: TemporalKind;
  /** Arguments in JSON form (ids as names), empty without parameters. */
  readonly argsJson: Readonly<Record<string, unknown>>;
  /** `initial`: the behaviour must satisfy `within` from its first state on. */
  readonly start: 'initial' | 'anywhere';
  /** Where the obligation begins (null: at any state). */
  readonly trigger: Literal | null;
  /** What must hold from the trigger on (null: anything). */
  readonly within: Literal | null;
  /** What the cycle must pass through (null: anything). */
  readonly accept: Literal | null;
}

/** The instances of every temporal property and the state predicates they read. */
export interface TemporalPlan {
  readonly instances: readonly PropertyInstance[];
  readonly predicates: readonly StatePredicate[];
}

/** Expands the properties over their parameters and numbers their predicates. */
export function planTemporal(entries: readonly TemporalEntry[]): TemporalPlan {
  const predicates: StatePredicate[] = [];
  const instances: PropertyInstance[] = [];
  const predicate = (entry: TemporalEntry, f: (s: any, args: any) => boolean, args: Readonly<Record<string, unknown>>): number => {
    predicates.push({ property: entry.name, test: (s) => f(s, args) });
    return predicates.length - 1;
  };
  for (const entry of entries) {
    for (const args of combinations(entry.params as Record<string, Domain>)) {
      const p = predicate(entry, entry.p, args);
      const q = entry.q ? predicate(entry, entry.q, args) : -1;
      const lit = (k: number, negated: boolean): Literal => ({ predicate: k, negated });
      const argsJson: Record<string, unknown> = {};
      for (const [k, d] of Object.entries(entry.params)) argsJson[k] = d.kind === 'scalarset' ? formatDomainValue(d, args[k]) : args[k];
      const base = { entry, kind: entry.kind, argsJson: Object.freeze(argsJson) };
      switch (entry.kind) {
        case 'eventually':
          instances.push({ ...base, start: 'initial', trigger: null, within: lit(p, true), accept: null });
          break;
        case 'alwaysEventually':
          instances.push({ ...base, start: 'anywhere', trigger: null, within: lit(p, true), accept: null });
          break;
        case 'eventuallyAlways':
          instances.push({ ...base, start: 'anywhere', trigger: null, within: null, accept: lit(p, true) });
          break;
        case 'leadsTo':
          instances.push({ ...base, start: 'anywhere', trigger: lit(p, false), within: lit(q, true), accept: null });
          break;
        case 'leadsToAlways':
          instances.push({ ...base, start: 'anywhere', trigger: lit(p, false), within: null, accept: lit(q, true) });
          break;
        case 'initiallyLeadsTo':
          instances.push({ ...base, start: 'initial', trigger: lit(p, false), within: lit(q, true), accept: null });
          break;
      }
    }
  }
  return { instances, predicates };
}

function combinations(params: Record<string, Domain>): Record<string, unknown>[] {
  let out: Record<string, unknown>[] = [{}];
  for (const [k, d] of Object.entries(params)) out = out.flatMap((partial) => d.values.map((v) => ({ ...partial, [k]: v })));
  return out.map((a) => Object.freeze(a));
}

/** The TLA+ form of a kind, for messages. */
export function kindFormula(kind: TemporalKind): string {
  switch (kind) {
    case 'eventually':
      return '<>p';
    case 'alwaysEventually':
      return '[]<>p';
    case 'eventuallyAlways':
      return '<>[]p';
    case 'leadsTo':
      return 'p ~> q';
    case 'leadsToAlways':
      return 'p ~> []q';
    case 'initiallyLeadsTo':
      return 'P => <>Q';
  }
}
