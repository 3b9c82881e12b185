// The visited set against a JS Map on millions of keys, across the single table's doublings, the split
// into segments and thousands of segment growths; and the memory a growth step holds beside the table.
import { describe, expect, it } from 'vitest';
import { MemoryBudget, OutOfMemory } from '../../checker/memory.ts';
import { StateStore } from '../../checker/StateStore.ts';
import { random32 } from '../random32.ts';

/** A budget that remembers the most it held at once since `resetPeak`. */
class PeakBudget extends MemoryBudget {
  peak = 0;
  override reserve(bytes: number): void {
    super.reserve(bytes);
    this.peak = Math.max(this.peak, this.used);
  }
  resetPeak(): void {
    this.peak = this.used;
  }
}

/**
 * Inserts `n` keys drawn by `key` (hi below 2^21, so that hi * 2^32 + lo is an exact Map key) into a
 * store and a Map; every answer of the store must be the Map's.
 */
function againstMap(withIds: boolean, n: number, key: (k: number) => [number, number]) {
  const store = new StateStore(1 << 4, withIds);
  const ids = new Map<number, number>();
  for (let k = 0; k < n; k++) {
    const [hi, lo] = key(k);
    const known = ids.get(hi * 2 ** 32 + lo);
    const got = store.insert(hi, lo);
    if (known === undefined) {
      if (got !== ids.size) expect(got).toBe(ids.size); // expect() only on a mismatch: millions of calls
      ids.set(hi * 2 ** 32 + lo, got);
    } else if (got !== (withIds ? -1 - known : -1)) {
      expect(got).toBe(withIds ? -1 - known : -1);
    }
  }
  expect(store.size).toBe(ids.size);
  // every key is there with its id, and keys never inserted are not
  for (const [k, id] of ids) {
    const hi = Math.floor(k / 2 ** 32);
    const lo = k % 2 ** 32;
    if (!store.has(hi, lo)) expect(store.has(hi, lo)).toBe(true);
    if (withIds && store.insert(hi, lo) !== -1 - id) expect(store.insert(hi, lo)).toBe(-1 - id);
  }
  let absent = 0;
  for (let hi = 2 ** 21; hi < 2 ** 21 + 100_000; hi++) if (store.has(hi, hi)) absent++;
  expect(absent).toBe(0);
  return { store, distinct: ids.size };
}

describe('the visited set against a Map', () => {
  it('2M random keys, a third of them repeats, without ids: same new/seen answers, same count', () => {
    const r = random32(1);
    const pool: [number, number][] = [];
    const { distinct } = againstMap(false, 2_000_000, () => {
      if (pool.length > 0 && r() % 3 === 0) return pool[r() % pool.length]!;
      const k: [number, number] = [r() >>> 11, r()];
      pool.push(k);
      return k;
    });
    expect(distinct).toBeGreaterThan(1_300_000);
  }, 120_000);

  it('2M random keys with ids: a repeat answers -1 - its id, ids dense in insertion order', () => {
    const r = random32(2);
    const { store, distinct } = againstMap(true, 2_000_000, () => [r() % 2000, r() % 3000]);
    expect(distinct).toBeGreaterThan(1_500_000);
    expect(store.size).toBe(distinct);
  }, 120_000);

  it('2M packed states as their own keys (small, sequential integers, zero among them)', () => {
    const { distinct } = againstMap(true, 2_000_000, (k) => [k >>> 19, (k * 40_503) & 0x7ffff]);
    expect(distinct).toBe(2_000_000);
    const { distinct: counter } = againstMap(false, 1_500_000, (k) => [0, k % 1_000_000]);
    expect(counter).toBe(1_000_000);
  }, 120_000);
});

describe('growth', () => {
  it('holds at most the table plus one segment while it grows (the whole table only before the split)', () => {
    for (const withIds of [false, true]) {
      const budget = new PeakBudget(2 ** 40);
      const store = new StateStore(1 << 4, withIds, budget);
      const r = random32(3);
      let growths = 0;
      for (let k = 0; k < 1_500_000; k++) {
        const before = store.bytes;
        const largest = store.largestSegmentBytes;
        budget.resetPeak();
        store.insert(r(), r());
        if (store.bytes === before) continue;
        growths++;
        expect(budget.used).toBe(store.bytes);
        expect(budget.peak).toBeLessThanOrEqual(store.bytes + largest);
      }
      // past the split, one growth step holds beside the table a segment of about 1/1024 of it
      expect(store.largestSegmentBytes).toBeLessThan(store.bytes / 800);
      expect(growths).toBeGreaterThan(10_000);
      // and every key costs at most 8 / 0.6 bytes (12 with ids): the table grows by 1.25, not 2
      expect(store.bytes / store.size).toBeLessThan((withIds ? 12 : 8) / 0.6);
    }
  }, 120_000);

  it('a segment that cannot grow within the budget throws OutOfMemory and keeps every key it holds', () => {
    // a 1 MiB single table, split into 2 MiB of segments (3 MiB held while they fill), which then grow into the last MiB
    const budget = new MemoryBudget(3 * 2 ** 20);
    const store = new StateStore(1 << 4, false, budget);
    const r = random32(4);
    const keys: number[] = [];
    expect(() => {
      for (;;) {
        const hi = r() >>> 11;
        const lo = r();
        store.insert(hi, lo);
        keys.push(hi, lo);
      }
    }).toThrow(OutOfMemory);
    // the table fills the budget but for less than one growth step of a segment
    expect(budget.used).toBe(store.bytes);
    expect(3 * 2 ** 20 - store.bytes).toBeLessThan(1.25 * store.largestSegmentBytes + 8);
    expect(store.size).toBeGreaterThan(196_608); // 3/4 of the 2^18 slots of the split
    for (let k = 0; k < keys.length; k += 2) if (!store.has(keys[k]!, keys[k + 1]!)) expect(k).toBe(-1);
  });

  it('a split that does not fit leaves the single table as it was', () => {
    const budget = new MemoryBudget(2.5 * 2 ** 20);
    const store = new StateStore(1 << 4, true, budget); // 12 bytes per slot: 1.5 MiB at 2^17 slots
    let inserted = 0;
    expect(() => {
      for (let k = 1; ; k++) {
        store.insert(0, k);
        inserted = k;
      }
    }).toThrow(OutOfMemory);
    expect(inserted).toBe(98_304); // the next key takes 2^17 slots past 3/4 full: the split needs 3 MiB more
    expect(budget.used).toBe(1.5 * 2 ** 20);
    for (let k = 1; k <= inserted + 1; k++) if (store.insert(0, k) !== -k) expect(store.insert(0, k)).toBe(-k);
  });
});
