// The visited set and BFS queue of the hand-written twins: states bit-packed into W words by field
// (WORD, SHIFT, MASK per field), stored in order (state i is the i-th inserted, so the store is also the
// queue), with an open-addressing hash table of state indices over an Int32Array. Plain JavaScript, no DSL.
'use strict';

function packedStates(W, WORD, SHIFT, MASK, initial) {
  const LEN = WORD.length;
  let cap = initial, store = initial;
  let S = new Uint32Array(store * W);
  let table = new Int32Array(cap).fill(-1), mask = cap - 1;
  let count = 0;
  const key = new Uint32Array(W);
  function hash(k, off) {
    let h = 0x9e3779b9;
    for (let w = 0; w < W; w++) { h = Math.imul(h ^ k[off + w], 0x85ebca6b); h ^= h >>> 13; }
    h = Math.imul(h, 0xc2b2ae35);
    return (h ^ (h >>> 16)) >>> 0;
  }
  function grow() {
    cap *= 2; mask = cap - 1; table = new Int32Array(cap).fill(-1);
    for (let idx = 0; idx < count; idx++) { let h = hash(S, idx * W) & mask; while (table[h] !== -1) h = (h + 1) & mask; table[h] = idx; }
  }
  return {
    /** Packs fields `s` into the key that `insert` takes. */
    pack(s) {
      key.fill(0);
      for (let f = 0; f < LEN; f++) key[WORD[f]] |= s[f] << SHIFT[f];
    },
    /** Unpacks state `idx` into fields `s`. */
    unpack(idx, s) {
      const base = idx * W;
      for (let f = 0; f < LEN; f++) s[f] = (S[base + WORD[f]] >>> SHIFT[f]) & MASK[f];
    },
    /** Inserts the packed key: true if it is new. */
    insert() {
      let h = hash(key, 0) & mask;
      for (;;) {
        const e = table[h];
        if (e === -1) break;
        let same = true;
        for (let w = 0; w < W; w++) if (S[e * W + w] !== key[w]) { same = false; break; }
        if (same) return false;
        h = (h + 1) & mask;
      }
      if (count === store) { store *= 2; const a = new Uint32Array(store * W); a.set(S); S = a; }
      S.set(key, count * W); table[h] = count; count++;
      if (count * 2 > cap) grow();
      return true;
    },
    /** How many states are stored. */
    get count() {
      return count;
    },
  };
}

module.exports = { packedStates };
