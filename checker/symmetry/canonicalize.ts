// The canonical form of a state under permutations of scalarset ids.
//
// 1. Compute every id's invariant signature and sort each scalarset's ids by it: a permutation that
//    renames ids in sorted order is a candidate.
// 2. Ids whose signatures tie may be ordered either way. Among tied ids, those that a transposition
//    swaps without changing the state are interchangeable: their order does not matter (the
//    transpositions fixing a state generate a group, so "swappable" is an equivalence).
// 3. Try every distinct arrangement of the remaining classes within each tie (an odometer of
//    multiset permutations) and keep the least slot vector.
//
// The result depends only on the orbit: signatures travel with their ids, so the candidates of
// `perm(s)` produce exactly the encodings the candidates of `s` produce. One canonical form per
// orbit, so the counts are exact orbit counts; in the common case (no tie, or ties of
// interchangeable ids) it costs one signature pass, a sort of n ids and one permutation.
import type { ApplyPermutation, FixedBy } from './permute.ts';
import type { ComputeSignatures } from './signatures.ts';
import type { SlotRoles } from './slotRoles.ts';

/** Canonicalization with its workspace: not reentrant (one per search). */
export interface Canonicalizer {
  /** Writes the canonical form of `src` into `dst` (which must not be `src`). */
  readonly canonicalize: (src: Int32Array, dst: Int32Array) => void;
  /** The same, also writing into `perm` the permutation that maps `src` to `dst`. */
  readonly canonicalizeWithPermutation: (src: Int32Array, dst: Int32Array, perm: Int32Array) => void;
  /** How many permutations map `src` to itself (the order of its stabilizer). */
  readonly stabilizerSize: (src: Int32Array) => number;
}

/** Builds a canonicalizer from the generated pieces of one layout. */
export function canonicalizer(roles: SlotRoles, slotCount: number, apply: ApplyPermutation, fixedBy: FixedBy, signatures: ComputeSignatures): Canonicalizer {
  const ids = roles.ids;
  const sets = roles.scalarsets.length;
  const offsets = Int32Array.from(roles.offsets);
  const sizes = Int32Array.from(roles.scalarsets.map((s) => s.size));
  const sig = new Int32Array(ids);
  /** `order[off + pos]`: the id that gets name `pos`. */
  const order = new Int32Array(ids);
  /** `label[off + pos]`: the interchangeability class of the id at `pos` within its tie. */
  const label = new Int32Array(ids);
  /** `groupEnd[off + pos]`: one past the last position of the tie holding `pos` (absolute, like `off + pos`). */
  const groupEnd = new Int32Array(ids);
  const swap = new Int32Array(ids);
  const perm = new Int32Array(ids);
  const bestPerm = new Int32Array(ids);
  const tmp = new Int32Array(slotCount);
  const best = new Int32Array(slotCount);
  const scratch = new Int32Array(slotCount);
  // arrangements that gave the canonical form in the last call (1 when no search was needed)
  let arrangementsAtBest = 1;
  // the ties that need a search: start positions (absolute), filled per call
  const searchStarts: number[] = [];

  const resetSwap = (): void => {
    for (let i = 0; i < sets; i++) for (let k = 0; k < sizes[i]!; k++) swap[offsets[i]! + k] = k;
  };
  resetSwap();

  /** Whether exchanging ids `a` and `b` of the scalarset at `off` leaves `src` unchanged. */
  const swappable = (src: Int32Array, off: number, a: number, b: number): boolean => {
    swap[off + a] = b;
    swap[off + b] = a;
    const fixed = fixedBy(src, swap);
    swap[off + a] = a;
    swap[off + b] = b;
    return fixed;
  };

  /** Sorts ids by signature, finds ties and their classes; returns whether a search is needed. */
  const prepare = (src: Int32Array): boolean => {
    signatures(src, sig);
    searchStarts.length = 0;
    for (let i = 0; i < sets; i++) {
      const off = offsets[i]!;
      const n = sizes[i]!;
      // insertion sort by signature (n is small)
      for (let pos = 0; pos < n; pos++) {
        const id = pos;
        const s = sig[off + id]!;
        let q = pos - 1;
        while (q >= 0 && sig[off + order[off + q]!]! > s) {
          order[off + q + 1] = order[off + q]!;
          q--;
        }
        order[off + q + 1] = id;
      }
      let start = 0;
      while (start < n) {
        const s = sig[off + order[off + start]!]!;
        let end = start + 1;
        while (end < n && sig[off + order[off + end]!] === s) end++;
        for (let pos = start; pos < end; pos++) groupEnd[off + pos] = off + end;
        label[off + start] = 0;
        if (end - start > 1) {
          // classes of interchangeable ids, by comparison with each class's first member
          let classes = 1;
          for (let pos = start + 1; pos < end; pos++) {
            let c = 0;
            for (; c < classes; c++) {
              let first = start;
              while (label[off + first] !== c) first++;
              if (swappable(src, off, order[off + first]!, order[off + pos]!)) break;
            }
            label[off + pos] = c;
            if (c === classes) classes++;
          }
          if (classes > 1) {
            sortTie(order, label, off + start, off + end);
            searchStarts.push(off + start);
          }
        }
        start = end;
      }
    }
    return searchStarts.length > 0;
  };

  /** The permutation for the current arrangement: in each tie, a class's members take its positions in order. */
  const permutationOfArrangement = (): void => {
    for (let i = 0; i < sets; i++) {
      const off = offsets[i]!;
      const n = sizes[i]!;
      for (let pos = 0; pos < n; pos++) perm[off + order[off + pos]!] = pos;
    }
  };

  const canonicalizeWithPermutation = (src: Int32Array, dst: Int32Array, out: Int32Array | null): void => {
    if (!prepare(src)) {
      permutationOfArrangement();
      apply(src, dst, perm);
      if (out) out.set(perm);
      arrangementsAtBest = 1;
      return;
    }
    // `order` holds, within each searched tie, members grouped by class; the arrangement is the
    // sequence of class labels over the tie's positions, stepped through all distinct orders
    const members = searchStarts.map((start) => Array.from(order.subarray(start, groupEnd[start]!)));
    const memberLabels = searchStarts.map((start) => Array.from(label.subarray(start, groupEnd[start]!)));
    let first = true;
    for (;;) {
      // place members: for each tie, the k-th position labelled c gets the k-th member of class c
      for (let t = 0; t < searchStarts.length; t++) {
        const start = searchStarts[t]!;
        const end = groupEnd[start]!;
        const ms = members[t]!;
        const ls = memberLabels[t]!;
        const next: number[] = [];
        for (let pos = start; pos < end; pos++) {
          const c = label[pos]!;
          while (next.length <= c) next.push(ls.indexOf(next.length));
          order[pos] = ms[next[c]!]!;
          next[c]!++;
        }
      }
      permutationOfArrangement();
      apply(src, tmp, perm);
      const cmp = first ? -1 : compare(tmp, best, slotCount);
      if (cmp < 0) {
        best.set(tmp);
        bestPerm.set(perm);
        first = false;
        arrangementsAtBest = 1;
      } else if (cmp === 0) {
        arrangementsAtBest++;
      }
      // next arrangement: odometer over the ties, each stepping its labels to the next permutation
      let t = searchStarts.length - 1;
      while (t >= 0) {
        const start = searchStarts[t]!;
        if (nextPermutation(label, start, groupEnd[start]!)) break;
        t--;
      }
      if (t < 0) break;
    }
    dst.set(best);
    if (out) out.set(bestPerm);
  };

  /**
   * A permutation fixes `src` iff it keeps signatures (so it permutes each tie), and, composed with
   * the canonical permutation, gives the canonical form: per tie, the members of a class can be
   * exchanged freely (a product of factorials), times the arrangements of classes that reach the
   * least encoding. After a search, each tie's labels are back in sorted order, so classes are runs.
   */
  const stabilizerSize = (src: Int32Array): number => {
    canonicalizeWithPermutation(src, scratch, null);
    let size = arrangementsAtBest;
    for (let i = 0; i < sets; i++) {
      const off = offsets[i]!;
      let pos = off;
      while (pos < off + sizes[i]!) {
        let run = pos + 1;
        while (run < groupEnd[pos]! && label[run] === label[pos]) run++;
        for (let k = 2; k <= run - pos; k++) size *= k;
        pos = run;
      }
    }
    return size;
  };

  return {
    canonicalize: (src, dst) => canonicalizeWithPermutation(src, dst, null),
    canonicalizeWithPermutation,
    stabilizerSize,
  };
}

/** Sorts positions `[from, to)` by class label (stable), so labels start as the least arrangement. */
function sortTie(order: Int32Array, label: Int32Array, from: number, to: number): void {
  for (let i = from + 1; i < to; i++) {
    const l = label[i]!;
    const o = order[i]!;
    let q = i - 1;
    while (q >= from && label[q]! > l) {
      label[q + 1] = label[q]!;
      order[q + 1] = order[q]!;
      q--;
    }
    label[q + 1] = l;
    order[q + 1] = o;
  }
}

/** Steps `a[from..to)` to its next permutation in lexicographic order; at the last, resets to the first and returns false. */
function nextPermutation(a: Int32Array, from: number, to: number): boolean {
  let i = to - 2;
  while (i >= from && a[i]! >= a[i + 1]!) i--;
  if (i < from) {
    a.subarray(from, to).reverse();
    return false;
  }
  let j = to - 1;
  while (a[j]! <= a[i]!) j--;
  const t = a[i]!;
  a[i] = a[j]!;
  a[j] = t;
  a.subarray(i + 1, to).reverse();
  return true;
}

/** Lexicographic comparison of slot vectors: negative, zero or positive. */
function compare(a: Int32Array, b: Int32Array, n: number): number {
  for (let i = 0; i < n; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (x !== y) return x - y;
  }
  return 0;
}
