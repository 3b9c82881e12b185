// The visited set of `--disk`: an in-memory table (StateStore, without ids) over a sorted file of keys
// (SortedKeyFile). A key is looked up in memory first; a miss there consults the file (one page read);
// a key in neither is new. When the budget's free bytes (beside the queue's share) would no longer hold
// the merge's sort buffer (8 B per key in the table) and the table's next growth step, or when the table
// holds `tableKeys` keys (tests), its keys are sorted and merged into the file, and the table starts
// again empty. So a search that fits in memory never merges, and one that does not uses the whole budget. Ids are not stored:
// a new key's id is the count so far, as with the memory store, so bfs.ts is unchanged; that is also
// why a search that needs ids (liveness: the state graph) keeps its visited set in memory.
//
// TLC's DiskFPSet (tlc2/tool/fp/DiskFPSet.java, MSBDiskFPSet.java), which this follows: fingerprints go
// into a bounded in-memory hash table; when it holds `maxTblCnt` of them, the table is sorted and
// merged with the sorted disk file into a new file (`.fp.tmp`, renamed over `.fp`), and an in-memory
// index keeps the first fingerprint of each 8 KiB page (1024 fingerprints) plus the file's last one. A
// lookup that misses in memory does an interpolated binary search in the index, then an interpolated
// search on that page through a buffered file (TLC measured 1.05 seeks and 1.1 reads per lookup).
// TLC gives up a fingerprint's top bit to mark an entry as flushed to disk; MSBDiskFPSet indexes its
// table by the fingerprint's top bits, so the table is nearly in order and a flush sorts small buckets.
// Here: a plain binary search of the index (the keys may be raw packed states, not uniform, so
// interpolation could go badly), a 4 KiB page read whole, and a key found on disk is left in the
// memory table (it is a seen key: the next lookup of it stays in memory; the merge keeps one copy).
// Not in TLC: a Bloom filter of the file's keys (KeyFilter, 1 B per key on disk) skips the page read of most
// new keys. It only borrows memory: built after each merge when there is room, dropped when the table needs the
// room, so the merges come exactly when they would without it.
//
// Per lookup or per level? Stern and Dill's disk algorithm for Murphi batches: the candidates of a
// BFS level are kept, and checked against the disk file in one sequential pass at the end of the
// level. That turns random page reads into one scan, but the ids, the parent log, the queue and the
// invariant checks of bfs.ts would all wait for the pass, and a level-sized candidate buffer is
// itself what does not fit in memory. Per lookup keeps bfs.ts as it is and costs one `pread` of a
// page cached by the OS (bench/disk.ts measures it); batching is the next step if the file outgrows
// the page cache.
import { allocate, OutOfMemory } from '../memory.ts';
import type { SnapshotReader, SnapshotWriter } from '../checkpoint/snapshot.ts';
import { StateStore } from '../StateStore.ts';
import type { DiskSpace } from './DiskSpace.ts';
import { MERGE_BLOCKS_BYTES, SortedKeyFile } from './SortedKeyFile.ts';

/** Below this many keys in the table, a budget too full to merge it is out of memory. */
const MIN_TABLE_KEYS = 4096;

/** Distinct 64-bit keys, numbered in insertion order, in memory and in a sorted file. */
export class DiskVisitedSet {
  #table: StateStore;
  readonly #file: SortedKeyFile;
  #count = 0;
  /** Bytes of an empty table, and of its largest segment (what a merge leaves). */
  readonly #freshBytes: number;
  readonly #freshLargest: number;

  constructor(
    private readonly space: DiskSpace,
    readonly tableKeys: number,
    pageKeys: number,
    adopted?: StateStore,
  ) {
    // an adopted table (`adopt`) is not doubled by a fresh one in the budget: the fresh one's size is measured outside it
    const fresh = new StateStore(1 << 16, false, adopted ? undefined : space.budget);
    this.#table = adopted ?? fresh;
    this.#freshBytes = fresh.bytes;
    this.#freshLargest = fresh.largestSegmentBytes;
    this.#file = new SortedKeyFile(space, pageKeys);
  }

  /** Writes the set to a checkpoint: the count, the memory table as it is, the file's keys (SortedKeyFile.save). */
  save(w: SnapshotWriter): void {
    w.json({ count: this.#count });
    this.#table.save(w);
    this.#file.save(w);
  }

  /** The set `save` wrote, in `space` (a fresh folder): the same table in memory and keys on disk, this run's thresholds. */
  static restore(r: SnapshotReader, space: DiskSpace, tableKeys: number, pageKeys: number): DiskVisitedSet {
    const set = new DiskVisitedSet(space, tableKeys, pageKeys);
    set.#count = r.json<{ count: number }>().count;
    space.budget.release(set.#table.bytes);
    set.#table = StateStore.restore(r, space.budget);
    set.#file.load(r);
    return set;
  }

  /** A set whose memory table is `table` (a memory checkpoint's, without ids) and whose file is empty; see `settle`. */
  static adopt(table: StateStore, space: DiskSpace, tableKeys: number, pageKeys: number): DiskVisitedSet {
    const set = new DiskVisitedSet(space, tableKeys, pageKeys, table);
    set.#count = table.size;
    return set;
  }

  /**
   * Merges an adopted table into the file now if it is over `tableKeys` or over its share of the budget
   * (`insert`'s test). A table adopted whole may be too large for one sort buffer beside it: its keys then go
   * in slices (by a hash of the key), each sorted and merged on its own, the sort buffer sized to the budget's
   * free bytes. OutOfMemory when not even a small slice fits.
   */
  settle(): void {
    const n = this.#table.size;
    if (n < this.tableKeys && this.space.headroom() >= this.#mergeBytes()) return;
    const budget = this.space.budget;
    const index = ((this.#file.count + n) / this.#file.pageKeys) * 8 * 2; // the new index beside the old
    const free = budget.limit - budget.used - index - MERGE_BLOCKS_BYTES;
    if (free < MIN_TABLE_KEYS * 8) throw new OutOfMemory(`the memory budget of ${(budget.limit / 2 ** 20).toFixed(1)} MiB leaves no room to merge the visited table of the checkpoint into the disk file`);
    this.flush(Math.ceil((n * 8) / free));
  }

  /**
   * Whether the disk tier can no longer make room: even after a merge, the budget (beside the queue's share)
   * would not hold a table of MIN_TABLE_KEYS keys and its merge, so `insert` would soon stop with OutOfMemory in
   * the middle of a state. With checkpoints, bfs.ts then stops at a cut and saves there.
   */
  cramped(): boolean {
    // a merge leaves the filter out rather than fail (SortedKeyFile.merge), so its bytes count as free
    const afterMerge = this.space.headroom() + this.#table.bytes - this.#freshBytes + this.#file.filterBytes;
    return afterMerge < this.#smallMergeBytes(this.#table.size);
  }

  /** Memory a merge of a table of MIN_TABLE_KEYS keys needs, after one of `pending` keys; a new filter must leave it free. */
  #smallMergeBytes(pending: number): number {
    const n = MIN_TABLE_KEYS;
    return n * 8 + ((this.#file.count + pending + n) / this.#file.pageKeys) * 8 + MERGE_BLOCKS_BYTES + this.#freshLargest * 2;
  }

  /** Distinct keys, in memory and on disk. */
  get size(): number {
    return this.#count;
  }

  /** Bytes of memory held: the table, the file's index, page buffer and filter. */
  get bytes(): number {
    return this.#table.bytes + this.#file.bytes;
  }

  /** Keys in the disk file (some may also be in the table). */
  get diskKeys(): number {
    return this.#file.count;
  }

  /** Merges of the table into the file so far. */
  get merges(): number {
    return this.#file.merges;
  }

  /** Inserts a key: its new id, or -1 when it was seen. */
  insert(hi: number, lo: number): number {
    const table = this.#table;
    const before = table.size;
    let full = false;
    try {
      if (table.insert(hi, lo) < 0) return -1;
    } catch (e) {
      // the table could not grow: the key is in it if its count grew (StateStore inserts before it grows)
      if (!(e instanceof OutOfMemory) || table.size === before) throw e;
      full = true;
    }
    if (this.#file.has(hi >>> 0, lo >>> 0)) return -1; // seen before a merge: it stays in the table as well
    const id = this.#count++;
    if (full || table.size >= this.tableKeys) this.flush();
    else if (this.space.headroom() < this.#mergeBytes()) {
      // the filter only borrows memory: the table takes it back first, so the merges come when they would without it
      this.#file.dropFilter();
      if (this.space.headroom() >= this.#mergeBytes()) return id;
      // a table this small is not what fills the budget: merging it every few keys would only crawl
      if (table.size < MIN_TABLE_KEYS) throw new OutOfMemory(`the memory budget of ${(this.space.budget.limit / 2 ** 20).toFixed(1)} MiB leaves no room for the visited table beside the queue and the parent log`);
      this.flush();
    }
    return id;
  }

  /** Memory a merge would need now, and the table's next growth step: the sort buffer, the file's new index, the blocks (a new filter is optional). */
  #mergeBytes(): number {
    const n = this.#table.size;
    // a growth step holds a segment and its successor (1.25x) beside the table; before the split, twice the table
    return n * 8 + ((this.#file.count + n) / this.#file.pageKeys) * 8 + MERGE_BLOCKS_BYTES + this.#table.largestSegmentBytes * 2;
  }

  /** Sorts the table's keys, merges them into the file (in `slices` merges, by a hash of the key) and empties the table. */
  flush(slices = 1): void {
    const table = this.#table;
    if (table.size === 0) return;
    const budget = this.space.budget;
    this.#file.dropFilter(); // rebuilt after the merge; meanwhile it would only crowd the sort buffers
    const sliceOf = (hi: number, lo: number) => (slices === 1 ? 0 : (Math.imul(hi ^ Math.imul(lo, 0x9e3779b1), 0x85ebca6b) >>> 0) % slices);
    for (let slice = 0; slice < slices; slice++) {
      let n = 0;
      if (slices === 1) n = table.size;
      else table.forEachKey((hi, lo) => void (sliceOf(hi, lo) === slice && n++));
      if (n === 0) continue;
      const sorted = allocate(budget, n * 8, () => new BigUint64Array(n));
      try {
        const words = new Uint32Array(sorted.buffer);
        let j = 0;
        table.forEachKey((hi, lo) => {
          if (sliceOf(hi, lo) !== slice) return;
          words[j++] = lo; // little-endian: the u64 hi * 2^32 + lo
          words[j++] = hi;
        });
        sorted.sort();
        this.#file.merge(words, n);
      } finally {
        budget.release(n * 8);
      }
    }
    budget.release(table.bytes);
    this.#table = new StateStore(1 << 16, false, budget);
    this.#file.rebuildFilter(this.#smallMergeBytes(0));
  }
}
