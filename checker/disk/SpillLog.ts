// The parent log of `--disk` (ChunkedArray's interface): an append-only array whose full chunks go to a
// file at once, so memory holds one chunk. It is read only to rebuild a trace (bfs.ts `pathTo`: one
// entry per step), by positioned reads of one entry.
import { allocate } from '../memory.ts';
import type { DiskSpace } from './DiskSpace.ts';
import { readFully, writeFully } from './SpillQueue.ts';

/** An append-only array of 32-bit or 16-bit integers on disk but for its last chunk. */
export class SpillLog<T extends Int32Array | Uint16Array> {
  readonly #fd: number;
  readonly #chunk: T;
  readonly #bytesOf: Uint8Array;
  readonly #one: T;
  readonly #oneBytes: Uint8Array;
  readonly #size: number;
  #length = 0;

  constructor(space: DiskSpace, name: string, make: (n: number) => T, chunk: number) {
    this.#size = chunk;
    this.#fd = space.openFile(`${name}.bin`).fd;
    const probe = make(0);
    this.#chunk = allocate(space.budget, chunk * probe.BYTES_PER_ELEMENT, () => make(chunk));
    this.#bytesOf = new Uint8Array(this.#chunk.buffer, this.#chunk.byteOffset, this.#chunk.byteLength);
    this.#one = make(1);
    this.#oneBytes = new Uint8Array(this.#one.buffer);
  }

  get length(): number {
    return this.#length;
  }

  /** Bytes held in memory (one chunk). */
  get bytes(): number {
    return this.#chunk.byteLength;
  }

  push(v: number): void {
    const i = this.#length % this.#size;
    this.#chunk[i] = v;
    this.#length++;
    if (i === this.#size - 1) writeFully(this.#fd, this.#bytesOf, (this.#length - this.#size) * this.#one.BYTES_PER_ELEMENT);
  }

  get(i: number): number {
    const inMemory = this.#length - (this.#length % this.#size);
    if (i >= inMemory) return this.#chunk[i - inMemory]!;
    readFully(this.#fd, this.#oneBytes, i * this.#one.BYTES_PER_ELEMENT);
    return this.#one[0]!;
  }
}
