// The BFS queue of `--disk`, a WordQueue: fixed-width records in chunks, but
// when the chunks held pass `memoryBytes` the oldest chunks after the one being read go to an
// append-only file, and come back, one positioned read per chunk, when the reader reaches them. So
// the records are in three runs, in FIFO order: the head chunk (being read) < the chunks on disk <
// the chunks in memory up to the tail (being written). A chunk goes to disk only when it directly
// follows the last one there (or the head, when none is), which keeps the file one contiguous run;
// once the reader has taken every chunk of the file, the file is truncated and starts again at 0.
// Memory: at least the head and tail chunks (2 × 256 KiB), at most `memoryBytes` plus one chunk.
import { ftruncateSync, readSync, writeSync } from 'node:fs';
import { WordQueue } from '../ChunkedArray.ts';
import type { SnapshotReader, SnapshotWriter } from '../checkpoint/snapshot.ts';
import type { DiskSpace } from './DiskSpace.ts';

/** A FIFO of fixed-width records of 32-bit words whose middle lives on disk. */
export class SpillQueue extends WordQueue {
  readonly #fd: number;
  /** Chunks on disk: [#diskFrom, #diskTo), chunk c at byte (c - #fileBase) × chunk bytes of the file. */
  #diskFrom = 0;
  #diskTo = 0;
  #fileBase = 0;
  #spilled = 0;
  #drained = 0;

  constructor(
    width: number,
    space: DiskSpace,
    readonly memoryBytes: number,
    perChunk?: number,
  ) {
    super(width, space.budget, perChunk);
    this.#fd = space.openFile('queue.bin').fd;
  }

  /** Chunks written to disk so far. */
  get spilledChunks(): number {
    return this.#spilled;
  }

  /** Times every chunk of the file was read back (the file then starts again at 0). */
  get drained(): number {
    return this.#drained;
  }

  /** Carries over the peak of the queue this one continues (a memory checkpoint's: fromMemory.ts). */
  carryPeak(peak: number): void {
    if (peak > this.peakLength) this.peakLength = peak;
  }

  /** Moves full chunks between the head and `tail` (the chunk about to be started) to the file until a new chunk fits. */
  protected override beforeNewChunk(tail: number): void {
    const head = Math.floor(this.head / this.perChunk);
    while (this.heldBytes + this.chunkBytes > this.memoryBytes) {
      const c = this.#diskTo > this.#diskFrom ? this.#diskTo : head + 1;
      if (c >= tail) return; // nothing between head and tail: hold one chunk over
      if (this.#diskTo === this.#diskFrom) {
        this.#diskFrom = this.#diskTo = this.#fileBase = c;
      }
      const chunk = this.chunks[c]!;
      const at = (c - this.#fileBase) * this.chunkBytes;
      writeFully(this.#fd, new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength), at);
      this.#diskTo = c + 1;
      this.#spilled++;
      this.freeChunk(c);
    }
  }

  /** Reads chunk `c` (the first on disk) back into memory. */
  protected override missing(c: number): Uint32Array {
    const chunk = this.allocateChunk();
    const at = (c - this.#fileBase) * this.chunkBytes;
    readFully(this.#fd, new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength), at);
    this.chunks[c] = chunk;
    this.#diskFrom = c + 1;
    if (this.#diskFrom === this.#diskTo) {
      ftruncateSync(this.#fd, 0); // the file is drained: start it again
      this.#drained++;
    }
    return chunk;
  }

  /**
   * Writes the records held to a checkpoint: the layout (which chunks are on disk), then every chunk from the
   * head's to the tail's, those on disk read back one at a time into a transient buffer outside the budget (a
   * checkpoint must not fail for want of one chunk when the search stops because it is short of memory).
   */
  override save(w: SnapshotWriter): void {
    const per = this.perChunk;
    const first = Math.floor(this.head / per);
    const chunks = this.length === 0 ? 0 : Math.floor((this.tail - 1) / per) - first + 1;
    const onDisk = this.#diskTo > this.#diskFrom;
    const head = chunks === 0 ? 0 : this.head - first * per;
    const tail = chunks === 0 ? 0 : this.tail - first * per;
    w.json({ width: this.width, perChunk: per, head, tail, peak: this.peakLength, spilled: this.#spilled, drained: this.#drained, diskFrom: onDisk ? this.#diskFrom - first : 0, diskTo: onDisk ? this.#diskTo - first : 0, chunks } satisfies SavedQueue);
    let buffer: Uint32Array | null = null;
    for (let c = first; c < first + chunks; c++) {
      const chunk = this.chunks[c];
      if (chunk) {
        w.array(chunk);
        continue;
      }
      if (c < this.#diskFrom || c >= this.#diskTo) throw new Error(`internal: queue chunk ${c} is neither in memory nor on disk`);
      buffer ??= new Uint32Array(this.chunkBytes >>> 2);
      readFully(this.#fd, new Uint8Array(buffer.buffer), (c - this.#fileBase) * this.chunkBytes);
      w.array(buffer);
    }
  }

  /**
   * The queue `save` wrote, in `space` (a fresh folder): the chunks that were on disk go to its file, the
   * others to memory (charged to the budget), so the queue goes on exactly as it would have. `memoryBytes` is
   * this run's; a smaller one than the saved run's spills the surplus at the next chunk.
   */
  static restoreIn(r: SnapshotReader, space: DiskSpace, memoryBytes: number): SpillQueue {
    const h = r.json<SavedQueue>();
    const q = new SpillQueue(h.width, space, memoryBytes, h.perChunk);
    const staging = new Uint32Array(q.chunkBytes >>> 2);
    for (let c = 0; c < h.chunks; c++) {
      if (c >= h.diskFrom && c < h.diskTo) {
        r.arrayInto(staging);
        writeFully(q.#fd, new Uint8Array(staging.buffer), (c - h.diskFrom) * q.chunkBytes);
      } else {
        const chunk = q.allocateChunk();
        q.chunks[c] = chunk;
        r.arrayInto(chunk);
      }
    }
    q.head = h.head;
    q.tail = h.tail;
    q.peakLength = h.peak;
    q.#spilled = h.spilled;
    q.#drained = h.drained;
    q.#diskFrom = h.diskFrom;
    q.#diskTo = h.diskTo;
    q.#fileBase = h.diskFrom;
    return q;
  }

}

/** A SpillQueue in a checkpoint: chunk numbers from the head's chunk (0); chunks [diskFrom, diskTo) were on disk. */
interface SavedQueue {
  readonly width: number;
  readonly perChunk: number;
  readonly head: number;
  readonly tail: number;
  readonly peak: number;
  readonly spilled: number;
  readonly drained: number;
  readonly diskFrom: number;
  readonly diskTo: number;
  readonly chunks: number;
}

/** Writes all of `bytes` at `position`. */
export function writeFully(fd: number, bytes: Uint8Array, position: number): void {
  let done = 0;
  while (done < bytes.length) done += writeSync(fd, bytes, done, bytes.length - done, position + done);
}

/** Reads `bytes.length` bytes at `position` (a short file is an internal error: the file was written by us). */
export function readFully(fd: number, bytes: Uint8Array, position: number): void {
  let done = 0;
  while (done < bytes.length) {
    const n = readSync(fd, bytes, done, bytes.length - done, position + done);
    if (n === 0) throw new Error(`internal: a spill file ended ${bytes.length - done} bytes early at byte ${position + done}`);
    done += n;
  }
}
