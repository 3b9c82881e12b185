// Applying a permutation of scalarset ids to a state, as generated straight-line code: one
// assignment per slot, its destination and value computed from the permutation array.
import type { SlotRole, SlotRoles } from './slotRoles.ts';

/**
 * Writes `perm(src)` into `dst` (which must not be `src`). `perm` is concatenated over the
 * scalarsets: `perm[offsets[i] + id]` is the new name of `id` of scalarset `i`.
 */
export type ApplyPermutation = (src: Int32Array, dst: Int32Array, perm: Int32Array) => void;

/** The destination slot of `role` under `p`, as an expression. */
export function destinationExpr(roles: SlotRoles, role: SlotRole, p = 'p'): string {
  if (role.keys.length === 0) return String(role.slot);
  let base = role.slot;
  const terms: string[] = [];
  for (const k of role.keys) {
    base -= k.key * k.stride;
    terms.push(k.stride === 1 ? `${p}[${roles.offsets[k.set]! + k.key}]` : `${p}[${roles.offsets[k.set]! + k.key}] * ${k.stride}`);
  }
  return `${base} + ${terms.join(' + ')}`;
}

/** The permuted value of `role`'s slot in `s`, as an expression. */
export function valueExpr(roles: SlotRoles, role: SlotRole, s = 's', p = 'p'): string {
  const v = `${s}[${role.slot}]`;
  if (role.value.kind === 'plain') return v;
  const off = roles.offsets[role.value.set]!;
  const renamed = role.value.offset === 0 ? `${p}[${off} + ${v}]` : `(${v} === 0 ? 0 : ${p}[${off - 1} + ${v}] + 1)`;
  // an unused slot (past a sequence's length, under a null option) keeps its 0: it names no id
  return role.live ? `(${role.live.replaceAll('s[', `${s}[`)} ? ${renamed} : ${v})` : renamed;
}

/** Generates the permutation of states for one layout. */
export function permutationApplier(roles: SlotRoles): ApplyPermutation {
  const lines = roles.slots.map((r) => `d[${destinationExpr(roles, r)}] = ${valueExpr(roles, r)};`);
  return new Function('s', 'd', 'p', lines.join('\n')) as ApplyPermutation;
}

/** Whether `perm` maps a state to itself; `(src, perm) => boolean`, stopping at the first slot that moves. */
export type FixedBy = (src: Int32Array, perm: Int32Array) => boolean;

/** Generates the test "does this permutation fix the state" for one layout. */
export function fixedByTester(roles: SlotRoles): FixedBy {
  const lines = roles.slots.map((r) => `if (s[${destinationExpr(roles, r)}] !== ${valueExpr(roles, r)}) return false;`);
  return new Function('s', 'p', `${lines.join('\n')}\nreturn true;`) as FixedBy;
}
