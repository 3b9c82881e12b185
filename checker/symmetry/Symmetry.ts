// Symmetry reduction for one compiled model: which scalarsets are permuted, how a permutation acts
// on states and on action instances, and the canonical form the search stores.
import { idInfo, type Scalarset } from '../../spec/types.ts';
import type { ActionInstance, CompiledModel } from '../compile.ts';
import { canonicalizer } from './canonicalize.ts';
import { fixedByTester, permutationApplier, type ApplyPermutation } from './permute.ts';
import { signatureComputer } from './signatures.ts';
import { identityPermutation, inversePermutation, slotRolesOf, type SlotRoles } from './slotRoles.ts';

/** The symmetry of a model under permutations of its scalarsets' ids. */
export interface Symmetry {
  /** The permuted scalarsets, in order; a permutation array concatenates one block per scalarset. */
  readonly scalarsets: readonly Scalarset[];
  readonly roles: SlotRoles;
  /** Writes the canonical form of `src` into `dst` (not `src`): the search's `canonicalize` hook. */
  readonly canonicalize: (src: Int32Array, dst: Int32Array) => void;
  /** The same, also writing the permutation that maps `src` to its canonical form. */
  readonly canonicalizeWithPermutation: (src: Int32Array, dst: Int32Array, perm: Int32Array) => void;
  /** How many states the orbit of `src` holds: the group's order over the order of the stabilizer of `src`. */
  readonly orbitSize: (src: Int32Array) => number;
  /** Writes `perm(src)` into `dst` (not `src`). */
  readonly apply: ApplyPermutation;
  readonly identity: () => Int32Array;
  readonly inverse: (perm: Int32Array) => Int32Array;
  /** The action instance `perm(inst)`: same action, scalarset arguments (and process id) renamed. */
  readonly permuteInstance: (inst: ActionInstance, perm: Int32Array) => ActionInstance;
}

/**
 * The symmetry of a model: null when no scalarset of at least two ids occurs in its state (then
 * there is nothing to reduce). Each call builds fresh workspaces: one per search.
 */
export function symmetryOf(model: CompiledModel): Symmetry | null {
  const scalarsets = permutedScalarsets(model);
  if (scalarsets.length === 0) return null;
  const roles = slotRolesOf(model.layout, scalarsets);
  const apply = permutationApplier(roles);
  // the group's order: exact in a double up to 18! (orbit sizes, hence fullStates, are exact below that)
  let groupOrder = 1;
  for (const s of scalarsets) for (let k = 2; k <= s.size; k++) groupOrder *= k;
  const { canonicalize, canonicalizeWithPermutation, stabilizerSize } = canonicalizer(roles, model.layout.slotCount, apply, fixedByTester(roles), signatureComputer(roles, model.layout.cards));
  return {
    scalarsets,
    roles,
    canonicalize,
    canonicalizeWithPermutation,
    orbitSize: (src) => groupOrder / stabilizerSize(src),
    apply,
    identity: () => identityPermutation(roles),
    inverse: (perm) => inversePermutation(roles, perm),
    permuteInstance: instancePermuter(model, roles),
  };
}

/** The scalarsets a permutation acts on: those of at least two ids that occur in the state. */
export function permutedScalarsets(model: CompiledModel): Scalarset[] {
  const candidates = [...model.scalarsets.values()].filter((s) => s.size >= 2);
  const probe = slotRolesOf(model.layout, candidates);
  const used = new Set<number>();
  for (const r of probe.slots) {
    for (const k of r.keys) used.add(k.set);
    if (r.value.kind === 'id') used.add(r.value.set);
  }
  return candidates.filter((_, i) => used.has(i));
}

/** Maps action instances through permutations: a lookup by action and renamed arguments. */
function instancePermuter(model: CompiledModel, roles: SlotRoles): (inst: ActionInstance, perm: Int32Array) => ActionInstance {
  const setIndex = new Map(roles.scalarsets.map((s, i) => [s.name, i]));
  const byKey = new Map<string, ActionInstance>();
  // keyed by the JSON form of the arguments: ids are symbols, which JSON.stringify drops
  const keyOf = (action: number, args: Readonly<Record<string, unknown>>) => `${action}:${JSON.stringify(args)}`;
  for (const inst of model.instances) byKey.set(keyOf(inst.action, inst.argsJson), inst);
  /** For each action: its argument names with the index of their scalarset (or -1). */
  const argSets = model.actions.map((a) => {
    const out: [string, number][] = Object.entries(a.params).map(([k, d]) => [k, d.kind === 'scalarset' ? (setIndex.get(d.name) ?? -1) : -1]);
    // step parameters (withArgs): ids, or sets of ids (renamed element by element, listed in index order again)
    for (const [k, p] of Object.entries(a.process?.with ?? {})) out.push([k, p.ids ? (setIndex.get(p.ids.set) ?? -1) : -1]);
    if (a.process) {
      const over = model.processes.find((p) => p.name === a.process!.name)?.over;
      out.push(['self', over && over.kind === 'scalarset' ? (setIndex.get(over.name) ?? -1) : -1]);
    }
    return out;
  });
  return (inst, perm) => {
    const args: Record<string, unknown> = {};
    const sets = argSets[inst.action]!;
    for (const k of Object.keys(inst.argsJson)) {
      const set = sets.find(([name]) => name === k)?.[1] ?? -1;
      const v = inst.args[k];
      const rename = (x: unknown): number => perm[roles.offsets[set]! + idInfo(x)!.index]!;
      args[k] =
        set < 0 ? inst.argsJson[k]
        : Array.isArray(v) ? v.map(rename).sort((x, y) => x - y).map((i) => `${roles.scalarsets[set]!.name}${i}`)
        : `${roles.scalarsets[set]!.name}${rename(v)}`;
    }
    const found = byKey.get(keyOf(inst.action, args));
    if (!found) throw new Error(`internal: no instance of ${inst.name} with arguments ${JSON.stringify(args)}`);
    return found;
  };
}
