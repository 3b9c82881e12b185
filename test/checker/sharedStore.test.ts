// The visited set of a parallel search (checker/parallel/SharedStore.ts): a probe may answer "absent" for a key
// that is there (its owner then drops the candidate), never "present" for one that is not.
import { describe, expect, it } from 'vitest';
import { MemoryBudget } from '../../checker/memory.ts';
import { newSharedStore, SharedStore } from '../../checker/parallel/SharedStore.ts';

describe('SharedStore', () => {
  it('finds what was inserted, grows, and inserts each key once', () => {
    const store = new SharedStore(newSharedStore(new MemoryBudget(2 ** 30)));
    for (let i = 1; i <= 100_000; i++) expect(store.insert(i, i * 7)).toBe(true);
    expect(store.insert(5, 35)).toBe(false);
    expect([store.has(5, 35), store.has(100_000, 700_000), store.has(5, 36), store.has(100_001, 700_007)]).toEqual([true, true, false, false]);
    expect(store.takeGrown().length).toBeGreaterThan(0);
  });

  it('a key whose high word is 0 probes as absent (it could be another key half written), and is still inserted once', () => {
    const store = new SharedStore(newSharedStore(new MemoryBudget(2 ** 30)));
    expect(store.insert(0, 5)).toBe(true);
    expect(store.has(0, 5)).toBe(false);
    expect(store.insert(0, 5)).toBe(false);
    expect([store.insert(0, 0), store.has(0, 0), store.insert(0, 0)]).toEqual([true, true, false]);
  });
});
