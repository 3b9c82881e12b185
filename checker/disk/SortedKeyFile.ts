// The disk tier of the visited set: distinct 64-bit keys, sorted, in a file of little-endian u64s,
// with an in-memory index holding the first key of each page (`pageKeys` keys: 512 = 4 KiB by
// default, so 1/64 byte of memory per key). A lookup finds the page by binary search in the index and
// reads that one page (one `pread`, served by the OS's page cache while the file fits there). New keys
// arrive in sorted batches and are merged into a new file in one sequential pass, which then replaces
// the old one (write to `.tmp`, rename). A Bloom filter of the keys (KeyFilter, 1 byte per key) answers most
// lookups of keys not in the file without a read; it is rebuilt after each merge (one sequential pass over the
// new file) when the budget has room for it beside the queue's share, else left out (lookups read the page). The
// filter only borrows memory: the visited set drops it (`dropFilter`) when its table needs the room.
import { renameSync } from 'node:fs';
import { allocate, OutOfMemory, type MemoryBudget } from '../memory.ts';
import type { SnapshotReader, SnapshotWriter } from '../checkpoint/snapshot.ts';
import type { DiskSpace } from './DiskSpace.ts';
import { filterBytes, KeyFilter } from './KeyFilter.ts';
import { readFully, writeFully } from './SpillQueue.ts';

/** Keys per block read from the old file and written to the new one during a merge. */
const BLOCK = 1 << 14;
/** Bytes of the two blocks. */
export const MERGE_BLOCKS_BYTES = 2 * BLOCK * 8;

/** A sorted file of distinct 64-bit keys, and the index of its pages. */
export class SortedKeyFile {
  #fd = -1;
  #path = '';
  #count = 0;
  /** The first key of each page: high and low words. */
  #indexHi: Uint32Array = new Uint32Array(0);
  #indexLo: Uint32Array = new Uint32Array(0);
  #pages = 0;
  readonly #page: Uint32Array;
  readonly #pageBytes: Uint8Array;
  readonly #budget: MemoryBudget;
  #merges = 0;
  #filter: KeyFilter | null = null;
  #pageReads = 0;

  constructor(
    private readonly space: DiskSpace,
    readonly pageKeys: number,
  ) {
    this.#budget = space.budget;
    this.#page = allocate(this.#budget, pageKeys * 8, () => new Uint32Array(pageKeys * 2));
    this.#pageBytes = new Uint8Array(this.#page.buffer);
  }

  /** Keys in the file. */
  get count(): number {
    return this.#count;
  }

  /** Bytes of memory held: the index, the page buffer and the filter. */
  get bytes(): number {
    return this.#indexHi.byteLength * 2 + this.#page.byteLength + (this.#filter?.bytes ?? 0);
  }

  /** Bytes of the filter (0 when there is none: not built, or dropped). */
  get filterBytes(): number {
    return this.#filter?.bytes ?? 0;
  }

  /** Drops the filter and gives its bytes back to the budget: lookups read pages until the next merge builds one. */
  dropFilter(): void {
    if (!this.#filter) return;
    this.#budget.release(this.#filter.bytes);
    this.#filter = null;
  }

  /**
   * Builds the filter of the file's keys in one sequential pass, when the budget has room for it and `spare`
   * bytes more beside the queue's share (after a merge, once the sort buffer and the table are given back).
   */
  rebuildFilter(spare: number): void {
    this.dropFilter();
    const filter = this.#newFilter(filterBytes(this.#count), spare + BLOCK * 8);
    if (!filter) return;
    const block = allocate(this.#budget, BLOCK * 8, () => new Uint32Array(BLOCK * 2));
    try {
      for (let at = 0; at < this.#count; at += BLOCK) {
        const n = Math.min(BLOCK, this.#count - at);
        readFully(this.#fd, new Uint8Array(block.buffer, 0, n * 8), at * 8);
        for (let i = 0; i < n; i++) filter.add(block[2 * i + 1]!, block[2 * i]!);
      }
    } finally {
      this.#budget.release(BLOCK * 8);
    }
    this.#filter = filter;
  }

  /** Pages read by `has` so far. */
  get pageReads(): number {
    return this.#pageReads;
  }

  /** A zeroed filter of `bytes` bytes when the budget has room for it and `spare` bytes more beside the queue's share, else null. */
  #newFilter(bytes: number, spare: number): KeyFilter | null {
    if (bytes === 0 || this.space.headroom() < bytes + spare) return null;
    try {
      return new KeyFilter(allocate(this.#budget, bytes, () => new Uint32Array(bytes / 4)));
    } catch (e) {
      if (e instanceof OutOfMemory) return null;
      throw e;
    }
  }

  /** Merges done so far. */
  get merges(): number {
    return this.#merges;
  }

  /** Whether the key is in the file: one page read when it falls inside the file's range. */
  has(hi: number, lo: number): boolean {
    const pages = this.#pages;
    if (pages === 0) return false;
    if (this.#filter && !this.#filter.maybe(hi, lo)) return false;
    const ih = this.#indexHi;
    const il = this.#indexLo;
    // the last page whose first key is <= the key
    let a = 0;
    let b = pages - 1;
    if (ih[0]! > hi || (ih[0] === hi && il[0]! > lo)) return false;
    while (a < b) {
      const m = (a + b + 1) >>> 1;
      if (ih[m]! < hi || (ih[m] === hi && il[m]! <= lo)) a = m;
      else b = m - 1;
    }
    if (ih[a] === hi && il[a] === lo) return true;
    const n = Math.min(this.pageKeys, this.#count - a * this.pageKeys);
    const page = this.#page;
    this.#pageReads++;
    readFully(this.#fd, this.#pageBytes.subarray(0, n * 8), a * this.pageKeys * 8);
    // little-endian u64s: [lo, hi] pairs
    let x = 0;
    let y = n - 1;
    while (x <= y) {
      const m = (x + y) >>> 1;
      const mh = page[2 * m + 1]!;
      const ml = page[2 * m]!;
      if (mh === hi && ml === lo) return true;
      if (mh < hi || (mh === hi && ml < lo)) x = m + 1;
      else y = m - 1;
    }
    return false;
  }

  /**
   * Merges `n` keys, sorted ascending as u64s and given as [lo, hi] pairs in `keys`, into the file (keys
   * already in it are kept once). Writes a new file and index, then drops the old ones and the filter (see
   * `rebuildFilter`).
   */
  merge(keys: Uint32Array, n: number): void {
    const budget = this.#budget;
    const maxPages = Math.ceil((this.#count + n) / this.pageKeys);
    const blockBytes = BLOCK * 8;
    let held = 0;
    const take = (words: number): Uint32Array => {
      const a = allocate(budget, words * 4, () => new Uint32Array(words));
      held += words * 4;
      return a;
    };
    let indexHi: Uint32Array, indexLo: Uint32Array, inBuf: Uint32Array, outBuf: Uint32Array;
    try {
      indexHi = take(maxPages);
      indexLo = take(maxPages);
      inBuf = take(BLOCK * 2);
      outBuf = take(BLOCK * 2);
    } catch (e) {
      budget.release(held);
      throw e;
    }
    const out = this.space.openFile(`visited.${this.#merges + 1}.tmp`);
    const oldFd = this.#fd;
    const oldCount = this.#count;
    let written = 0; // keys written to the new file
    let outN = 0; // keys in outBuf
    let pages = 0;
    let prevHi = 0;
    let prevLo = 0;
    const flushOut = () => {
      writeFully(out.fd, new Uint8Array(outBuf.buffer, 0, outN * 8), written * 8);
      written += outN;
      outN = 0;
    };
    const emit = (hi: number, lo: number) => {
      const k = written + outN;
      if (k > 0 && hi === prevHi && lo === prevLo) return;
      if (k % this.pageKeys === 0) {
        indexHi[pages] = hi;
        indexLo[pages++] = lo;
      }
      outBuf[2 * outN] = lo;
      outBuf[2 * outN + 1] = hi;
      prevHi = hi;
      prevLo = lo;
      if (++outN === BLOCK) flushOut();
    };
    let readKeys = 0; // keys of the old file read into inBuf so far
    let inN = 0;
    let inAt = 0;
    const refill = () => {
      inN = Math.min(BLOCK, oldCount - readKeys);
      if (inN > 0) readFully(oldFd, new Uint8Array(inBuf.buffer, 0, inN * 8), readKeys * 8);
      readKeys += inN;
      inAt = 0;
    };
    refill();
    let j = 0;
    while (inAt < inN || j < n) {
      if (inAt < inN) {
        const oh = inBuf[2 * inAt + 1]!;
        const ol = inBuf[2 * inAt]!;
        if (j < n) {
          const nh = keys[2 * j + 1]!;
          const nl = keys[2 * j]!;
          if (nh < oh || (nh === oh && nl < ol)) {
            emit(nh, nl);
            j++;
            continue;
          }
        }
        emit(oh, ol);
        if (++inAt === inN) refill();
      } else {
        emit(keys[2 * j + 1]!, keys[2 * j]!);
        j++;
      }
    }
    flushOut();
    const path = out.path.replace(/\.\d+\.tmp$/, '.bin');
    renameSync(out.path, path);
    if (oldFd >= 0) this.space.closeFile(oldFd);
    this.#fd = out.fd;
    this.#path = path;
    this.#count = written;
    budget.release(this.#indexHi.byteLength * 2 + 2 * blockBytes + (this.#filter?.bytes ?? 0));
    this.#filter = null;
    // the index was sized for no duplicates: keep it (the slack is at most the keys already on disk / pageKeys)
    this.#indexHi = indexHi;
    this.#indexLo = indexLo;
    this.#pages = pages;
    this.#merges++;
  }

  /**
   * Writes the file to a checkpoint: its key count and merges, then its keys in blocks of `BLOCK` (read through a
   * transient buffer outside the budget). The index and the filter are not written: `load` rebuilds them from
   * the keys (the filter as large as it was, so the budget is charged the same).
   */
  save(w: SnapshotWriter): void {
    w.json({ count: this.#count, merges: this.#merges, indexPages: this.#indexHi.length, filterBytes: this.filterBytes });
    if (this.#count === 0) return;
    const block = new Uint32Array(BLOCK * 2);
    for (let at = 0; at < this.#count; at += BLOCK) {
      const n = Math.min(BLOCK, this.#count - at);
      readFully(this.#fd, new Uint8Array(block.buffer, 0, n * 8), at * 8);
      w.array(block, n * 2);
    }
  }

  /** Reads what `save` wrote into this file, which is empty: the keys to disk, the index (of this file's page size) to memory. */
  load(r: SnapshotReader): void {
    // filterBytes is absent from checkpoints written before the filter: none then, until the next merge
    const { count, merges, indexPages, filterBytes: savedFilterBytes = 0 } = r.json<{ count: number; merges: number; indexPages: number; filterBytes?: number }>();
    if (this.#count !== 0) throw new Error('internal: a key file is loaded only when empty');
    this.#merges = merges;
    if (count === 0) return;
    const budget = this.#budget;
    // the index as large as the saved one (a merge sizes it with slack), so the budget is charged the same
    const pages = Math.ceil(count / this.pageKeys);
    const capacity = Math.max(pages, indexPages);
    const indexHi = allocate(budget, capacity * 4, () => new Uint32Array(capacity));
    const indexLo = allocate(budget, capacity * 4, () => new Uint32Array(capacity));
    // as the index: charged whatever the queue's share (the queue may be restored after the set)
    const filter = this.#newFilter(savedFilterBytes, -Infinity);
    const block = allocate(budget, BLOCK * 8, () => new Uint32Array(BLOCK * 2));
    const out = this.space.openFile('visited.bin');
    try {
      for (let at = 0; at < count; at += BLOCK) {
        const n = Math.min(BLOCK, count - at);
        r.arrayInto(block.subarray(0, n * 2));
        writeFully(out.fd, new Uint8Array(block.buffer, 0, n * 8), at * 8);
        if (filter) for (let i = 0; i < n; i++) filter.add(block[2 * i + 1]!, block[2 * i]!);
        for (let k = Math.ceil(at / this.pageKeys) * this.pageKeys; k < at + n; k += this.pageKeys) {
          indexLo[k / this.pageKeys] = block[2 * (k - at)]!;
          indexHi[k / this.pageKeys] = block[2 * (k - at) + 1]!;
        }
      }
    } finally {
      budget.release(BLOCK * 8);
    }
    this.#fd = out.fd;
    this.#path = out.path;
    this.#count = count;
    this.#indexHi = indexHi;
    this.#indexLo = indexLo;
    this.#pages = pages;
    this.#filter = filter;
  }

  /** The file's path ('' before the first merge). */
  get path(): string {
    return this.#path;
  }
}
