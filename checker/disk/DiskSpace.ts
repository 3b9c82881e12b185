// `check --disk DIR`: where a search puts what does not fit in its memory budget. The search gets a private
// directory `DIR/interleave-XXXXXX/` (so two runs sharing DIR never meet) holding at most three files:
//
//   queue.bin    the middle of the BFS queue (SpillQueue.ts), appended and read back in FIFO order
//   visited.bin  the visited keys merged out of memory, sorted (DiskVisitedSet.ts, SortedKeyFile.ts)
//   parents.bin, ordinals.bin  the parent log (SpillLog.ts), appended, read only to rebuild a trace
//
// The directory is removed when the search ends (also on Ctrl-C: bfs.ts's `finally`; and on
// `process.exit`, e.g. a second Ctrl-C, by an exit handler). A SIGKILLed run leaves it behind: its name
// says what it is. A checkpoint (`--checkpoint`) does not need the folder: each store copies its files
// into the checkpoint (`save`), and `restore*` writes them back into the resumed run's own folder.
import { accessSync, closeSync, constants, mkdirSync, mkdtempSync, openSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { MemoryBudget } from '../memory.ts';
import type { DiskFigures } from '../result.ts';
import type { SnapshotReader } from '../checkpoint/snapshot.ts';
import { SpecError } from '../SpecError.ts';
import type { StateStore } from '../StateStore.ts';
import { DiskVisitedSet } from './DiskVisitedSet.ts';
import { SpillLog } from './SpillLog.ts';
import { SpillQueue } from './SpillQueue.ts';

/** What goes to disk, and when. The thresholds default to shares of the memory budget; tests make them tiny. */
export interface DiskOptions {
  /** The directory (created if missing) in which the search makes its own subdirectory. */
  readonly dir: string;
  /** Bytes of queue chunks kept in memory; past them the middle chunks go to disk. Default: 1/8 of the budget. */
  readonly queueMemoryBytes?: number;
  /** Records per queue chunk (default: 64 Ki words' worth). */
  readonly queueChunkRecords?: number;
  /**
   * Keys the in-memory visited table holds before they are merged into the disk file (tests). Default: as many
   * as the budget holds, keeping room for the merge's sort buffer and the queue's share (`headroom`).
   */
  readonly tableKeys?: number;
  /** Keys per page of the disk file (one index entry and one read per page). Default 512 (4 KiB). */
  readonly pageKeys?: number;
  /** Entries per chunk of the parent log (default 64 Ki). */
  readonly logChunk?: number;
}

/** The search's private directory under `--disk DIR`, and the stores that spill into it. */
export class DiskSpace {
  readonly #path: string;
  readonly #fds: number[] = [];
  #closed = false;
  readonly #onExit = () => this.close();
  #queue: SpillQueue | null = null;
  #visited: DiskVisitedSet | null = null;

  private constructor(
    path: string,
    readonly options: DiskOptions,
    readonly budget: MemoryBudget,
  ) {
    this.#path = path;
    process.once('exit', this.#onExit);
  }

  /** Makes the private directory; a DIR that cannot be written is a USAGE error. */
  static open(options: DiskOptions, budget: MemoryBudget): DiskSpace {
    const dir = resolve(options.dir);
    let path: string;
    try {
      mkdirSync(dir, { recursive: true });
      if (!statSync(dir).isDirectory()) throw new Error('not a directory');
      accessSync(dir, constants.W_OK);
      path = mkdtempSync(join(dir, 'interleave-'));
    } catch (e) {
      throw new SpecError('USAGE', `--disk ${options.dir}: cannot write there (${e instanceof Error ? e.message : String(e)})`, {
        hint: 'give a directory this user can create files in, on a disk with room for the states (about 8 bytes each, plus the queue)',
      });
    }
    return new DiskSpace(path, options, budget);
  }

  /** The private directory. */
  get path(): string {
    return this.#path;
  }

  /** The files of the space, by path (for a checkpoint to copy). */
  files(): string[] {
    return readdirSync(this.#path).map((f) => join(this.#path, f));
  }

  /** Opens (creates) a file of the space for reading and writing; closed with the space. */
  openFile(name: string): { fd: number; path: string } {
    const path = join(this.#path, name);
    const fd = openSync(path, 'w+');
    this.#fds.push(fd);
    return { fd, path };
  }

  /** Closes a file opened by `openFile` before the space is closed. */
  closeFile(fd: number): void {
    const i = this.#fds.indexOf(fd);
    if (i >= 0) {
      this.#fds.splice(i, 1);
      closeSync(fd);
    }
  }

  /** The queue of packed states of `width` words. */
  queue(width: number): SpillQueue {
    this.#queue = new SpillQueue(width, this, this.#queueBytes(), this.options.queueChunkRecords);
    return this.#queue;
  }

  #queueBytes(): number {
    return this.options.queueMemoryBytes ?? Math.floor(this.budget.limit / 8);
  }

  /** The queue a checkpoint holds (SpillQueue.save), its files written into this space. */
  restoreQueue(r: SnapshotReader): SpillQueue {
    this.#queue = SpillQueue.restoreIn(r, this, this.#queueBytes());
    return this.#queue;
  }

  /** The visited set a checkpoint holds (DiskVisitedSet.save), its file written into this space. */
  restoreVisitedSet(r: SnapshotReader): DiskVisitedSet {
    this.#visited = DiskVisitedSet.restore(r, this, this.options.tableKeys ?? Infinity, this.options.pageKeys ?? 512);
    return this.#visited;
  }

  /** The visited set of a memory checkpoint's table (fromMemory.ts): the table becomes the disk tier's. */
  adoptVisitedSet(table: StateStore): DiskVisitedSet {
    this.#visited = DiskVisitedSet.adopt(table, this, this.options.tableKeys ?? Infinity, this.options.pageKeys ?? 512);
    return this.#visited;
  }

  /** A parent log a checkpoint holds (SpillLog.save), its file written into this space. */
  restoreLog<T extends Int32Array | Uint16Array>(r: SnapshotReader, name: string, make: (n: number) => T): SpillLog<T> {
    return SpillLog.restore(r, this, name, make);
  }

  /**
   * Whether the search is short of memory that its files cannot give back (with checkpoints, bfs.ts then stops
   * at a cut and saves). A visited set on disk makes room by merging, so the search uses the whole budget and
   * stops only when a merge no longer would (DiskVisitedSet.cramped); a visited set in memory (a bit array)
   * keeps `reserve` free bytes beside the queue's share, as a search without --disk does.
   */
  cramped(reserve: number): boolean {
    return this.#visited ? this.#visited.cramped() : this.headroom() < reserve;
  }

  /** Bytes of the budget still free once the queue has taken its whole share (plus the chunk it may hold over). */
  headroom(): number {
    const q = this.#queue;
    const queueToCome = q ? Math.max(0, q.memoryBytes + q.chunkBytes - q.bytes) : 0;
    return this.budget.limit - this.budget.used - queueToCome;
  }

  /** The visited set of a search without state ids: a memory table over a sorted disk file. */
  visitedSet(): DiskVisitedSet {
    this.#visited = new DiskVisitedSet(this, this.options.tableKeys ?? Infinity, this.options.pageKeys ?? 512);
    return this.#visited;
  }

  /** An append-only log of parents (Int32Array) or ordinals (Uint16Array). */
  log<T extends Int32Array | Uint16Array>(name: string, make: (n: number) => T): SpillLog<T> {
    return new SpillLog(this, name, make, this.options.logChunk ?? 1 << 16);
  }

  /** What went to disk so far. */
  figures(): DiskFigures {
    return {
      merges: this.#visited?.merges ?? 0,
      keysOnDisk: this.#visited?.diskKeys ?? 0,
      queueBytes: this.#queue ? this.#queue.spilledChunks * this.#queue.chunkBytes : 0,
    };
  }

  /** Closes the files and removes the directory (idempotent). */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    process.removeListener('exit', this.#onExit);
    for (const fd of this.#fds.splice(0)) {
      try {
        closeSync(fd);
      } catch {
        // already closed
      }
    }
    rmSync(this.#path, { recursive: true, force: true });
  }
}
