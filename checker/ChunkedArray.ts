// Growable typed arrays in fixed-size chunks: appending never copies, and memory is what is used
// (rounded up to one chunk), not twice that as with doubling. Chunks are charged to the search's
// memory budget; a chunk that cannot be allocated throws OutOfMemory.
import { allocate, type MemoryBudget } from './memory.ts';
import type { SnapshotReader, SnapshotWriter } from './checkpoint/snapshot.ts';

const CHUNK_BITS = 16;
const CHUNK = 1 << CHUNK_BITS;
const MASK = CHUNK - 1;

type Typed = Uint32Array | Int32Array | Uint16Array;

/** An append-only array of 32-bit or 16-bit integers. */
export class ChunkedArray<T extends Typed> {
  readonly #chunks: T[] = [];
  #length = 0;
  readonly #chunkBytes: number;
  constructor(
    private readonly make: (n: number) => T,
    private readonly budget?: MemoryBudget,
  ) {
    this.#chunkBytes = make(0).BYTES_PER_ELEMENT * CHUNK;
  }

  get length(): number {
    return this.#length;
  }

  get bytes(): number {
    return this.#chunks.reduce((n, c) => n + c.byteLength, 0);
  }

  push(v: number): void {
    const i = this.#length;
    if ((i & MASK) === 0) this.#chunks.push(allocate(this.budget, this.#chunkBytes, () => this.make(CHUNK)));
    this.#chunks[i >>> CHUNK_BITS]![i & MASK] = v;
    this.#length = i + 1;
  }

  get(i: number): number {
    return this.#chunks[i >>> CHUNK_BITS]![i & MASK]!;
  }

  /** Writes the length and the chunks (the last one up to the length) to a checkpoint. */
  save(w: SnapshotWriter): void {
    w.json({ length: this.#length, chunks: this.#chunks.length });
    this.#chunks.forEach((c, k) => w.array(c, Math.min(CHUNK, this.#length - k * CHUNK)));
  }

  /** The array `save` wrote; `make` gives its element type. */
  static restore<T extends Typed>(r: SnapshotReader, make: (n: number) => T, budget?: MemoryBudget): ChunkedArray<T> {
    const a = new ChunkedArray(make, budget);
    const { length, chunks } = r.json<{ length: number; chunks: number }>();
    for (let k = 0; k < chunks; k++) {
      const c = allocate(budget, a.#chunkBytes, () => make(CHUNK));
      r.arrayInto(c.subarray(0, Math.min(CHUNK, length - k * CHUNK)));
      a.#chunks.push(c);
    }
    a.#length = length;
    return a;
  }
}

/**
 * A FIFO of fixed-width records of 32-bit words (packed states), freeing chunks as they are read. A
 * subclass may keep some chunks elsewhere (checker/disk/SpillQueue.ts keeps the middle on disk): it may move
 * chunks out before a new one starts (`beforeNewChunk`), and gives back a chunk the reader reaches that is
 * not in memory (`missing`). The record loop itself is this class's alone.
 */
export class WordQueue {
  protected readonly chunks: (Uint32Array | null)[] = [];
  protected readonly perChunk: number;
  /** Bytes of one chunk. */
  readonly chunkBytes: number;
  protected head = 0;
  protected tail = 0;
  protected peakLength = 0;
  protected heldBytes = 0;
  constructor(
    readonly width: number,
    readonly budget?: MemoryBudget,
    perChunk?: number,
  ) {
    this.perChunk = perChunk ?? Math.max(1, Math.floor(CHUNK / width));
    this.chunkBytes = this.perChunk * width * 4;
  }

  /** Bytes of the chunks held in memory. */
  get bytes(): number {
    return this.heldBytes;
  }

  get length(): number {
    return this.tail - this.head;
  }

  /** The most records held at once. */
  get peak(): number {
    return this.peakLength;
  }

  /** Appends one record from `src[at .. at + width)`. */
  push(src: Uint32Array, at: number): void {
    const c = Math.floor(this.tail / this.perChunk);
    const o = (this.tail % this.perChunk) * this.width;
    if (o === 0) {
      this.beforeNewChunk(c);
      this.chunks[c] = this.allocateChunk();
    }
    const chunk = this.chunks[c]!;
    for (let k = 0; k < this.width; k++) chunk[o + k] = src[at + k]!;
    this.tail++;
    if (this.tail - this.head > this.peakLength) this.peakLength = this.tail - this.head;
  }

  /** Removes the oldest record into `dst[0 .. width)`. */
  shift(dst: Uint32Array): void {
    const c = Math.floor(this.head / this.perChunk);
    const o = (this.head % this.perChunk) * this.width;
    const chunk = this.chunks[c] ?? this.missing(c);
    for (let k = 0; k < this.width; k++) dst[k] = chunk[o + k]!;
    this.head++;
    if (this.head % this.perChunk === 0) this.freeChunk(c);
  }

  /** Called before chunk `c` is started at the tail. */
  protected beforeNewChunk(_c: number): void {}

  /** Chunk `c`, which the reader has reached and is not in memory. */
  protected missing(c: number): Uint32Array {
    throw new Error(`internal: queue chunk ${c} is not held`);
  }

  /** A new chunk, charged to the budget. */
  protected allocateChunk(): Uint32Array {
    const n = this.chunkBytes >>> 2;
    const chunk = allocate(this.budget, this.chunkBytes, () => new Uint32Array(n));
    this.heldBytes += this.chunkBytes;
    return chunk;
  }

  /** Drops chunk `c` from memory. */
  protected freeChunk(c: number): void {
    this.chunks[c] = null;
    this.heldBytes -= this.chunkBytes;
    this.budget?.release(this.chunkBytes);
  }

  /** Writes the records held (whole chunks, the first from its head) and the peak to a checkpoint. */
  save(w: SnapshotWriter): void {
    if (this.length === 0) return w.json({ width: this.width, head: 0, tail: 0, peak: this.peakLength, chunks: 0 });
    const first = Math.floor(this.head / this.perChunk);
    const last = Math.floor((this.tail - 1) / this.perChunk);
    w.json({ width: this.width, head: this.head - first * this.perChunk, tail: this.tail - first * this.perChunk, peak: this.peakLength, chunks: last - first + 1 });
    for (let c = first; c <= last; c++) w.array(this.chunks[c]!);
  }

  /** The queue `save` wrote, its chunks charged to `budget`. */
  static restore(r: SnapshotReader, budget?: MemoryBudget): WordQueue {
    const { width, head, tail, peak, chunks } = r.json<{ width: number; head: number; tail: number; peak: number; chunks: number }>();
    const q = new WordQueue(width, budget);
    for (let c = 0; c < chunks; c++) {
      const chunk = r.array((n) => new Uint32Array(n), budget);
      q.chunks.push(chunk);
      q.heldBytes += chunk.byteLength;
    }
    q.head = head;
    q.tail = tail;
    q.peakLength = peak;
    return q;
  }
}
