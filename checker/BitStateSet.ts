// Bitstate hashing (SPIN's -DBITSTATE, Holzmann's supertrace): the visited set as an array of m bits,
// a state marked by k bits chosen by k hash functions of its 64-bit key (the packed state itself when
// it fits in 64 bits, else its fingerprint, as for StateStore). A state whose k bits are all set
// already counts as seen, so a new state can be taken for an old one and skipped with everything
// reachable only through it: the search may miss states, never invents them. A violation it finds is
// real (its trace is rebuilt by re-running actions, trace.ts); a search without one proves nothing.
//
// The k positions come from two 64-bit hashes of the key and the seed (four murmur3_32 with different seeds) by double hashing
// (Kirsch and Mitzenmacher): position i is (a + i*b) mod 2^64 scaled to m. A different seed gives
// different hash functions (swarm members use that to miss different states).
//
// Coverage, reported as SPIN reports it: the hash factor m/n (bits per stored state; SPIN's rule of
// thumb: above 100 the search is very likely complete, below 10 it misses many states), and the
// expected number of omissions: when a new state is stored while a fraction f of the bits is set, a new
// state met at that time was taken for an old one with probability p = f^k; summed over stored states
// as p/(1-p), the expected number of new states lost per state stored. It counts states lost directly,
// not the states reachable only through them, so it is a lower bound on what was missed.
import { allocate, type MemoryBudget } from './memory.ts';
import type { SnapshotReader, SnapshotWriter } from './checkpoint/snapshot.ts';

/** Size and hash functions of a bit array. */
export interface BitstateOptions {
  /** Bits in the array (m). At least 64, at most 2^35 (4 GiB). */
  readonly bits: number;
  /** Hash functions, bits set per state (k, SPIN's -k; default 3). */
  readonly hashes?: number;
  /** Chooses the hash functions (default 0). */
  readonly seed?: number;
}

/** What the array says about the coverage of the search that filled it. */
export interface BitstateFigures {
  readonly bits: number;
  readonly hashes: number;
  readonly seed: number;
  /** Bits set. */
  readonly bitsSet: number;
  /** Bits per stored state, m/n (SPIN's hash factor). */
  readonly hashFactor: number;
  /** Expected new states taken for old ones (a lower bound on the states missed). */
  readonly expectedOmissions: number;
  /** Probability that a new state met at the end would have been taken for an old one: (bitsSet/m)^k. */
  readonly finalFalsePositive: number;
}

export const DEFAULT_BITSTATE_BITS = 2 ** 30;
export const DEFAULT_HASHES = 3;
export const MAX_BITSTATE_BITS = 2 ** 35;

/** The visited set of a bitstate search: `insert` as StateStore's without ids. */
export class BitStateSet {
  readonly #words: Uint32Array;
  readonly #m: number;
  readonly #k: number;
  readonly #seed: number;
  /** m / 2^32 and m / 2^64: scale a 64-bit position to [0, m). */
  readonly #scaleHi: number;
  readonly #scaleLo: number;
  #size = 0;
  #set = 0;
  #omissions = 0;

  constructor(options: BitstateOptions, readonly budget?: MemoryBudget) {
    const m = Math.floor(options.bits);
    if (!(m >= 64 && m <= MAX_BITSTATE_BITS)) throw new RangeError(`bitstate array of ${options.bits} bits: give 64 to 2^35 bits`);
    const k = options.hashes ?? DEFAULT_HASHES;
    if (!(Number.isInteger(k) && k >= 1 && k <= 32)) throw new RangeError(`bitstate hashes ${k}: give 1 to 32`);
    this.#m = m;
    this.#k = k;
    this.#seed = options.seed ?? 0;
    this.#scaleHi = m / 2 ** 32;
    this.#scaleLo = m / 2 ** 64;
    const n = Math.ceil(m / 32);
    this.#words = allocate(budget, n * 4, () => new Uint32Array(n));
  }

  /** Stored (new) states. */
  get size(): number {
    return this.#size;
  }

  /** Bytes of the array. */
  get bytes(): number {
    return this.#words.byteLength;
  }

  /**
   * Sets the key's k bits: the next id when one of them was clear (a new state), else -1 (seen, or
   * taken for seen).
   */
  insert(hi: number, lo: number): number {
    const seed = this.#seed;
    // two independent mixes of (key, seed), each 64 bits as two words: a (start) and b (step)
    const a1 = mix(hi, lo, seed ^ 0x9e3779b9);
    const a2 = mix(hi, lo, seed ^ 0x85ebca6b);
    const b1 = mix(hi, lo, seed ^ 0xc2b2ae35);
    const b2 = (mix(hi, lo, seed ^ 0x165667b1) | 1) >>> 0;
    const w = this.#words;
    let fresh = false;
    let x = a1;
    let y = a2;
    for (let i = 0; i < this.#k; i++) {
      let pos = Math.floor(x * this.#scaleHi + y * this.#scaleLo);
      if (pos >= this.#m) pos = this.#m - 1; // rounding
      const at = Math.floor(pos / 32);
      const bit = 1 << (pos & 31);
      if ((w[at]! & bit) === 0) {
        w[at] = w[at]! | bit;
        this.#set++;
        fresh = true;
      }
      // (x, y) += (b1, b2) as one 64-bit number
      const ny = (y + b2) >>> 0;
      x = (x + b1 + (ny < y ? 1 : 0)) >>> 0;
      y = ny;
    }
    if (!fresh) return -1;
    // before this state's bits: the chance a new state met now is lost
    let p = 1;
    const f = this.#set / this.#m;
    for (let i = 0; i < this.#k; i++) p *= f;
    if (p < 1) this.#omissions += p / (1 - p);
    return this.#size++;
  }

  /** Writes the array and its counters to a checkpoint. */
  save(w: SnapshotWriter): void {
    w.json({ bits: this.#m, hashes: this.#k, seed: this.#seed, size: this.#size, set: this.#set, omissions: this.#omissions });
    w.array(this.#words);
  }

  /** The array `save` wrote, charged to `budget`. */
  static restore(r: SnapshotReader, budget?: MemoryBudget): BitStateSet {
    const h = r.json<{ bits: number; hashes: number; seed: number; size: number; set: number; omissions: number }>();
    const b = new BitStateSet({ bits: h.bits, hashes: h.hashes, seed: h.seed }, budget);
    r.arrayInto(b.#words);
    b.#size = h.size;
    b.#set = h.set;
    b.#omissions = h.omissions;
    return b;
  }

  figures(): BitstateFigures {
    let p = 1;
    for (let i = 0; i < this.#k; i++) p *= this.#set / this.#m;
    return {
      bits: this.#m,
      hashes: this.#k,
      seed: this.#seed,
      bitsSet: this.#set,
      hashFactor: this.#size > 0 ? this.#m / this.#size : Infinity,
      expectedOmissions: this.#omissions,
      finalFalsePositive: p,
    };
  }
}

/**
 * murmur3_32 of the two words (hi, lo) with `seed`, unsigned. Each word is mixed on its own (multiply, rotate,
 * multiply) before it is combined: a multiplication alone carries a change only toward the high bits, and two
 * keys differing in their high bits would then collide in whole (bench/models/filter.ts N=5 has such pairs).
 */
function mix(hi: number, lo: number, seed: number): number {
  let h = seed;
  let k = Math.imul(hi, 0xcc9e2d51);
  k = (k << 15) | (k >>> 17);
  h ^= Math.imul(k, 0x1b873593);
  h = (h << 13) | (h >>> 19);
  h = (Math.imul(h, 5) + 0xe6546b64) | 0;
  k = Math.imul(lo, 0xcc9e2d51);
  k = (k << 15) | (k >>> 17);
  h ^= Math.imul(k, 0x1b873593);
  h = (h << 13) | (h >>> 19);
  h = (Math.imul(h, 5) + 0xe6546b64) | 0;
  h ^= 8;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/**
 * Parses `--bitstate`'s size: empty for the default (2^30 bits, 128 MiB); a bare integer N up to 40 is
 * 2^N bits (SPIN's -wN); a larger bare integer is bits; with a unit it is bytes: `512MB`, `64MiB`, `1GB`,
 * `2GiB`, `100KB` (KB/MB/GB powers of 1000, KiB/MiB/GiB of 1024). Returns bits, or null when unreadable.
 */
export function parseBitstateSize(raw: string): number | null {
  const s = raw.trim();
  if (s === '') return DEFAULT_BITSTATE_BITS;
  const bare = /^\d+$/.exec(s);
  if (bare) {
    const v = Number(s);
    return v <= 40 ? 2 ** v : v;
  }
  const m = /^(\d+(?:\.\d+)?)\s*(B|KB|MB|GB|KiB|MiB|GiB)$/i.exec(s);
  if (!m) return null;
  const unit = m[2]!.toLowerCase();
  const scale: Record<string, number> = { b: 1, kb: 1e3, mb: 1e6, gb: 1e9, kib: 2 ** 10, mib: 2 ** 20, gib: 2 ** 30 };
  return Math.floor(Number(m[1]) * scale[unit]!) * 8;
}
