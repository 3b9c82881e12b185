// What a permutation of scalarset ids does to each slot of a layout. A slot under a map keyed by a
// scalarset (or a bit of a set over one) moves with the key; a slot holding an id (a ref, or an
// option over one) has its value renamed. Everything the generated code of this folder needs is
// computed here once per model, from the layout tree.
import type { Scalarset } from '../../spec/types.ts';
import { slotsOf, type Layout, type LayoutNode } from '../layout.ts';

/** One scalarset-keyed coordinate on a slot's path: the slot moves by `stride` per step of the key. */
export interface KeyCoordinate {
  /** Index of the scalarset in `SlotRoles.scalarsets`. */
  readonly set: number;
  readonly key: number;
  readonly stride: number;
}

/** How a slot's value changes under a permutation. */
export type SlotValue =
  | { readonly kind: 'plain' }
  /** An id of scalarset `set`, stored as `id + offset` (offset 1 for an inline option, where 0 is null). */
  | { readonly kind: 'id'; readonly set: number; readonly offset: 0 | 1 };

/** The role of one slot. */
export interface SlotRole {
  readonly slot: number;
  readonly keys: readonly KeyCoordinate[];
  readonly value: SlotValue;
  /** Slots that differ only in their scalarset keys share a template (used by the id signatures). */
  readonly template: number;
  /**
   * When the slot is in use, as a condition on the state `s` (an element of a sequence within its
   * length, the payload of an option that is not null); null when always. An unused slot holds 0,
   * which is not an id to rename: a permutation leaves it alone, so orbit counts stay exact.
   */
  readonly live: string | null;
}

/** Every slot's role, for one layout and its scalarsets. */
export interface SlotRoles {
  readonly scalarsets: readonly Scalarset[];
  /** Where scalarset `i`'s ids start in a concatenated permutation array. */
  readonly offsets: readonly number[];
  /** Total ids over all scalarsets: the length of a permutation array. */
  readonly ids: number;
  readonly slots: readonly SlotRole[];
  readonly templates: number;
}

/** Analyses a layout for the given scalarsets (the ones symmetry reduction permutes). */
export function slotRolesOf(layout: Layout, scalarsets: readonly Scalarset[]): SlotRoles {
  const index = new Map(scalarsets.map((s, i) => [s.name, i]));
  const offsets: number[] = [];
  let ids = 0;
  for (const s of scalarsets) {
    offsets.push(ids);
    ids += s.size;
  }
  const roles: SlotRole[] = new Array(layout.slotCount);
  const templateIds = new Map<string, number>();
  const templateOf = (t: string): number => {
    let id = templateIds.get(t);
    if (id === undefined) templateIds.set(t, (id = templateIds.size));
    return id;
  };
  const setOf = (d: { kind: string; name?: string }): number => (d.kind === 'scalarset' ? (index.get(d.name!) ?? -1) : -1);

  const visit = (node: LayoutNode, keys: readonly KeyCoordinate[], template: string, live: string | null = null): void => {
    const when = (c: string) => (live ? `${live} && ${c}` : c);
    switch (node.kind) {
      case 'leaf': {
        const set = setOf(node.type);
        roles[node.slot] = { slot: node.slot, keys, value: set >= 0 ? { kind: 'id', set, offset: 0 } : { kind: 'plain' }, template: templateOf(template), live };
        return;
      }
      case 'option': {
        if (node.inline) {
          const set = setOf((node.of as { type: { kind: string; name?: string } }).type);
          roles[node.slot] = { slot: node.slot, keys, value: set >= 0 ? { kind: 'id', set, offset: 1 } : { kind: 'plain' }, template: templateOf(template), live };
          return;
        }
        roles[node.slot] = { slot: node.slot, keys, value: { kind: 'plain' }, template: templateOf(`${template}?`), live };
        visit(node.of, keys, `${template}!`, when(`s[${node.slot}] !== 0`));
        return;
      }
      case 'array':
      case 'map': {
        const set = node.kind === 'map' && node.key ? setOf(node.key) : -1;
        if (set < 0) {
          node.elems.forEach((e, i) => visit(e, keys, `${template}[${i}]`, live));
          return;
        }
        const stride = strideOf(node.elems);
        node.elems.forEach((e, k) => visit(e, [...keys, { set, key: k, stride }], `${template}[*${set}]`, live));
        return;
      }
      case 'set': {
        const set = setOf(node.of);
        node.of.values.forEach((_, i) => {
          const slot = node.slot + i;
          roles[slot] = {
            slot,
            keys: set >= 0 ? [...keys, { set, key: i, stride: 1 }] : keys,
            value: { kind: 'plain' },
            template: templateOf(set >= 0 ? `${template}∋*${set}` : `${template}∋${i}`),
            live,
          };
        });
        return;
      }
      case 'undefinedOr':
        roles[node.slot] = { slot: node.slot, keys, value: { kind: 'plain' }, template: templateOf(`${template}?u`), live };
        visit(node.of, keys, `${template}!u`, when(`s[${node.slot}] !== 0`));
        return;
      case 'union':
        // a variant's slots are in use only under its tag (else they hold 0, which names no id)
        roles[node.slot] = { slot: node.slot, keys, value: { kind: 'plain' }, template: templateOf(`${template}|`), live };
        node.variants.forEach((v, i) => v && visit(v, keys, `${template}|${i}`, when(`s[${node.slot}] === ${i}`)));
        return;
      case 'recordSet': {
        // a record's bit moves with every id it holds: one key coordinate per permuted field
        const sets = node.fields.map(([, d]) => setOf(d));
        for (let i = 0; i < node.count; i++) {
          const slot = node.slot + i;
          const own: KeyCoordinate[] = [];
          const shape: string[] = [];
          node.fields.forEach(([k, d], f) => {
            const key = Math.floor(i / node.strides[f]!) % d.values.length;
            if (sets[f]! >= 0) own.push({ set: sets[f]!, key, stride: node.strides[f]! });
            shape.push(sets[f]! >= 0 ? `${k}:*${sets[f]}` : `${k}:${key}`);
          });
          roles[slot] = { slot, keys: [...keys, ...own], value: { kind: 'plain' }, template: templateOf(`${template}∋{${shape.join(',')}}`), live };
        }
        return;
      }
      case 'record':
        for (const [k, f] of node.fields) visit(f, keys, `${template}.${k}`, live);
        return;
      case 'seq':
        roles[node.slot] = { slot: node.slot, keys, value: { kind: 'plain' }, template: templateOf(`${template}#`), live };
        node.elems.forEach((e, i) => visit(e, keys, `${template}[${i}]`, when(`s[${node.slot}] > ${i}`)));
        return;
    }
  };
  visit(layout.root, [], '');
  return { scalarsets, offsets, ids, slots: roles, templates: templateIds.size };
}

/** The distance in slots between consecutive elements of a collection (its elements share one type). */
function strideOf(elems: readonly LayoutNode[]): number {
  if (elems.length < 2) return 0;
  const first = elems.map(slotsOf);
  const stride = first[1]![0]! - first[0]![0]!;
  first.forEach((slots, k) => {
    slots.forEach((s, j) => {
      if (s !== first[0]![j]! + k * stride) throw new Error('internal: elements of a scalarset-keyed map are not laid out at a fixed stride');
    });
  });
  return stride;
}

/** The permutation that leaves every id in place. */
export function identityPermutation(roles: SlotRoles): Int32Array {
  const p = new Int32Array(roles.ids);
  roles.offsets.forEach((off, i) => {
    for (let k = 0; k < roles.scalarsets[i]!.size; k++) p[off + k] = k;
  });
  return p;
}

/** The inverse of a permutation (concatenated over the scalarsets). */
export function inversePermutation(roles: SlotRoles, p: Int32Array): Int32Array {
  const q = new Int32Array(roles.ids);
  roles.offsets.forEach((off, i) => {
    for (let k = 0; k < roles.scalarsets[i]!.size; k++) q[off + p[off + k]!] = k;
  });
  return q;
}
