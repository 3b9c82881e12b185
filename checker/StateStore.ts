// The visited set: 64-bit keys (fingerprints, or the packed state itself when it fits in 64 bits)
// in open-addressing tables, the key stored in the slot so a probe touches one cache line. Each new
// key gets the next id (BFS order). With `withIds` a slot also holds the id, so a lookup answers
// "which state is this" (liveness builds the graph's edges from that); without, 8 bytes per slot.
//
// Growth never copies the whole table once it is large. A small store is one table that doubles
// (old and new alive while it fills, as a plain hash table). Past `SPLIT_AT` slots it is split
// once (a last doubling, of at most 1 MiB) into `SEGMENTS` segments chosen by the top bits of the
// key's hash, and from then on each segment grows on its own, by `GROWTH` (1.25x) when it is 3/4
// full: a growth step copies one segment (1/1024 of the table) and holds one extra segment while it
// does, so the table can use nearly all of the memory budget (with doubling, the last step needs
// three times the table's memory). A segment's size need not be a power of two: a second hash is
// mapped onto it by multiplication. Once segments grow, load stays between 0.6 and 0.75 (0.375-0.75
// with doubling): 10.7-13.3 bytes per key, 16-20 with ids; a probe still reads one slot's cache line.
// The price of 1.25x: a key is moved about 4 times as the table grows, not once, and probes are a
// little longer at the higher load (bench/storeInserts.ts: 50M random keys, ~400 ns per insert
// against ~335 with one doubling table, 11.1 against 13.4 bytes per key, longest pause 50 ms
// against 1.8 s). In a search the difference is within the noise (filter N=6, dining N=16).
// Tables are charged to the search's memory budget; a table that cannot grow throws OutOfMemory.
import { allocate, type MemoryBudget } from './memory.ts';
import type { SnapshotReader, SnapshotWriter } from './checkpoint/snapshot.ts';

/** Slots of the single table beyond which it is split into segments. */
const SPLIT_AT = 1 << 17;
export const SEGMENT_BITS = 10;
/** Segments after the split, chosen by the top `SEGMENT_BITS` bits of `slotOf`. */
const SEGMENTS = 1 << SEGMENT_BITS;
/** Factor by which a full segment grows. */
const GROWTH = 1.25;

/** Distinct 64-bit keys, numbered 0, 1, 2, ... in order of insertion. */
export class StateStore {
  readonly #stride: number;
  /** One table until the split, `SEGMENTS` after. */
  #segments: Uint32Array[];
  /** Slots of each segment. */
  #caps: Int32Array;
  /** Keys in each segment, and the count past which it grows (3/4 of its slots). */
  #counts: Int32Array;
  #limits: Int32Array;
  /** 0 while the store is one table, `SEGMENTS - 1` after the split. */
  #segmentMask = 0;
  #bytes = 0;
  #largest = 0;
  #size = 0;
  /** The key (0, 0) marks empty slots; when it is a real key its id is kept here (-1: absent). */
  #zeroId = -1;

  constructor(
    initialCapacity = 1 << 16,
    readonly withIds = false,
    readonly budget?: MemoryBudget,
  ) {
    let cap = 1 << 4;
    while (cap < initialCapacity && cap < SPLIT_AT) cap <<= 1;
    this.#stride = withIds ? 3 : 2;
    this.#segments = [this.#allocate(cap)];
    this.#caps = Int32Array.of(cap);
    this.#counts = Int32Array.of(0);
    this.#limits = Int32Array.of(limitOf(cap));
    this.#bytes = cap * this.#stride * 4;
    this.#largest = this.#bytes;
  }

  /** Number of distinct keys. */
  get size(): number {
    return this.#size;
  }

  /** Bytes held by the table. */
  get bytes(): number {
    return this.#bytes;
  }

  /** Bytes of the largest segment: the most a growth step holds beside the table (the whole table before the split). */
  get largestSegmentBytes(): number {
    return this.#largest;
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
      this.#counts[0]!++; // counted as if in the table, as before segments (it fills no slot)
      return this.#zeroId;
    }
    const s = (slotOf(hi, lo) >>> (32 - SEGMENT_BITS)) & this.#segmentMask;
    const t = this.#segments[s]!;
    const stride = this.#stride;
    const cap = this.#caps[s]!;
    let i = offsetIn(hi, lo, cap);
    for (;;) {
      const at = i * stride;
      const h = t[at]!;
      const l = t[at + 1]!;
      if (h === 0 && l === 0) {
        const id = this.#size++;
        t[at] = hi;
        t[at + 1] = lo;
        if (stride === 3) t[at + 2] = id;
        if (++this.#counts[s]! > this.#limits[s]!) this.#grow(s);
        return id;
      }
      if (h === hi && l === lo) return stride === 3 ? -1 - t[at + 2]! : -1;
      if (++i === cap) i = 0;
    }
  }

  /** Whether a key is present. */
  has(hi: number, lo: number): boolean {
    hi >>>= 0;
    lo >>>= 0;
    if (hi === 0 && lo === 0) return this.#zeroId >= 0;
    const s = (slotOf(hi, lo) >>> (32 - SEGMENT_BITS)) & this.#segmentMask;
    const t = this.#segments[s]!;
    const stride = this.#stride;
    const cap = this.#caps[s]!;
    let i = offsetIn(hi, lo, cap);
    for (;;) {
      const at = i * stride;
      if (t[at] === 0 && t[at + 1] === 0) return false;
      if (t[at] === hi && t[at + 1] === lo) return true;
      if (++i === cap) i = 0;
    }
  }

  /** Writes the table to a checkpoint: its scalars, then each segment's slots as they are. */
  save(w: SnapshotWriter): void {
    w.json({ withIds: this.withIds, segmentMask: this.#segmentMask, size: this.#size, zeroId: this.#zeroId, largest: this.#largest, segments: this.#segments.length });
    w.array(this.#caps);
    w.array(this.#counts);
    w.array(this.#limits);
    for (const t of this.#segments) w.array(t);
  }

  /** The table `save` wrote, charged to `budget`: the same keys, ids and slots (no rehash). */
  static restore(r: SnapshotReader, budget?: MemoryBudget): StateStore {
    const h = r.json<{ withIds: boolean; segmentMask: number; size: number; zeroId: number; largest: number; segments: number }>();
    const store = new StateStore(16, h.withIds, budget);
    budget?.release(store.#bytes); // the constructor's small table, replaced below
    store.#caps = r.array((n) => new Int32Array(n));
    store.#counts = r.array((n) => new Int32Array(n));
    store.#limits = r.array((n) => new Int32Array(n));
    store.#segments = [];
    store.#bytes = 0;
    for (let s = 0; s < h.segments; s++) {
      const t = r.array((n) => new Uint32Array(n), budget);
      store.#segments.push(t);
      store.#bytes += t.byteLength;
    }
    store.#segmentMask = h.segmentMask;
    store.#size = h.size;
    store.#zeroId = h.zeroId;
    store.#largest = h.largest;
    return store;
  }

  /** Calls `f` with every key, in no particular order (the disk tier sorts them: checker/disk/DiskVisitedSet.ts). */
  forEachKey(f: (hi: number, lo: number) => void): void {
    if (this.#zeroId >= 0) f(0, 0);
    const stride = this.#stride;
    for (const t of this.#segments) {
      for (let j = 0; j < t.length; j += stride) if (t[j] !== 0 || t[j + 1] !== 0) f(t[j]!, t[j + 1]!);
    }
  }

  #allocate(cap: number): Uint32Array {
    const n = cap * this.#stride;
    return allocate(this.budget, n * 4, () => new Uint32Array(n));
  }

  /** Segment `s` is over 3/4 full: doubles the single table, splits it, or grows the segment. */
  #grow(s: number): void {
    const old = this.#segments[s]!;
    const cap = this.#caps[s]!;
    if (this.#segmentMask === 0 && cap >= SPLIT_AT) {
      this.#split();
      return;
    }
    const grown = this.#segmentMask === 0 ? cap * 2 : Math.ceil(cap * GROWTH);
    // the old segment is alive while the new one fills: both are charged until then
    const t = this.#allocate(grown);
    this.#segments[s] = t;
    this.#caps[s] = grown;
    this.#limits[s] = limitOf(grown);
    moveInto(old, t, grown, this.#stride); // at most 3/4 / GROWTH full after: it cannot grow here
    this.#bytes += t.byteLength - old.byteLength;
    this.#largest = this.#segmentMask === 0 ? t.byteLength : Math.max(this.#largest, t.byteLength);
    this.budget?.release(old.byteLength);
  }

  /**
   * Replaces the single table by `SEGMENTS` segments holding twice its slots (a doubling, as before
   * the split, so that no segment starts near full). On OutOfMemory the single table stays.
   */
  #split(): void {
    const old = this.#segments[0]!;
    const oldCap = this.#caps[0]!;
    const cap = Math.ceil((oldCap * 2) / SEGMENTS);
    const segments: Uint32Array[] = [];
    try {
      for (let s = 0; s < SEGMENTS; s++) segments.push(this.#allocate(cap));
    } catch (e) {
      for (const t of segments) this.budget?.release(t.byteLength);
      throw e;
    }
    this.#segments = segments;
    this.#caps = new Int32Array(SEGMENTS).fill(cap);
    this.#counts = new Int32Array(SEGMENTS);
    this.#limits = new Int32Array(SEGMENTS).fill(limitOf(cap));
    this.#segmentMask = SEGMENTS - 1;
    try {
      this.#rehash(old); // a segment grows here only if the keys' hashes are far from uniform
    } catch (e) {
      // that growth did not fit: back to the single table, which is intact
      for (const t of this.#segments) this.budget?.release(t.byteLength);
      this.#segments = [old];
      this.#caps = Int32Array.of(oldCap);
      this.#counts = Int32Array.of(this.#size);
      this.#limits = Int32Array.of(limitOf(oldCap));
      this.#segmentMask = 0;
      throw e;
    }
    this.#bytes = 0;
    this.#largest = 0;
    for (const t of this.#segments) {
      this.#bytes += t.byteLength;
      this.#largest = Math.max(this.#largest, t.byteLength);
    }
    this.budget?.release(old.byteLength);
  }

  /** Puts every key of the single table into its segment, counting it there. */
  #rehash(old: Uint32Array): void {
    const stride = this.#stride;
    const mask = this.#segmentMask;
    const counts = this.#counts;
    for (let j = 0; j < old.length; j += stride) {
      const hi = old[j]!;
      const lo = old[j + 1]!;
      if (hi === 0 && lo === 0) continue;
      const s = (slotOf(hi, lo) >>> (32 - SEGMENT_BITS)) & mask;
      const t = this.#segments[s]!;
      const cap = this.#caps[s]!;
      let i = offsetIn(hi, lo, cap);
      while (t[i * stride] !== 0 || t[i * stride + 1] !== 0) if (++i === cap) i = 0;
      t[i * stride] = hi;
      t[i * stride + 1] = lo;
      if (stride === 3) t[i * stride + 2] = old[j + 2]!;
      if (++counts[s]! > this.#limits[s]!) this.#grow(s);
    }
  }
}

/** Puts every key of `old` into the empty table `t` of `cap` slots. */
function moveInto(old: Uint32Array, t: Uint32Array, cap: number, stride: number): void {
  for (let j = 0; j < old.length; j += stride) {
    const hi = old[j]!;
    const lo = old[j + 1]!;
    if (hi === 0 && lo === 0) continue;
    let i = offsetIn(hi, lo, cap);
    while (t[i * stride] !== 0 || t[i * stride + 1] !== 0) if (++i === cap) i = 0;
    t[i * stride] = hi;
    t[i * stride + 1] = lo;
    if (stride === 3) t[i * stride + 2] = old[j + 2]!;
  }
}

/** The count past which a table of `cap` slots grows: 3/4 full. */
const limitOf = (cap: number) => Math.floor((cap * 3) / 4);

/** The key's segment (top bits): a cheap mix (keys may be raw packed states, not random fingerprints). */
export function slotOf(hi: number, lo: number): number {
  let h = Math.imul(lo ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(hi + 0x7f4a7c15, 0xc2b2ae35);
  h ^= h >>> 15;
  h = Math.imul(h, 0x27d4eb2d);
  return (h ^ (h >>> 13)) >>> 0;
}

/**
 * The key's first slot in a segment of `cap` slots: a second mix, independent of `slotOf`, taken as
 * a fraction of 2^31 and scaled to `cap` (31 bits and `| 0` keep it a small integer for V8).
 */
export function offsetIn(hi: number, lo: number, cap: number): number {
  let h = Math.imul(hi ^ 0x2545f491, 0x9e3779b1) ^ Math.imul(lo + 0x6a09e667, 0x7feb352d);
  h ^= h >>> 16;
  h = Math.imul(h, 0x846ca68b);
  return (((h ^ (h >>> 15)) >>> 1) * cap * TWO_TO_MINUS_31) | 0;
}

const TWO_TO_MINUS_31 = 2 ** -31;
