// Bit-packing of slot buffers into 32-bit words, and the 64-bit fingerprint of a packed state.
// pack/unpack are generated per layout (straight-line code, shifts and masks as constants):
// they run for every successor, so they must not loop over a description of the layout.

/** Packs slots into words; unpacks words into slots; both generated for one layout. */
export interface Packing {
  /** 32-bit words per packed state. */
  readonly words: number;
  /** Bits actually used per state. */
  readonly bits: number;
  /** Writes the packed form of `slots` into `out[at .. at + words)`. */
  readonly pack: (slots: Int32Array, out: Uint32Array, at: number) => void;
  /** Reads `src[at .. at + words)` into `slots`. */
  readonly unpack: (src: Uint32Array, at: number, slots: Int32Array) => void;
}

/** Bits needed to store values 0..card-1. */
export function bitsFor(card: number): number {
  let b = 0;
  while (2 ** b < card) b++;
  return b;
}

/** Generates the packing of slots with the given cardinalities; a slot never straddles two words. */
export function packingFor(cards: readonly number[]): Packing {
  const place: { word: number; shift: number; width: number }[] = [];
  let word = 0;
  let used = 0;
  let bits = 0;
  for (const card of cards) {
    const width = bitsFor(card);
    if (width > 31) throw new Error('internal: a slot wider than 31 bits');
    if (used + width > 32) {
      word++;
      used = 0;
    }
    place.push({ word, shift: used, width });
    used += width;
    bits += width;
  }
  const words = Math.max(1, used === 0 && word > 0 ? word : word + 1);
  const packLines: string[] = [];
  const unpackLines: string[] = [];
  for (let w = 0; w < words; w++) {
    const parts = place.map((p, i) => ({ ...p, i })).filter((p) => p.word === w && p.width > 0);
    packLines.push(`out[at + ${w}] = ${parts.length ? parts.map((p) => (p.shift ? `(s[${p.i}] << ${p.shift})` : `s[${p.i}]`)).join(' | ') : '0'};`);
    if (parts.length) unpackLines.push(`w = src[at + ${w}];`);
    for (const p of parts) {
      const mask = p.width === 32 ? 0xffffffff : 2 ** p.width - 1;
      unpackLines.push(`s[${p.i}] = ${p.shift ? `(w >>> ${p.shift})` : 'w'} & ${mask};`);
    }
  }
  // slots of cardinality 1 hold 0 always
  place.forEach((p, i) => {
    if (p.width === 0) unpackLines.push(`s[${i}] = 0;`);
  });
  const pack = new Function('s', 'out', 'at', packLines.join('\n')) as Packing['pack'];
  const unpack = new Function('src', 'at', 's', `let w = 0;\n${unpackLines.join('\n')}`) as Packing['unpack'];
  return { words, bits, pack, unpack };
}

/**
 * Two independent 32-bit hashes of `words[at .. at + n)` (murmur3's mixing with two seeds), written to
 * `out[0]` and `out[1]`: together the 64-bit fingerprint. Never (0, 0): that marks an empty table slot.
 */
export function fingerprint(words: Uint32Array, at: number, n: number, out: Uint32Array): void {
  let h1 = 0x9747b28c;
  let h2 = 0x2545f491;
  for (let i = 0; i < n; i++) {
    let k = words[at + i]!;
    k = Math.imul(k, 0xcc9e2d51);
    k = (k << 15) | (k >>> 17);
    k = Math.imul(k, 0x1b873593);
    h1 ^= k;
    h1 = (h1 << 13) | (h1 >>> 19);
    h1 = (Math.imul(h1, 5) + 0xe6546b64) | 0;
    let j = words[at + i]!;
    j = Math.imul(j, 0x85ebca6b);
    j = (j << 16) | (j >>> 16);
    j = Math.imul(j, 0xc2b2ae35);
    h2 ^= j;
    h2 = (h2 << 11) | (h2 >>> 21);
    h2 = (Math.imul(h2, 9) + 0x7f4a7c15) | 0;
  }
  h1 ^= n;
  h1 ^= h1 >>> 16;
  h1 = Math.imul(h1, 0x85ebca6b);
  h1 ^= h1 >>> 13;
  h1 = Math.imul(h1, 0xc2b2ae35);
  h1 ^= h1 >>> 16;
  h2 ^= n ^ h1;
  h2 ^= h2 >>> 15;
  h2 = Math.imul(h2, 0x2c1b3c6d);
  h2 ^= h2 >>> 12;
  h2 = Math.imul(h2, 0x297a2d39);
  h2 ^= h2 >>> 15;
  out[0] = h1;
  out[1] = h2 === 0 && h1 === 0 ? 1 : h2;
}

/** A copy of one slot buffer into another: straight-line for small states (TypedArray.set costs ~40 ns). */
export function slotCopier(slotCount: number): (src: Int32Array, dst: Int32Array) => void {
  if (slotCount > 96) return (src, dst) => dst.set(src);
  const lines = Array.from({ length: slotCount }, (_, i) => `d[${i}] = s[${i}];`);
  return new Function('s', 'd', lines.join('\n')) as (src: Int32Array, dst: Int32Array) => void;
}

/** Equality of slot buffers. */
export function sameSlots(a: Int32Array, b: Int32Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * The key of a state in the visited set, in buffers reused for every state: `packed`, its packed words (of its
 * canonical form when `canon` is given), and `fp`, its 64 bits (the packed state itself when it fits in two
 * words, else its fingerprint). `key(state)` fills both and returns the state keyed (the canonical form).
 */
export function stateKeyer(packing: Packing, slotCount: number, canon: ((src: Int32Array, dst: Int32Array) => void) | undefined) {
  const { words, pack } = packing;
  const exact = words <= 2;
  const canonBuf = new Int32Array(slotCount);
  const packed = new Uint32Array(words);
  const fp = new Uint32Array(2);
  const key = (state: Int32Array): Int32Array => {
    let src = state;
    if (canon) {
      canon(src, canonBuf);
      src = canonBuf;
    }
    pack(src, packed, 0);
    if (exact) {
      fp[0] = packed[0]!;
      fp[1] = words === 2 ? packed[1]! : 0;
    } else {
      fingerprint(packed, 0, words, fp);
    }
    return src;
  };
  return { key, packed, fp, exact };
}
