// `--check-symmetry`: tests that a model really is symmetric in its scalarsets, since a wrong
// declaration silently merges states that behave differently and hides bugs.
//
// fast-check draws a reachable state (a state of a bounded BFS, then a random walk from it) and a
// permutation of every scalarset, and compares the state with its image: every invariant and cover
// property must agree, every action instance enabled in one must have its image enabled in the
// other with the images of the same successors (a multiset, with the same action-property
// verdicts), and terminal states must agree. On a failure fast-check shrinks the walk and the
// permutation, and the witness names the state, the permutation and the action.
import type { Arbitrary } from 'fast-check';
import type { ActionInstance, CompiledModel } from '../compile.ts';
import { Explorer } from '../Explorer.ts';
import { SpecError } from '../SpecError.ts';
import type { Symmetry } from './Symmetry.ts';

/** How hard to look. */
export interface SymmetryCheckOptions {
  /** fast-check runs (state, permutation pairs); default 300. */
  readonly runs?: number;
  /** fast-check seed; default 1, so the same spec gives the same report. */
  readonly seed?: number;
  /** States of the bounded BFS that walks start from; default 1000. */
  readonly sampleStates?: number;
  /** Longest random walk from a sampled state; default 40. */
  readonly maxWalk?: number;
}

/** A state and permutation on which the model is not symmetric. */
export interface SymmetryWitness {
  /** The state (JSON form). */
  readonly state: Readonly<Record<string, unknown>>;
  /** Its image under the permutation (JSON form). */
  readonly image: Readonly<Record<string, unknown>>;
  /** Per scalarset, the new name of each id, e.g. `{ Proc: { Proc0: 'Proc1', Proc1: 'Proc0' } }`. */
  readonly permutation: Readonly<Record<string, Readonly<Record<string, string>>>>;
  /** The action instance whose behaviour differs, if it is an action. */
  readonly action?: { readonly name: string; readonly process?: string; readonly args: Readonly<Record<string, unknown>> };
  /** The property whose verdict differs, if it is a property. */
  readonly property?: string;
  /** What differs, in words. */
  readonly message: string;
}

/** The outcome of a symmetry check. */
export type SymmetryCheckResult =
  | { readonly ok: true; readonly runs: number; readonly sampledStates: number }
  | { readonly ok: false; readonly witness: SymmetryWitness; readonly runs: number };

interface Draw {
  readonly start: number;
  readonly walk: readonly number[];
  readonly perms: readonly (readonly number[])[];
}

/** Runs the check. Spec code that throws comes back as the SpecError it raised. */
export async function checkSymmetry(model: CompiledModel, symmetry: Symmetry, options: SymmetryCheckOptions = {}): Promise<SymmetryCheckResult> {
  const { default: fc } = await import('fast-check'); // loaded on use: only --check-symmetry needs it
  const runs = options.runs ?? 300;
  const ex = new Explorer(model);
  const sample = reachableSample(ex, options.sampleStates ?? 1000);
  const arbitrary: Arbitrary<Draw> = fc.record({
    start: fc.nat({ max: sample.length - 1 }),
    walk: fc.array(fc.nat(), { maxLength: options.maxWalk ?? 40 }),
    perms: fc.tuple(...symmetry.scalarsets.map((s) => fc.shuffledSubarray(s.values.map((_, i) => i), { minLength: s.size, maxLength: s.size }))),
  });
  const witnessOf = (d: Draw): SymmetryWitness | null => compareWithImage(ex, symmetry, walk(ex, sample[d.start]!, d.walk), permutationOf(symmetry, d.perms));
  const details = fc.check(
    fc.property(arbitrary, (d) => witnessOf(d) === null),
    { numRuns: runs, seed: options.seed ?? 1 },
  );
  if (!details.failed) return { ok: true, runs: details.numRuns, sampledStates: sample.length };
  // re-run the shrunk counterexample: a SpecError thrown by spec code propagates from here
  const witness = witnessOf(details.counterexample![0]);
  if (!witness) throw details.errorInstance instanceof Error ? details.errorInstance : new Error(String(details.errorInstance));
  return { ok: false, witness, runs: details.numRuns };
}

/** The witness as the error `check --check-symmetry` reports (code SYMMETRY, exit 2). */
export function symmetryError(w: SymmetryWitness, found: 'test' | 'sampled' = 'test'): SpecError {
  const perm = Object.entries(w.permutation)
    .flatMap(([, m]) => Object.entries(m).filter(([from, to]) => from !== to))
    .map(([from, to]) => `${from}→${to}`)
    .join(', ');
  return new SpecError('SYMMETRY', `the spec is not symmetric in its scalarsets: under the permutation ${perm || '(identity)'}, ${w.message}`, {
    context: { ...(w.action ? { action: w.action.process ? `${w.action.process}: ${w.action.name}` : w.action.name, args: w.action.args } : {}), ...(w.property ? { property: w.property } : {}), state: w.state, permutation: w.permutation, image: w.image },
    hint: `${found === 'sampled' ? 'found by the symmetry test on a state the search reached; the search stopped, since ' : ''}symmetry reduction would merge states that behave differently and could hide bugs. Look for a constant id (such as Proc.values[0] outside init) or an iteration over ids whose order decides the result; if the ids really differ, use int(0, n - 1) instead of a scalarset, or check every state with --no-symmetry`,
  });
}

/** Distinct states of a BFS from the initial states, at most `limit`, in BFS order. */
function reachableSample(ex: Explorer, limit: number): Int32Array[] {
  const seen = new Set<string>();
  const out: Int32Array[] = [];
  const add = (s: Int32Array): void => {
    if (out.length >= limit) return;
    const key = s.join(',');
    if (seen.has(key)) return;
    seen.add(key);
    out.push(s.slice());
  };
  ex.initial(() => add(ex.draft));
  for (let i = 0; i < out.length && out.length < limit; i++) {
    ex.cur.set(out[i]!);
    ex.expand(() => add(ex.draft));
  }
  return out;
}

/** Follows a random walk: at each step the successor numbered `choice mod count`; stops at a state without successors. */
function walk(ex: Explorer, from: Int32Array, choices: readonly number[]): Int32Array {
  const s = from.slice();
  const next = new Int32Array(s.length);
  for (const choice of choices) {
    ex.cur.set(s);
    const count = ex.expand(() => {});
    if (count === 0) break;
    const k = choice % count;
    let i = 0;
    ex.cur.set(s);
    ex.expand(() => {
      if (i++ === k) next.set(ex.draft);
    });
    s.set(next);
  }
  return s;
}

function permutationOf(symmetry: Symmetry, perms: readonly (readonly number[])[]): Int32Array {
  const p = new Int32Array(symmetry.roles.ids);
  perms.forEach((perm, i) => perm.forEach((to, from) => (p[symmetry.roles.offsets[i]! + from] = to)));
  return p;
}

/** A successor as compared: its state (mapped by the permutation on the original side) and its action-property verdict. */
export interface Successors {
  readonly byInstance: Map<number, string[]>;
}

/** The successors of `state` by action instance, each as a key (mapped by `perm` when given), sorted. */
export function successorsOf(ex: Explorer, state: Int32Array, symmetry: Symmetry | null, perm: Int32Array | null): Successors {
  const byInstance = new Map<number, string[]>();
  const image = new Int32Array(state.length);
  // a successor's key is its packed form (a few words), not its slots: much shorter to build and sort
  const { pack, words } = ex.model.packing;
  const packed = new Uint32Array(words);
  ex.cur.set(state);
  ex.expand((inst) => {
    const failed = ex.checkFailure?.property ?? (ex.model.actionInvariants.length ? (ex.violatedActionInvariant(inst)?.name ?? '') : '');
    if (perm && symmetry) {
      symmetry.apply(ex.draft, image, perm);
      pack(image, packed, 0);
    } else {
      pack(ex.draft, packed, 0);
    }
    const key = `${packed.join(',')}|${failed}`;
    const list = byInstance.get(inst.index);
    if (list) list.push(key);
    else byInstance.set(inst.index, [key]);
  });
  for (const list of byInstance.values()) list.sort();
  return { byInstance };
}

/** Compares `state` with its image under `perm`; null when they agree. */
export function compareWithImage(ex: Explorer, symmetry: Symmetry, state: Int32Array, perm: Int32Array): SymmetryWitness | null {
  const model = ex.model;
  const image = new Int32Array(state.length);
  symmetry.apply(state, image, perm);
  const witness = (message: string, extra: { inst?: ActionInstance; property?: string } = {}): SymmetryWitness => ({
    state: ex.stateJson(state),
    image: ex.stateJson(image),
    permutation: describePermutation(symmetry, perm),
    ...(extra.inst ? { action: { name: extra.inst.name, ...(extra.inst.process ? { process: extra.inst.process } : {}), args: extra.inst.argsJson } } : {}),
    ...(extra.property ? { property: extra.property } : {}),
    message,
  });
  const holds = (buf: Int32Array, p: { name: string; test: (s: any) => boolean }): boolean => {
    ex.draft.set(buf);
    return ex.holds(p.name, p.test);
  };
  // a constraint must be symmetric too: else the search would keep a state and drop its image
  for (const [kind, props] of [['invariant', model.invariants], ['cover property', model.covers], ['constraint', model.constraints]] as const) {
    for (const p of props) {
      const a = holds(state, p);
      if (a !== holds(image, p)) return witness(`${kind} ${p.name} is ${a} in the state and ${!a} in its image`, { property: p.name });
    }
  }
  const before = successorsOf(ex, state, symmetry, perm);
  const after = successorsOf(ex, image, symmetry, null);
  const show = (inst: ActionInstance) => `${inst.process ? `${inst.process}: ` : ''}${inst.name}${describeArgs(inst)}`;
  const matched = new Set<number>();
  for (const [index, list] of before.byInstance) {
    const inst = model.instances[index]!;
    const mapped = symmetry.permuteInstance(inst, perm);
    matched.add(mapped.index);
    const other = after.byInstance.get(mapped.index);
    if (!other) return witness(`${show(inst)} is enabled in the state, but its image ${show(mapped)} is not enabled in the image`, { inst });
    if (other.length !== list.length || other.some((k, i) => k !== list[i])) {
      return witness(`the successors of ${show(inst)} in the state, permuted, differ from those of ${show(mapped)} in the image`, { inst });
    }
  }
  for (const index of after.byInstance.keys()) {
    if (matched.has(index)) continue;
    const img = model.instances[index]!;
    const inst = symmetry.permuteInstance(img, symmetry.inverse(perm));
    return witness(`${show(inst)} is not enabled in the state, but its image ${show(img)} is enabled in the image`, { inst });
  }
  if (before.byInstance.size === 0 && model.terminal) {
    ex.cur.set(state);
    const a = ex.isTerminal();
    ex.cur.set(image);
    if (a !== ex.isTerminal()) return witness(`the terminal predicate is ${a} in the state and ${!a} in its image`, { property: 'terminal' });
  }
  return null;
}

function describeArgs(inst: ActionInstance): string {
  if (inst.process) return '';
  const entries = Object.entries(inst.argsJson);
  return entries.length ? ` (${entries.map(([k, v]) => `${k}=${String(v)}`).join(', ')})` : '';
}

function describePermutation(symmetry: Symmetry, perm: Int32Array): Record<string, Record<string, string>> {
  const out: Record<string, Record<string, string>> = {};
  symmetry.scalarsets.forEach((s, i) => {
    const m: Record<string, string> = {};
    for (let id = 0; id < s.size; id++) m[`${s.name}${id}`] = `${s.name}${perm[symmetry.roles.offsets[i]! + id]!}`;
    out[s.name] = m;
  });
  return out;
}
