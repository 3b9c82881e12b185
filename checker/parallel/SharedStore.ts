// The visited set of a parallel search: the keys of checker/StateStore.ts (64-bit fingerprints, or the
// packed state itself when it fits), in `SEGMENTS` open-addressing segments held in SharedArrayBuffers
// that every worker maps. No two threads ever write one segment at once: in the expand phase only worker
// 0 inserts (into any segment) while the others probe; in the insert phase segment s belongs to worker
// s mod N, which alone inserts its keys. An insert writes a key's low word, then publishes its high word
// (Atomics.store), and a probe reads the high word first (Atomics.load), so a probe that races worker 0's
// insert may miss the key (a needless candidate, which its owner drops) but never sees a key that is not
// there (a match on a key whose high word is 0 could be another key half written: taken as absent).
// Otherwise the phases need only the barrier between them (the coordinator's messages), and a key's
// first insertion is the first in the one-thread search's order.
// A segment that fills to 3/4 is doubled into a new buffer by the thread inserting; the new buffer reaches
// the other workers with the next phase's message (until then they probe the old one: a miss at worst).
import { allocate, type MemoryBudget } from '../memory.ts';
import { offsetIn, SEGMENT_BITS, slotOf } from '../StateStore.ts';

export const SEGMENTS = 1 << SEGMENT_BITS;
const INITIAL_SLOTS = 64;

/** A segment that grew: its index and its new buffer. */
export interface GrownSegment {
  readonly index: number;
  readonly buffer: SharedArrayBuffer;
}

/** The buffers that make a store; what a worker is given to map it. */
export interface SharedStoreBuffers {
  readonly segments: SharedArrayBuffer[];
  /** One Int32: 1 when the key (0, 0), which marks empty slots, is in the set. */
  readonly zero: SharedArrayBuffer;
  /** One Int32 per segment: its keys (written by whoever inserts into it in a phase). */
  readonly counts: SharedArrayBuffer;
}

/** The worker a key belongs to, among `workers`. */
export const ownerOf = (hi: number, lo: number, workers: number): number => (slotOf(hi >>> 0, lo >>> 0) >>> (32 - SEGMENT_BITS)) % workers;

/** Allocates an empty store. */
export function newSharedStore(budget: MemoryBudget): SharedStoreBuffers {
  const segments: SharedArrayBuffer[] = [];
  for (let s = 0; s < SEGMENTS; s++) segments.push(allocate(budget, INITIAL_SLOTS * 8, () => new SharedArrayBuffer(INITIAL_SLOTS * 8)));
  return { segments, zero: new SharedArrayBuffer(4), counts: new SharedArrayBuffer(SEGMENTS * 4) };
}

/** One worker's map of the shared store. */
export class SharedStore {
  readonly #tables: Uint32Array[];
  readonly #zero: Int32Array;
  /** Keys in each segment. */
  readonly #counts: Int32Array;
  /** Segments grown since the last `takeGrown`. */
  #grown: GrownSegment[] = [];
  #bytes = 0;

  constructor(
    buffers: SharedStoreBuffers,
    readonly budget?: MemoryBudget,
  ) {
    this.#tables = buffers.segments.map((b) => new Uint32Array(b));
    this.#zero = new Int32Array(buffers.zero);
    this.#counts = new Int32Array(buffers.counts);
    for (const t of this.#tables) this.#bytes += t.byteLength;
  }

  /** Maps segments another worker grew. */
  adopt(grown: readonly GrownSegment[]): void {
    for (const g of grown) {
      this.#bytes += g.buffer.byteLength - this.#tables[g.index]!.byteLength;
      this.#tables[g.index] = new Uint32Array(g.buffer);
    }
  }

  /** The segments this worker grew since the last call. */
  takeGrown(): GrownSegment[] {
    const g = this.#grown;
    this.#grown = [];
    return g;
  }

  /** Bytes of the segments, as this worker maps them. */
  get bytes(): number {
    return this.#bytes;
  }

  /** Whether a key is present (any segment; only while nobody inserts). */
  has(hi: number, lo: number): boolean {
    hi >>>= 0;
    lo >>>= 0;
    if (hi === 0 && lo === 0) return this.#zero[0] === 1;
    const t = this.#tables[slotOf(hi, lo) >>> (32 - SEGMENT_BITS)]!;
    const cap = t.length >>> 1;
    let i = offsetIn(hi, lo, cap);
    for (;;) {
      // the high word is published last (insert): once it is seen, the low word is the key's
      const h = Atomics.load(t, 2 * i);
      const l = t[2 * i + 1]!;
      if (h === 0 && l === 0) return false;
      // a match on a key whose high word is 0 may be another key half written (its low word alone): not sure, so absent
      if (h === hi && l === lo) return hi !== 0;
      if (++i === cap) i = 0;
    }
  }

  /** Inserts a key (of a segment nobody else writes in this phase): true when it is new. */
  insert(hi: number, lo: number): boolean {
    hi >>>= 0;
    lo >>>= 0;
    if (hi === 0 && lo === 0) {
      if (this.#zero[0] === 1) return false;
      this.#zero[0] = 1;
      return true;
    }
    const s = slotOf(hi, lo) >>> (32 - SEGMENT_BITS);
    const t = this.#tables[s]!;
    const cap = t.length >>> 1;
    let i = offsetIn(hi, lo, cap);
    for (;;) {
      const h = t[2 * i]!;
      const l = t[2 * i + 1]!;
      if (h === 0 && l === 0) {
        // worker 0 inserts while others probe: the low word first, then the high word, published
        t[2 * i + 1] = lo;
        Atomics.store(t, 2 * i, hi);
        if (++this.#counts[s]! > (cap * 3) >>> 2) this.#grow(s);
        return true;
      }
      if (h === hi && l === lo) return false;
      if (++i === cap) i = 0;
    }
  }

  /** Doubles segment `s` into a new shared buffer. */
  #grow(s: number): void {
    const old = this.#tables[s]!;
    const cap = old.length; // twice the slots
    const buffer = allocate(this.budget, cap * 8, () => new SharedArrayBuffer(cap * 8));
    const t = new Uint32Array(buffer);
    for (let j = 0; j < old.length; j += 2) {
      const hi = old[j]!;
      const lo = old[j + 1]!;
      if (hi === 0 && lo === 0) continue;
      let i = offsetIn(hi, lo, cap);
      while (t[2 * i] !== 0 || t[2 * i + 1] !== 0) if (++i === cap) i = 0;
      t[2 * i] = hi;
      t[2 * i + 1] = lo;
    }
    this.#tables[s] = t;
    this.#bytes += t.byteLength - old.byteLength;
    this.budget?.release(old.byteLength);
    this.#grown.push({ index: s, buffer });
  }
}
