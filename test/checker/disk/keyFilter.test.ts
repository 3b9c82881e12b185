// The Bloom filter in front of the disk file of `--disk`'s visited set (checker/disk/KeyFilter.ts): it never
// says absent for a key on disk; with it, a lookup of a key not on disk mostly skips the page read, so the reads
// are the lookups of keys on disk plus the filter's false positives (2.2% expected at 8 bits/key, 5 hashes);
// a checkpoint's restore rebuilds the same filter (the same reads after it).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DiskSpace } from '../../../checker/disk/DiskSpace.ts';
import { filterBytes, KeyFilter } from '../../../checker/disk/KeyFilter.ts';
import { SortedKeyFile } from '../../../checker/disk/SortedKeyFile.ts';
import { MemoryBudget } from '../../../checker/memory.ts';
import { random32 } from '../../random32.ts';
import { roundTrip } from '../../scale/checkpointHelpers.ts';

const root = mkdtempSync(join(tmpdir(), 'interleave-filter-test-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** `n` distinct random keys, (0, 0), (0, 1), (1, 0) and (2^32-1, 2^32-1) among them, and `n` others, none of them. */
function keySets(n: number, seed: number): { on: [number, number][]; off: [number, number][] } {
  const next = random32(seed);
  const seen = new Set<string>();
  const on: [number, number][] = [];
  const off: [number, number][] = [];
  const add = (to: [number, number][], hi: number, lo: number) => {
    if (seen.has(`${hi}:${lo}`)) return;
    seen.add(`${hi}:${lo}`);
    to.push([hi, lo]);
  };
  for (const [hi, lo] of [[0, 0], [0, 1], [1, 0], [0xffffffff, 0xffffffff]] as const) add(on, hi, lo);
  // a quarter of the keys with a small high word, as packed states have
  while (on.length < n) add(on, next() % 4 === 0 ? next() & 0xff : next() >>> 0, next() >>> 0);
  while (off.length < n) add(off, next() % 4 === 0 ? next() & 0xff : next() >>> 0, next() >>> 0);
  return { on, off };
}

/** [lo, hi] pairs sorted as u64s. */
function sortedWords(keys: [number, number][]): Uint32Array {
  const sorted = [...keys].sort(([ah, al], [bh, bl]) => ah - bh || al - bl);
  const words = new Uint32Array(keys.length * 2);
  sorted.forEach(([hi, lo], i) => words.set([lo, hi], 2 * i));
  return words;
}

describe('KeyFilter', () => {
  it('50,000 random keys, (0, 0) among them: every one maybe present; of 50,000 others, 1,047 false positives (2.1%; 2.2% expected)', () => {
    const { on, off } = keySets(50_000, 7);
    const f = new KeyFilter(new Uint32Array(filterBytes(on.length) / 4));
    expect(f.bytes).toBe(50_000); // 8 bits per key
    expect(f.maybe(0, 0)).toBe(false);
    for (const [hi, lo] of on) f.add(hi, lo);
    for (const [hi, lo] of on) expect(f.maybe(hi, lo)).toBe(true);
    const falsePositives = off.filter(([hi, lo]) => f.maybe(hi, lo)).length;
    expect(falsePositives).toBe(1047);
  });
});

describe('SortedKeyFile with its filter', () => {
  it('20,000 keys on disk in 3 merges, pages of 32: every key found; of 20,000 new keys, 451 page reads instead of 20,000; a restored file reads the same', () => {
    const space = DiskSpace.open({ dir: root }, new MemoryBudget(2 ** 26));
    const file = new SortedKeyFile(space, 32);
    const { on, off } = keySets(20_000, 11);
    for (const part of [on.slice(0, 5000), on.slice(5000, 12_000), on.slice(12_000)]) file.merge(sortedWords(part), part.length);
    expect(file.filterBytes).toBe(0); // a merge drops it; the visited set rebuilds it after each merge
    file.rebuildFilter(0);
    expect([file.count, file.merges, file.filterBytes]).toEqual([20_000, 3, 20_000]);
    // keys on disk: one read each, except the first key of a page (found in the index)
    for (const [hi, lo] of on) expect(file.has(hi, lo)).toBe(true);
    expect(file.pageReads).toBe(20_000 - 20_000 / 32);
    // new keys: a read only for a false positive of the filter (expected 2.2% of 20,000: about 440)
    const before = file.pageReads;
    for (const [hi, lo] of off) expect(file.has(hi, lo)).toBe(false);
    const newReads = file.pageReads - before;
    expect(newReads).toBe(451);
    expect(newReads).toBeLessThanOrEqual(Math.ceil(20_000 * (1 - Math.exp(-5 / 8)) ** 5 * 1.25)); // 543: within 25% of the expected rate

    const back = roundTrip((w) => file.save(w), (r) => {
      const s = DiskSpace.open({ dir: root }, new MemoryBudget(2 ** 26));
      const f = new SortedKeyFile(s, 32);
      f.load(r);
      return f;
    });
    expect([back.count, back.merges, back.filterBytes]).toEqual([20_000, 3, 20_000]);
    for (const [hi, lo] of on) expect(back.has(hi, lo)).toBe(true);
    for (const [hi, lo] of off) expect(back.has(hi, lo)).toBe(false);
    expect(back.pageReads).toBe(20_000 - 20_000 / 32 + newReads);

    // without the filter, every new key inside the file's range is a read
    file.dropFilter();
    const without = file.pageReads;
    for (const [hi, lo] of off) expect(file.has(hi, lo)).toBe(false);
    expect(file.pageReads - without).toBe(20_000);
    space.close();
  });
});
