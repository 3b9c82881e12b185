// The save/restore interface of the search's structures (checker/checkpoint/snapshot.ts): each is written to a
// checkpoint file and read back as the same structure, which then behaves as the original would have.
import { describe, expect, it } from 'vitest';
import { BitStateSet } from '../../checker/BitStateSet.ts';
import { ChunkedArray, WordQueue } from '../../checker/ChunkedArray.ts';
import { MemoryBudget } from '../../checker/memory.ts';
import { StateStore } from '../../checker/StateStore.ts';
import { keys, roundTrip } from './checkpointHelpers.ts';

describe('StateStore save/restore', () => {
  for (const [n, withIds] of [[1000, true], [300_000, false], [300_000, true]] as const) {
    it(`${n} keys${withIds ? ' with ids' : ''} (${n > 1 << 17 ? 'after' : 'before'} the split): the same ids, bytes and budget; new keys go on from there`, () => {
      const budget = new MemoryBudget(2 ** 30);
      const a = new StateStore(1 << 16, withIds, budget);
      const ks = keys(n);
      for (const [hi, lo] of ks.slice(0, n - 10)) a.insert(hi, lo);
      const restoredBudget = new MemoryBudget(2 ** 30);
      const b = roundTrip((w) => a.save(w), (r) => StateStore.restore(r, restoredBudget));
      expect([b.size, b.bytes, b.largestSegmentBytes, restoredBudget.used]).toEqual([a.size, a.bytes, a.largestSegmentBytes, budget.used]);
      const differ = ks.filter(([hi, lo]) => b.insert(hi, lo) !== a.insert(hi, lo));
      expect(differ).toEqual([]);
      expect(b.size).toBe(n);
      expect(b.bytes).toBe(a.bytes);
    });
  }
});

describe('WordQueue save/restore', () => {
  for (const [pushed, shifted] of [[0, 0], [10, 10], [100_000, 30_001], [70_000, 16_384]] as const) {
    it(`3-word records, ${pushed} pushed and ${shifted} shifted: the same records in order, the same peak`, () => {
      const q = new WordQueue(3);
      const rec = new Uint32Array(3);
      for (let i = 0; i < pushed; i++) q.push(rec.fill(i), 0);
      for (let i = 0; i < shifted; i++) q.shift(rec);
      const b = roundTrip((w) => q.save(w), (r) => WordQueue.restore(r));
      expect([b.length, b.peak, b.width]).toEqual([q.length, q.peak, 3]);
      b.push(rec.fill(pushed), 0);
      const seen: number[] = [];
      while (b.length > 0) (b.shift(rec), seen.push(rec[0]!, rec[2]!));
      expect(seen).toEqual(Array.from({ length: pushed - shifted + 1 }, (_, k) => [shifted + k, shifted + k]).flat());
    });
  }
});

describe('ChunkedArray save/restore', () => {
  it('Int32 and Uint16 arrays across chunk boundaries: every element, and appends after', () => {
    for (const n of [0, 1, 65_536, 200_001]) {
      const a = new ChunkedArray((k) => new Int32Array(k));
      const u = new ChunkedArray((k) => new Uint16Array(k));
      for (let i = 0; i < n; i++) (a.push(-i), u.push(i & 0xffff));
      const [b, v] = roundTrip(
        (w) => (a.save(w), u.save(w)),
        (r) => [ChunkedArray.restore(r, (k) => new Int32Array(k)), ChunkedArray.restore(r, (k) => new Uint16Array(k))] as const,
      );
      b.push(7);
      expect([b.length, v.length, b.bytes]).toEqual([n + 1, n, a.length % 65_536 === 0 ? a.bytes + 65_536 * 4 : a.bytes]);
      for (let i = 0; i < n; i += 997) expect([b.get(i), v.get(i)]).toEqual([-i | 0, i & 0xffff]);
      expect(b.get(n)).toBe(7);
    }
  });
});

describe('BitStateSet save/restore', () => {
  it('the same bits and figures; inserts answer as the original', () => {
    const a = new BitStateSet({ bits: 4096, hashes: 3, seed: 5 });
    const ks = keys(2000);
    for (const [hi, lo] of ks.slice(0, 1000)) a.insert(hi, lo);
    const b = roundTrip((w) => a.save(w), (r) => BitStateSet.restore(r));
    expect(b.figures()).toEqual(a.figures());
    for (const [hi, lo] of ks) expect(b.insert(hi, lo)).toBe(a.insert(hi, lo));
    expect(b.figures()).toEqual(a.figures());
  });
});
