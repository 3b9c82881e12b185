// A Bloom filter of the disk file's keys (SortedKeyFile), so that a key the file does not hold is mostly
// answered without reading a page: `maybe` false means the key is certainly not in the file; true means it
// may be (a false positive costs one page read, as without the filter). Built at each merge from the keys
// written and on a checkpoint's restore from the keys written back; never saved.
//
// BITS_PER_KEY bits per key and HASHES bit positions per key (double hashing of two 32-bit mixes of the
// 64-bit key): a false-positive rate of (1 - e^(-k/b))^k = 2.2% at b = 8, k = 5, for 1 byte of memory per
// key on disk (10 bits and k = 7 would give 0.8% for 1.25 B).

/** Bits of the filter per key it is sized for. */
export const BITS_PER_KEY = 8;
/** Bits set and tested per key. */
export const HASHES = 5;

/** Bytes of a filter sized for `keys` keys (a whole number of 32-bit words). */
export function filterBytes(keys: number): number {
  return keys <= 0 ? 0 : Math.ceil((keys * BITS_PER_KEY) / 32) * 4;
}

const fmix = (h: number): number => {
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
};

/** The two hashes of a key, for double hashing (the second odd, so the k positions differ). */
const first = (hi: number, lo: number): number => fmix(lo ^ fmix(hi));
const second = (hi: number, lo: number): number => fmix(hi ^ fmix(lo ^ 0x9e3779b9)) | 1;

/** The i-th of a key's bit positions among m bits: h1 + i h2, mapped onto 0..m-1 by multiplication. */
const position = (h1: number, h2: number, i: number, m: number): number => Math.floor((((h1 + Math.imul(i, h2)) >>> 0) * m) / 4294967296);

/** A Bloom filter of 64-bit keys given as (hi, lo) unsigned 32-bit words, over `words` (all zero to start). */
export class KeyFilter {
  readonly #words: Uint32Array;
  readonly #bits: number;

  constructor(words: Uint32Array) {
    this.#words = words;
    this.#bits = words.length * 32;
  }

  /** Bytes of the bit array. */
  get bytes(): number {
    return this.#words.byteLength;
  }

  add(hi: number, lo: number): void {
    const h1 = first(hi, lo);
    const h2 = second(hi, lo);
    for (let i = 0; i < HASHES; i++) {
      const p = position(h1, h2, i, this.#bits);
      this.#words[p >>> 5]! |= 1 << (p & 31);
    }
  }

  /** False when the key was certainly never added. */
  maybe(hi: number, lo: number): boolean {
    const h1 = first(hi, lo);
    const h2 = second(hi, lo);
    for (let i = 0; i < HASHES; i++) {
      const p = position(h1, h2, i, this.#bits);
      if ((this.#words[p >>> 5]! & (1 << (p & 31))) === 0) return false;
    }
    return true;
  }
}
