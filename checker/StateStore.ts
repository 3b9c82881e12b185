// The visited set, with ids: each distinct state gets the next id (BFS order), and its 64-bit key
// (a fingerprint, or the packed state itself when it fits in 64 bits) is kept by id. The hash table
// holds ids only, so a lookup also answers "which state is this" (liveness needs the graph's edges).
// About 8 bytes of keys + 4-16 bytes of table per state; no object per state.

const CHUNK_BITS = 16;
const CHUNK = 1 << CHUNK_BITS;
const MASK = CHUNK - 1;

/** Distinct 64-bit keys, numbered 0, 1, 2, ... in order of insertion. */
export class StateStore {
  #table: Int32Array;
  #mask: number;
  #size = 0;
  readonly #hi: Uint32Array[] = [];
  readonly #lo: Uint32Array[] = [];

  constructor(initialCapacity = 1 << 16) {
    let cap = 1 << 4;
    while (cap < initialCapacity) cap <<= 1;
    this.#table = new Int32Array(cap).fill(-1);
    this.#mask = cap - 1;
  }

  /** Number of distinct keys. */
  get size(): number {
    return this.#size;
  }

  /** Bytes held by the table and the keys. */
  get bytes(): number {
    return this.#table.byteLength + this.#hi.length * CHUNK * 8;
  }

  /** Inserts a key: returns its new id, or `-1 - id` of the state that already has it. */
  insert(hi: number, lo: number): number {
    hi >>>= 0;
    lo >>>= 0;
    const t = this.#table;
    const mask = this.#mask;
    let i = slotOf(hi, lo) & mask;
    for (;;) {
      const id = t[i]!;
      if (id < 0) break;
      if (this.#hi[id >>> CHUNK_BITS]![id & MASK] === hi && this.#lo[id >>> CHUNK_BITS]![id & MASK] === lo) return -1 - id;
      i = (i + 1) & mask;
    }
    const id = this.#size++;
    if ((id & MASK) === 0) {
      this.#hi.push(new Uint32Array(CHUNK));
      this.#lo.push(new Uint32Array(CHUNK));
    }
    this.#hi[id >>> CHUNK_BITS]![id & MASK] = hi;
    this.#lo[id >>> CHUNK_BITS]![id & MASK] = lo;
    t[i] = id;
    if (this.#size * 4 > (mask + 1) * 3) this.#grow();
    return id;
  }

  /** The id of a key, or -1. */
  find(hi: number, lo: number): number {
    hi >>>= 0;
    lo >>>= 0;
    const t = this.#table;
    let i = slotOf(hi, lo) & this.#mask;
    for (;;) {
      const id = t[i]!;
      if (id < 0) return -1;
      if (this.#hi[id >>> CHUNK_BITS]![id & MASK] === hi && this.#lo[id >>> CHUNK_BITS]![id & MASK] === lo) return id;
      i = (i + 1) & this.#mask;
    }
  }

  #grow(): void {
    const cap = (this.#mask + 1) * 2;
    const t = new Int32Array(cap).fill(-1);
    const mask = cap - 1;
    for (let id = 0; id < this.#size; id++) {
      let i = slotOf(this.#hi[id >>> CHUNK_BITS]![id & MASK]!, this.#lo[id >>> CHUNK_BITS]![id & MASK]!) & mask;
      while (t[i] !== -1) i = (i + 1) & mask;
      t[i] = id;
    }
    this.#table = t;
    this.#mask = mask;
  }
}

/** Table position of a key: a cheap mix (keys may be raw packed states, not random fingerprints). */
function slotOf(hi: number, lo: number): number {
  let h = Math.imul(lo ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(hi + 0x7f4a7c15, 0xc2b2ae35);
  h ^= h >>> 15;
  h = Math.imul(h, 0x27d4eb2d);
  return (h ^ (h >>> 13)) >>> 0;
}
