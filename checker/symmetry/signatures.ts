// Invariant signatures of ids: a 32-bit number per id that a permutation carries along with the id
// (the signature of `x` in `s` equals the signature of `perm(x)` in `perm(s)`). Canonicalization
// sorts ids by signature, so only ids whose signatures tie need a search.
//
// An id's signature sums random numbers drawn from a table by the contributions of every slot it plays a role in:
// - as an owner: the slot sits under a map keyed by the id (or is the id's bit of a set); the
//   contribution hashes the slot's template (its path with scalarset keys erased), which key
//   coordinate the id is, and the value, with ids abstracted to null / self / other;
// - as a target: the slot holds the id; the contribution hashes the template and which of the
//   slot's key coordinates (of the same scalarset) equal the id.
// Sums commute, so the order in which ids are visited does not matter. A hash collision only makes
// two ids tie, which costs time, never exactness.
import type { SlotRoles } from './slotRoles.ts';

/** Writes the signature of every id (concatenated over scalarsets, like a permutation) into `out`. */
export type ComputeSignatures = (src: Int32Array, out: Int32Array) => void;

/** A 32-bit hash of small integers, for constants baked into the generated code. */
function hashInts(...xs: number[]): number {
  let h = 0x811c9dc5 | 0;
  for (const x of xs) {
    h = Math.imul(h ^ (x | 0), 0x01000193);
    h ^= h >>> 15;
    h = Math.imul(h, 0x2c1b3c6d);
  }
  return h | 0;
}

/** Generates the signature computation for one layout. */
export function signatureComputer(roles: SlotRoles, cards: readonly number[]): ComputeSignatures {
  // each kind of contribution (template and role) owns a block of random numbers, one per value:
  // a contribution is one table read (Zobrist hashing, with sums instead of exclusive ors)
  const blocks = new Map<string, number>();
  const table: number[] = [];
  const block = (key: string, size: number, ...seed: number[]): number => {
    let base = blocks.get(key);
    if (base === undefined) {
      base = table.length;
      blocks.set(key, base);
      for (let v = 0; v < size; v++) table.push(hashInts(...seed, v));
    }
    return base;
  };
  const lines: string[] = [];
  for (let i = 0; i < roles.ids; i++) lines.push(`g[${i}] = 0;`);
  for (const r of roles.slots) {
    const v = `s[${r.slot}]`;
    // as an owner, per key coordinate
    r.keys.forEach((k, ci) => {
      const owner = roles.offsets[k.set]! + k.key;
      let value: string;
      let size: number;
      if (r.value.kind === 'plain') {
        value = v;
        size = cards[r.slot]!;
      } else if (r.value.set !== k.set) {
        value = r.value.offset === 1 ? `(${v} === 0 ? 0 : 1)` : '1';
        size = 2;
      } else {
        const self = k.key + r.value.offset;
        value = r.value.offset === 1 ? `(${v} === 0 ? 0 : ${v} === ${self} ? 1 : 2)` : `(${v} === ${self} ? 1 : 2)`;
        size = 3;
      }
      // an unused slot holds 0, which names no id: it counts as null
      if (r.live && r.value.kind === 'id') value = `(${r.live} ? ${value} : 0)`;
      const base = block(`owner ${r.template} ${ci} ${size}`, size, 1, r.template, ci, size);
      lines.push(`g[${owner}] = (g[${owner}] + R[${base} + ${value}]) | 0;`);
    });
    // as a target
    if (r.value.kind === 'id') {
      const set = r.value.set;
      const same = r.keys.map((k, ci) => ({ k, ci })).filter(({ k }) => k.set === set);
      const id = r.value.offset === 1 ? `${v} - 1` : v;
      const relation = same.length ? same.map(({ k, ci }) => `(${id} === ${k.key} ? ${1 << ci} : 0)`).join(' | ') : '0';
      const base = block(`target ${r.template}`, 1 << r.keys.length, 2, r.template);
      const add = `{ const t = ${roles.offsets[set]!} + ${id}; g[t] = (g[t] + R[${base} + (${relation})]) | 0; }`;
      const guard = [r.value.offset === 1 ? `${v} !== 0` : null, r.live].filter((c) => c !== null).join(' && ');
      lines.push(guard ? `if (${guard}) ${add}` : add);
    }
  }
  return new Function('R', `return function signatures(s, g) {\n${lines.join('\n')}\n};`)(Int32Array.from(table)) as ComputeSignatures;
}
