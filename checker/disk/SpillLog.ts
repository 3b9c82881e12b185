// The parent log of `--disk` (ChunkedArray's interface): an append-only array whose full chunks go to a
// file at once, so memory holds one chunk. It is read only to rebuild a trace (bfs.ts `pathTo`: one
// entry per step), by positioned reads of one entry.
import { allocate } from '../memory.ts';
import type { SnapshotReader, SnapshotWriter } from '../checkpoint/snapshot.ts';
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
  readonly #make: (n: number) => T;
  #length = 0;

  constructor(space: DiskSpace, name: string, make: (n: number) => T, chunk: number) {
    this.#size = chunk;
    this.#make = make;
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

  /**
   * Writes the log to a checkpoint: its length and chunk size, the chunks on file (read back one at a time into
   * a transient buffer outside the budget), then the part of the chunk in memory.
   */
  save(w: SnapshotWriter): void {
    const inMemory = this.#length % this.#size;
    const onFile = this.#length - inMemory;
    w.json({ length: this.#length, chunk: this.#size });
    if (onFile > 0) {
      const staging = this.#make(this.#size);
      const bytes = new Uint8Array(staging.buffer);
      for (let at = 0; at < onFile; at += this.#size) {
        readFully(this.#fd, bytes, at * staging.BYTES_PER_ELEMENT);
        w.array(staging);
      }
    }
    w.array(this.#chunk, inMemory);
  }

  /** The log `save` wrote, in `space` (a fresh folder): its full chunks written to the file, the last in memory. */
  static restore<T extends Int32Array | Uint16Array>(r: SnapshotReader, space: DiskSpace, name: string, make: (n: number) => T): SpillLog<T> {
    const { length, chunk } = r.json<{ length: number; chunk: number }>();
    const log = new SpillLog(space, name, make, chunk);
    const inMemory = length % chunk;
    for (let at = 0; at < length - inMemory; at += chunk) {
      r.arrayInto(log.#chunk); // the chunk buffer stages the file's chunks, then holds the last one
      writeFully(log.#fd, log.#bytesOf, at * log.#one.BYTES_PER_ELEMENT);
    }
    r.arrayInto(log.#chunk.subarray(0, inMemory));
    log.#length = length;
    return log;
  }

  get(i: number): number {
    const inMemory = this.#length - (this.#length % this.#size);
    if (i >= inMemory) return this.#chunk[i - inMemory]!;
    readFully(this.#fd, this.#oneBytes, i * this.#one.BYTES_PER_ELEMENT);
    return this.#one[0]!;
  }
}
