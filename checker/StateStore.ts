// The visited set: 64-bit keys (fingerprints, or the packed state itself when it fits in 64 bits)
// in one open-addressing table, the key stored in the slot so a probe touches one cache line. Each
// new key gets the next id (BFS order). With `withIds` a slot also holds the id, so a lookup answers
// "which state is this" (liveness builds the graph's edges from that); without, 8 bytes per slot.
// Tables are charged to the search's memory budget; a table that cannot grow throws OutOfMemory.
import { allocate, type MemoryBudget } from './memory.ts';

/** Distinct 64-bit keys, numbered 0, 1, 2, ... in order of insertion. */
export class StateStore {
  readonly #stride: number;
  #table: Uint32Array;
  #mask: number;
  #size = 0;
  /** The key (0, 0) marks empty slots; when it is a real key its id is kept here (-1: absent). */
  #zeroId = -1;

  constructor(
    initialCapacity = 1 << 16,
    readonly withIds = false,
    readonly budget?: MemoryBudget,
  ) {
    let cap = 1 << 4;
    while (cap < initialCapacity) cap <<= 1;
    this.#stride = withIds ? 3 : 2;
    this.#table = allocate(budget, cap * this.#stride * 4, () => new Uint32Array(cap * this.#stride));
    this.#mask = cap - 1;
  }

  /** Number of distinct keys. */
  get size(): number {
    return this.#size;
  }

  /** Bytes held by the table. */
  get bytes(): number {
    return this.#table.byteLength;
  }

  /**
   * Inserts a key: returns its new id, or for a key already present `-1 - id` (with ids) or -1
   * (without: the id is not kept).
   */
  insert(hi: number, lo: number): number {
    hi >>>= 0;
    lo >>>= 0;
    if (hi === 0 && lo === 0) {
      if (this.#zeroId >= 0) return this.withIds ? -1 - this.#zeroId : -1;
      this.#zeroId = this.#size++;
      return this.#zeroId;
    }
    const t = this.#table;
    const stride = this.#stride;
    const mask = this.#mask;
    let i = slotOf(hi, lo) & mask;
    for (;;) {
      const at = i * stride;
      const h = t[at]!;
      const l = t[at + 1]!;
      if (h === 0 && l === 0) {
        const id = this.#size++;
        t[at] = hi;
        t[at + 1] = lo;
        if (stride === 3) t[at + 2] = id;
        if (this.#size * 4 > (mask + 1) * 3) this.#grow();
        return id;
      }
      if (h === hi && l === lo) return stride === 3 ? -1 - t[at + 2]! : -1;
      i = (i + 1) & mask;
    }
  }

  /** Whether a key is present. */
  has(hi: number, lo: number): boolean {
    hi >>>= 0;
    lo >>>= 0;
    if (hi === 0 && lo === 0) return this.#zeroId >= 0;
    const t = this.#table;
    const stride = this.#stride;
    let i = slotOf(hi, lo) & this.#mask;
    for (;;) {
      const at = i * stride;
      if (t[at] === 0 && t[at + 1] === 0) return false;
      if (t[at] === hi && t[at + 1] === lo) return true;
      i = (i + 1) & this.#mask;
    }
  }

  #grow(): void {
    const stride = this.#stride;
    const old = this.#table;
    const cap = (this.#mask + 1) * 2;
    // the old table is alive while the new one fills: both are charged until then
    const t = allocate(this.budget, cap * stride * 4, () => new Uint32Array(cap * stride));
    const mask = cap - 1;
    for (let j = 0; j < old.length; j += stride) {
      const hi = old[j]!;
      const lo = old[j + 1]!;
      if (hi === 0 && lo === 0) continue;
      let i = slotOf(hi, lo) & mask;
      while (t[i * stride] !== 0 || t[i * stride + 1] !== 0) i = (i + 1) & mask;
      t[i * stride] = hi;
      t[i * stride + 1] = lo;
      if (stride === 3) t[i * stride + 2] = old[j + 2]!;
    }
    this.#table = t;
    this.#mask = mask;
    this.budget?.release(old.byteLength);
  }
}

/** Table position of a key: a cheap mix (keys may be raw packed states, not random fingerprints). */
function slotOf(hi: number, lo: number): number {
  let h = Math.imul(lo ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(hi + 0x7f4a7c15, 0xc2b2ae35);
  h ^= h >>> 15;
  h = Math.imul(h, 0x27d4eb2d);
  return (h ^ (h >>> 13)) >>> 0;
}
