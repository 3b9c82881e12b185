// PlusCal's `with` and `either` as step parameters: a step that chooses among values or branches is one
// action instance per choice, so the choice is an argument that `when`, `effect` and `next` all see and a
// trace shows (`cpu[Cpu0].grab(S={R0, R1})`, `mm.op(either=drop)`). A domain may depend on the state:
// the instances still range over a fixed finite set (a domain, or the subsets of one), and a state enables
// the instances whose value the step's function returns there, as TLC's `\E v \in f(s)` does.
import type { StepDef } from './model.ts';
import type { CallStepDef, EitherStepDef, ProcedureTable } from './procedure.ts';
import { domainIndex, formatDomainValue, isDomain, type Domain, type DomainValue, type Schema } from './types.ts';

/** The subsets of a finite domain, as step-argument values (frozen arrays of elements, in the domain's order). */
export interface SubsetsOf<D extends Domain = Domain> {
  readonly kind: 'subsets';
  readonly of: D;
  /** Only the subsets of what this returns in the current state (`S \in SUBSET f(s)`), when given. */
  readonly within?: (s: any, args: any) => Iterable<DomainValue<D>>;
}

/** A state-dependent choice: the values of `from` that `values` returns in the current state (`v \in f(s)`). */
export interface ChoiceOf<B extends Domain | SubsetsOf = Domain | SubsetsOf> {
  readonly kind: 'choice';
  readonly from: B;
  readonly values: (s: any, args: any) => Iterable<ChoiceValue<B>>;
}

/** What a step parameter ranges over: a finite domain, the subsets of one, or a state-dependent choice. */
export type ChoiceDomain = Domain | SubsetsOf | ChoiceOf;
/** The step parameters of a `withArgs` step: name to what it ranges over. */
export type Choices = { readonly [name: string]: ChoiceDomain };
/** The value of one step parameter. */
export type ChoiceValue<C> = C extends SubsetsOf<infer D> ? readonly DomainValue<D>[] : C extends ChoiceOf<infer B> ? ChoiceValue<B> : DomainValue<C>;
/** The arguments a `withArgs` step adds. */
export type ChoiceArgs<W extends Choices> = { readonly [k in keyof W]: ChoiceValue<W[k]> };

/**
 * `S \in SUBSET D`: one instance per subset of `of` (2^n of them: keep `of` small); with `within`, only the
 * subsets of the elements it returns in the current state (`S \in SUBSET s.free`).
 */
export function subsets<D extends Domain>(of: D, within?: (s: any, args: any) => Iterable<DomainValue<D>>): SubsetsOf<D> {
  if (!of || !isDomain(of)) throw new TypeError('subsets(...): the elements must range over a finite domain (bool, int, enum or scalarset)');
  if (of.values.length > 16) throw new TypeError(`subsets(...): ${of.values.length} elements make 2^${of.values.length} subsets; at most 16 elements`);
  return Object.freeze({ kind: 'subsets', of, ...(within ? { within } : {}) });
}

/** `v \in f(s)`: one instance per value of `from`, enabled in a state where `values` returns its value. */
export function oneOf<B extends Domain | SubsetsOf>(from: B, values: (s: any, args: any) => Iterable<ChoiceValue<B>>): ChoiceOf<B> {
  if (!from || !(isDomain(from as Domain) || (from as SubsetsOf).kind === 'subsets')) throw new TypeError('oneOf(...): the values must come from a finite domain or subsets(...)');
  if (typeof values !== 'function') throw new TypeError('oneOf(...): the second argument is a function of the state returning the values');
  return Object.freeze({ kind: 'choice', from, values });
}

/**
 * What a step written as a function (`pick: ($) => $.with({ v: Vals }, { ... })`) is given: `with`, PlusCal's
 * `with (v \in Vals)`, a step with parameters. A function, so that its types follow the process's labels.
 */
export interface StepTools<S extends Schema, A, L extends string, Pc, Pr extends ProcedureTable, Ret extends string = 'done'> {
  /**
   * One instance per combination of values (per process instance), each enabled where its state-dependent choices
   * (`oneOf`, `subsets(D, within)`) allow it. `when`, `effect` and `next` get the values as arguments, and traces
   * show them. The step may be a call or an `either`.
   */
  with<const W extends Choices>(
    choices: W,
    step: StepDef<S, A & ChoiceArgs<W>, L, Pc, Pr, Ret> | CallStepDef<S, A & ChoiceArgs<W>, L, Pc, Pr, Ret> | EitherStepDef<S, A & ChoiceArgs<W>, L, Pc, Pr, Ret>,
  ): ChoiceStep;
}
/** A step with parameters, as `$.with(...)` returns it: the step's own members and `with`. */
export interface ChoiceStep {
  readonly with: Choices;
}
/** The tools a step function is called with. */
export const STEP_TOOLS: StepTools<any, any, string, any, any, string> = Object.freeze({
  with(choices: Choices, step: object): ChoiceStep {
    if (!step || typeof step !== 'object') throw new TypeError('$.with(choices, step): the step is an object ({ when, effect, next }, or { either })');
    return { ...step, with: choices };
  },
});

/** A step parameter ready for the checker: its values, their printed forms, and the state's test. */
export interface ChoiceParam {
  readonly values: readonly unknown[];
  /** The JSON form of a value, for traces: a domain value's printed form, or a list of them. */
  readonly json: (v: unknown) => unknown;
  /** The scalarset its values are ids of (`subset`: sets of ids), for symmetry, which renames them. */
  readonly ids?: { readonly set: string; readonly subset: boolean };
  /** Whether the value is among the choices in the state (absent: always). */
  readonly allowed?: (s: any, args: any, v: unknown) => boolean;
}

const subsetCache = new WeakMap<Domain, readonly (readonly unknown[])[]>();
function allSubsets(d: Domain): readonly (readonly unknown[])[] {
  let out = subsetCache.get(d);
  if (!out) {
    const vs = d.values as readonly unknown[];
    out = Array.from({ length: 2 ** vs.length }, (_, mask) => Object.freeze(vs.filter((_, i) => mask & (1 << i))));
    subsetCache.set(d, out);
  }
  return out;
}
/** A bit mask of a subset of `d`: -1 when some element is not in `d`. */
function maskOf(d: Domain, xs: Iterable<unknown>): number {
  let m = 0;
  for (const x of xs) {
    const i = domainIndex(d, x);
    if (i < 0) return -1;
    m |= 1 << i;
  }
  return m;
}

/** Lowers what a parameter ranges over (refusing anything else with a TypeError naming `where`). */
export function choiceParam(where: string, c: unknown): ChoiceParam {
  const bad = () => new TypeError(`${where}: must range over a finite domain (bool, int, enum or scalarset), subsets(...) or oneOf(...)`);
  if (!c || typeof c !== 'object') throw bad();
  if (isDomain(c as Domain)) {
    const d = c as Domain;
    return { values: d.values as readonly unknown[], json: (v) => (d.kind === 'scalarset' ? formatDomainValue(d, v) : v), ...(d.kind === 'scalarset' ? { ids: { set: d.name, subset: false } } : {}) };
  }
  const k = (c as { kind?: unknown }).kind;
  if (k === 'subsets') {
    const { of, within } = c as SubsetsOf;
    return {
      values: allSubsets(of),
      json: (v) => (v as unknown[]).map((x) => (of.kind === 'scalarset' ? formatDomainValue(of, x) : x)),
      ...(of.kind === 'scalarset' ? { ids: { set: of.name, subset: true } } : {}),
      ...(within ? { allowed: (s, args, v) => { const base = maskOf(of, within(s, args)); return base >= 0 && (maskOf(of, v as unknown[]) & ~base) === 0; } } : {}),
    };
  }
  if (k === 'choice') {
    const { from, values } = c as ChoiceOf;
    const base = choiceParam(where, from);
    const within = base.allowed;
    if (isDomain(from as Domain)) {
      return { ...base, allowed: (s, args, v) => (!within || within(s, args, v)) && includes(values(s, args), v) };
    }
    const of = (from as SubsetsOf).of;
    return {
      ...base,
      allowed: (s, args, v) => {
        if (within && !within(s, args, v)) return false;
        const m = maskOf(of, v as unknown[]);
        for (const x of values(s, args)) if (maskOf(of, x as Iterable<unknown>) === m) return true;
        return false;
      },
    };
  }
  throw bad();
}

function includes(xs: Iterable<unknown>, v: unknown): boolean {
  for (const x of xs) if (x === v) return true;
  return false;
}
