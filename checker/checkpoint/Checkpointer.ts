// Checkpoints of a search in a folder: `checkpoint.bin` (checker/checkpoint/snapshot.ts's format), written
// as `checkpoint.bin.tmp`, flushed to disk, renamed over the previous one and the folder flushed, so a
// crash while writing leaves the previous checkpoint whole. Written every `everyMs`, when the search is
// interrupted, when it stops for memory or at --max-states; read back by `--resume`, after its identity
// (identity.ts) is compared with the search asked for.
import { accessSync, closeSync, constants, existsSync, fsyncSync, mkdirSync, openSync, renameSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import type { MemoryBudget } from '../memory.ts';
import type { DiskSpace } from '../disk/DiskSpace.ts';
import { SpecError } from '../SpecError.ts';
import { identityDifferences, savedWithDisk, type SearchIdentity } from './identity.ts';
import { CorruptCheckpoint, FileSnapshotReader, FileSnapshotWriter } from './snapshot.ts';
import { readSearch, writeSearch, type CheckpointCause, type SavedSearch, type SearchCheckpoint } from './SearchCheckpoint.ts';

/** What to checkpoint: into `dir` every `everyMs`, and/or from `resume`. */
export interface CheckpointRequest {
  /** The folder to write checkpoints into (default with `resume`: the same folder). */
  readonly dir?: string;
  /** Milliseconds between periodic checkpoints (default 5 minutes). */
  readonly everyMs?: number;
  /** The folder of the checkpoint to continue. */
  readonly resume?: string;
  /** Called after each checkpoint written (for a progress line). */
  readonly onSaved?: (written: CheckpointWritten) => void;
}

/** The checkpoint file's first record. */
interface Header {
  readonly identity: SearchIdentity;
  readonly savedAt: string;
  readonly states: number;
  readonly cause: CheckpointCause;
  /** Counters kept outside the search (`track`), e.g. the full state count under symmetry. */
  readonly extra: Record<string, number>;
}

/** The last checkpoint written by this run. */
export interface CheckpointWritten {
  readonly dir: string;
  readonly states: number;
  readonly savedAt: string;
  readonly cause: CheckpointCause;
  readonly bytes: number;
  readonly ms: number;
}

/** What the checkpoints of a run did, for its report. */
export interface CheckpointReport {
  readonly dir?: string;
  readonly written?: CheckpointWritten;
  /** The search ran out of memory in the middle of a state, where no checkpoint can be written. */
  readonly outOfMemoryMidState?: boolean;
  /** Why the last attempt to write a checkpoint failed. */
  readonly failed?: string;
}

export const CHECKPOINT_FILE = 'checkpoint.bin';
export const DEFAULT_CHECKPOINT_EVERY_MS = 5 * 60_000;

export class Checkpointer implements SearchCheckpoint {
  readonly #identity: SearchIdentity;
  readonly #dir: string | undefined;
  readonly #everyMs: number;
  readonly #onSaved: CheckpointRequest['onSaved'];
  #last = performance.now();
  #reader: FileSnapshotReader | null = null;
  #header: Header | null = null;
  readonly #extra = new Map<string, { get: () => number; set: (n: number) => void }>();
  written: CheckpointWritten | undefined;
  outOfMemory = false;
  /** Why the last checkpoint could not be written (the search goes on; the previous checkpoint stays). */
  failed: string | undefined;

  /**
   * Opens the checkpoint to resume (its identity checked) and the folder to write to. Throws
   * SpecError (USAGE) for a missing, unreadable or foreign checkpoint, or a folder that already holds one.
   */
  constructor(request: CheckpointRequest, identity: SearchIdentity) {
    this.#identity = identity;
    this.#dir = request.dir ?? request.resume;
    this.#everyMs = request.everyMs ?? DEFAULT_CHECKPOINT_EVERY_MS;
    this.#onSaved = request.onSaved;
    if (request.resume !== undefined) this.#open(request.resume);
    else if (this.#dir !== undefined && existsSync(join(this.#dir, CHECKPOINT_FILE))) {
      throw new SpecError('USAGE', `--checkpoint ${this.#dir}: the folder already holds a checkpoint`, { hint: `continue it with --resume ${this.#dir}, or give an empty folder` });
    }
    if (this.#dir !== undefined) {
      try {
        mkdirSync(this.#dir, { recursive: true });
        accessSync(this.#dir, constants.W_OK);
      } catch (e) {
        throw new SpecError('USAGE', `--checkpoint ${this.#dir}: cannot write checkpoints there (${(e as Error).message})`, { hint: 'give a folder you can write to' });
      }
    }
  }

  /** Saves and restores a counter kept outside the search (by name). */
  track(name: string, get: () => number, set: (n: number) => void): void {
    this.#extra.set(name, { get, set });
  }

  get report(): CheckpointReport {
    return {
      ...(this.#dir !== undefined ? { dir: this.#dir } : {}),
      ...(this.written ? { written: this.written } : {}),
      ...(this.outOfMemory ? { outOfMemoryMidState: true } : {}),
      ...(this.failed !== undefined ? { failed: this.failed } : {}),
    };
  }

  #open(dir: string): void {
    const path = join(dir, CHECKPOINT_FILE);
    if (!existsSync(path)) throw new SpecError('USAGE', `--resume ${dir}: no checkpoint there (${path} is missing)`, { hint: 'give the folder of an earlier --checkpoint' });
    try {
      this.#reader = new FileSnapshotReader(path);
      this.#header = this.#reader.json<Header>();
    } catch (e) {
      this.#reader?.close();
      if (e instanceof CorruptCheckpoint) throw new SpecError('USAGE', `--resume ${dir}: ${e.message}`, { hint: 'the checkpoint cannot be used: start afresh' });
      throw e;
    }
    const diff = identityDifferences(this.#header.identity ?? {}, this.#identity);
    if (diff.length) {
      this.#reader.close();
      throw new SpecError('USAGE', `--resume ${dir}: the checkpoint is of another search:\n  ${diff.join('\n  ')}`, {
        hint: 'resume with the spec, parameters, options and tool version it was written with, or start afresh',
      });
    }
  }

  restore(budget: MemoryBudget, space: DiskSpace | null = null): SavedSearch | null {
    const r = this.#reader;
    const h = this.#header;
    if (!r || !h) return null;
    try {
      const search = readSearch(r, budget, space, savedWithDisk(h.identity));
      r.finish(); // nothing read is used unless the whole file checks
      for (const [name, { set }] of this.#extra) set(h.extra[name] ?? 0);
      return { ...search, resumed: { from: r.path.slice(0, -CHECKPOINT_FILE.length - 1), states: h.states, savedAt: h.savedAt, priorDurationMs: Math.round(search.counters.elapsedMs) } };
    } catch (e) {
      if (e instanceof CorruptCheckpoint) throw new SpecError('USAGE', `--resume: ${e.message}`, { hint: 'the checkpoint cannot be used: start afresh' });
      throw e;
    } finally {
      r.close();
      this.#reader = null;
    }
  }

  due(now: number): boolean {
    return this.#dir !== undefined && now - this.#last >= this.#everyMs;
  }

  memoryHeadroom(limit: number): number {
    return this.#dir === undefined ? 0 : Math.min(256 * 2 ** 20, limit / 4);
  }

  outOfMemoryMidState(): void {
    this.outOfMemory = true;
  }

  /** Writes a checkpoint; a failure (a full disk) is recorded for the report, and the search goes on. */
  save(search: SavedSearch, cause: CheckpointCause): void {
    const dir = this.#dir;
    if (dir === undefined) return;
    try {
      this.#save(dir, search, cause);
      this.failed = undefined;
      this.#onSaved?.(this.written!);
    } catch (e) {
      this.#last = performance.now();
      this.failed = (e as Error).message;
    }
  }

  #save(dir: string, search: SavedSearch, cause: CheckpointCause): void {
    const t0 = performance.now();
    mkdirSync(dir, { recursive: true });
    const path = join(dir, CHECKPOINT_FILE);
    const tmp = `${path}.tmp`;
    const savedAt = new Date().toISOString();
    const fd = openSync(tmp, 'w');
    let bytes = 0;
    try {
      const w = new FileSnapshotWriter(fd);
      const extra = Object.fromEntries([...this.#extra].map(([name, { get }]) => [name, get()]));
      w.json({ identity: this.#identity, savedAt, states: search.counters.distinct, cause, extra } satisfies Header);
      writeSearch(w, search);
      w.finish();
      bytes = w.bytes;
      fsyncSync(fd);
    } catch (e) {
      closeSync(fd);
      unlinkSync(tmp);
      throw e;
    }
    closeSync(fd);
    renameSync(tmp, path);
    syncFolder(dir);
    this.#last = performance.now();
    this.written = { dir, states: search.counters.distinct, savedAt, cause, bytes, ms: this.#last - t0 };
  }
}

/** Flushes the folder's entries (the rename) to disk; where folders cannot be opened (Windows), the rename alone. */
function syncFolder(dir: string): void {
  let d: number;
  try {
    d = openSync(dir, 'r');
  } catch (e) {
    if (['EISDIR', 'EPERM', 'EACCES'].includes((e as NodeJS.ErrnoException).code ?? '')) return;
    throw e;
  }
  try {
    fsyncSync(d);
  } catch (e) {
    if (!['EINVAL', 'EPERM', 'EISDIR'].includes((e as NodeJS.ErrnoException).code ?? '')) throw e;
  } finally {
    closeSync(d);
  }
}
