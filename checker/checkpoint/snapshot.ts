// The checkpoint file's format, and the two interfaces a search structure implements to be saved:
// `save(w: SnapshotWriter)` and a static `restore(r: SnapshotReader, budget)`. A structure writes its
// few scalars with `w.json` and its typed arrays with `w.array`, which writes their bytes as they are
// in memory, in slices (never one Buffer of the whole, never JSON): a 100M-state table is over 1 GB.
// `restore` reads the same items in the same order; `r.array` allocates through the memory budget,
// so restoring on a machine too small stops with OutOfMemory, as the search would.
//
// The file: the magic line, then records (a tag byte; JSON: a u32 length and UTF-8; an array: its
// element size as a byte, its length in elements as a float64, its bytes), then a tag 0xff and the
// SHA-256 of every byte before it. A truncated or altered file fails that check (or a length check
// first), and nothing read from it is used. Byte order is the machine's: the header records it.
import { closeSync, fstatSync, openSync, readSync, writeSync } from 'node:fs';
import { createHash, type Hash } from 'node:crypto';
import { allocate, type MemoryBudget } from '../memory.ts';

/** Typed arrays a structure may save. */
export type SavedArray = Uint8Array | Uint16Array | Int32Array | Uint32Array | Float64Array;

/** What a structure writes its state to. */
export interface SnapshotWriter {
  /** A small value (scalars, short lists): JSON. */
  json(value: unknown): void;
  /** A typed array's bytes (or the first `length` elements). */
  array(a: SavedArray, length?: number): void;
}

/** What a structure reads its state from, in the order it wrote it. */
export interface SnapshotReader {
  json<T>(): T;
  /** The next array, in a new array of `make`'s kind charged to `budget` (OutOfMemory when it does not fit). */
  array<T extends SavedArray>(make: (n: number) => T, budget?: MemoryBudget): T;
  /** The next array into `into`, whose length must be the saved one. */
  arrayInto(into: SavedArray): void;
}

const MAGIC = Buffer.from('interleave checkpoint 1\n');
const JSON_TAG = 1;
const ARRAY_TAG = 2;
const END_TAG = 0xff;
/** Bytes per write or read of an array: large arrays go in slices of this. */
const SLICE = 1 << 23;

/** A checkpoint file that cannot be read: missing, truncated, altered, or not a checkpoint. */
export class CorruptCheckpoint extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CorruptCheckpoint';
  }
}

const bytesOf = (a: SavedArray, length = a.length) => new Uint8Array(a.buffer, a.byteOffset, length * a.BYTES_PER_ELEMENT);

/** Writes records to an open file, hashing every byte. */
export class FileSnapshotWriter implements SnapshotWriter {
  readonly #hash: Hash = createHash('sha256');
  #bytes = 0;
  constructor(readonly fd: number) {
    this.#write(MAGIC);
  }

  get bytes(): number {
    return this.#bytes;
  }

  #write(b: Uint8Array): void {
    this.#hash.update(b);
    let off = 0;
    while (off < b.length) off += writeSync(this.fd, b, off, b.length - off);
    this.#bytes += b.length;
  }

  json(value: unknown): void {
    const text = Buffer.from(JSON.stringify(value), 'utf8');
    const head = Buffer.alloc(5);
    head[0] = JSON_TAG;
    head.writeUInt32LE(text.length, 1);
    this.#write(head);
    this.#write(text);
  }

  array(a: SavedArray, length = a.length): void {
    const head = Buffer.alloc(10);
    head[0] = ARRAY_TAG;
    head[1] = a.BYTES_PER_ELEMENT;
    head.writeDoubleLE(length, 2);
    this.#write(head);
    const b = bytesOf(a, length);
    for (let at = 0; at < b.length; at += SLICE) this.#write(b.subarray(at, Math.min(b.length, at + SLICE)));
  }

  /** The trailer: the end tag and the hash of everything before it. */
  finish(): void {
    this.#write(Uint8Array.of(END_TAG));
    const digest = this.#hash.digest();
    let off = 0;
    while (off < digest.length) off += writeSync(this.fd, digest, off, digest.length - off);
    this.#bytes += digest.length;
  }
}

/** Reads records from a file, hashing every byte; `finish` checks the trailer. */
export class FileSnapshotReader implements SnapshotReader {
  readonly #hash: Hash = createHash('sha256');
  readonly #fd: number;
  readonly #size: number;
  #at = 0;
  constructor(readonly path: string) {
    try {
      this.#fd = openSync(path, 'r');
    } catch (e) {
      throw new CorruptCheckpoint(`cannot open ${path}: ${(e as Error).message}`);
    }
    this.#size = fstatSync(this.#fd).size;
    const magic = this.#read(new Uint8Array(MAGIC.length));
    if (!Buffer.from(magic).equals(MAGIC)) throw new CorruptCheckpoint(`${path} is not an interleave checkpoint (or of another format)`);
  }

  close(): void {
    closeSync(this.#fd);
  }

  #read(into: Uint8Array): Uint8Array {
    if (this.#at + into.length > this.#size) throw new CorruptCheckpoint(`${this.path} is truncated: ${this.#size} bytes, more expected`);
    for (let off = 0; off < into.length; ) {
      const n = readSync(this.#fd, into, off, Math.min(SLICE, into.length - off), this.#at + off);
      if (n === 0) throw new CorruptCheckpoint(`${this.path} is truncated`);
      off += n;
    }
    this.#at += into.length;
    this.#hash.update(into);
    return into;
  }

  #tag(expected: number): void {
    const t = this.#read(new Uint8Array(1))[0];
    if (t !== expected) throw new CorruptCheckpoint(`${this.path} is corrupt at byte ${this.#at - 1} (record ${t}, ${expected} expected)`);
  }

  json<T>(): T {
    this.#tag(JSON_TAG);
    const len = Buffer.from(this.#read(new Uint8Array(4))).readUInt32LE(0);
    const text = Buffer.from(this.#read(new Uint8Array(len))).toString('utf8');
    try {
      return JSON.parse(text) as T;
    } catch {
      throw new CorruptCheckpoint(`${this.path} is corrupt at byte ${this.#at - len} (unreadable JSON)`);
    }
  }

  #arrayHead(size: number): number {
    this.#tag(ARRAY_TAG);
    const head = Buffer.from(this.#read(new Uint8Array(9)));
    const length = head.readDoubleLE(1);
    if (head[0] !== size || !Number.isInteger(length) || length < 0 || this.#at + length * size > this.#size) {
      throw new CorruptCheckpoint(`${this.path} is corrupt or truncated at byte ${this.#at - 10}`);
    }
    return length;
  }

  array<T extends SavedArray>(make: (n: number) => T, budget?: MemoryBudget): T {
    const size = make(0).BYTES_PER_ELEMENT;
    const length = this.#arrayHead(size);
    const a = allocate(budget, length * size, () => make(length));
    this.#read(bytesOf(a));
    return a;
  }

  arrayInto(into: SavedArray): void {
    const length = this.#arrayHead(into.BYTES_PER_ELEMENT);
    if (length !== into.length) throw new CorruptCheckpoint(`${this.path} is corrupt at byte ${this.#at - 10} (an array of ${length}, ${into.length} expected)`);
    this.#read(bytesOf(into));
  }

  /** Checks the trailer: the whole file was read and its hash matches. */
  finish(): void {
    this.#tag(END_TAG);
    const digest = this.#hash.digest();
    const stored = new Uint8Array(32);
    if (this.#at + 32 !== this.#size) throw new CorruptCheckpoint(`${this.path} has ${this.#size - this.#at} bytes after its last record, 32 expected`);
    for (let off = 0; off < 32; ) off += readSync(this.#fd, stored, off, 32 - off, this.#at + off);
    if (!digest.equals(stored)) throw new CorruptCheckpoint(`${this.path} is corrupt: its SHA-256 does not match its contents`);
  }
}
