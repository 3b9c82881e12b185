// Growable typed arrays in fixed-size chunks: appending never copies, and memory is what is used
// (rounded up to one chunk), not twice that as with doubling. Chunks are charged to the search's
// memory budget; a chunk that cannot be allocated throws OutOfMemory.
import { allocate, type MemoryBudget } from './memory.ts';

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
}

/** A FIFO of fixed-width records of 32-bit words (packed states), freeing chunks as they are read. */
export class WordQueue {
  readonly #chunks: (Uint32Array | null)[] = [];
  readonly #perChunk: number;
  #head = 0;
  #tail = 0;
  #peak = 0;
  #bytes = 0;
  constructor(
    readonly width: number,
    readonly budget?: MemoryBudget,
  ) {
    this.#perChunk = Math.max(1, Math.floor(CHUNK / width));
  }

  /** Bytes of the chunks held. */
  get bytes(): number {
    return this.#bytes;
  }

  get length(): number {
    return this.#tail - this.#head;
  }

  /** The most records held at once. */
  get peak(): number {
    return this.#peak;
  }

  /** Appends one record from `src[at .. at + width)`. */
  push(src: Uint32Array, at: number): void {
    const c = Math.floor(this.#tail / this.#perChunk);
    const o = (this.#tail % this.#perChunk) * this.width;
    if (o === 0) {
      const n = this.#perChunk * this.width;
      this.#chunks[c] = allocate(this.budget, n * 4, () => new Uint32Array(n));
      this.#bytes += n * 4;
    }
    const chunk = this.#chunks[c]!;
    for (let k = 0; k < this.width; k++) chunk[o + k] = src[at + k]!;
    this.#tail++;
    if (this.#tail - this.#head > this.#peak) this.#peak = this.#tail - this.#head;
  }

  /** Removes the oldest record into `dst[0 .. width)`. */
  shift(dst: Uint32Array): void {
    const c = Math.floor(this.#head / this.#perChunk);
    const o = (this.#head % this.#perChunk) * this.width;
    const chunk = this.#chunks[c]!;
    for (let k = 0; k < this.width; k++) dst[k] = chunk[o + k]!;
    this.#head++;
    if (this.#head % this.#perChunk === 0) {
      this.#bytes -= chunk.byteLength;
      this.budget?.release(chunk.byteLength);
      this.#chunks[c] = null;
    }
  }
}
