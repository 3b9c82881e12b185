// What the breadth-first search (bfs.ts) hands to a checkpoint and takes back from one. Between two
// expanded states the search is its visited set, its queue, its parent log and a few counters: state
// ids and BFS order are kept, so a resumed search expands the same states in the same order and ends
// with the same counts, depth, coverage and shortest counterexample as one that was never stopped.
// A `--disk` search (checker/disk/) saves its stores too: what they hold on disk is copied into the
// checkpoint, which is whole by itself, and written back into the resumed run's own folder.
import type { MemoryBudget } from '../memory.ts';
import type { ResumeInfo } from '../result.ts';
import { restoreVisitedSet, saveVisitedSet, type VisitedSet } from '../VisitedSet.ts';
import { ChunkedArray, WordQueue } from '../ChunkedArray.ts';
import type { DiskSpace } from '../disk/DiskSpace.ts';
import { readMemoryIntoDisk } from '../disk/fromMemory.ts';
import type { SpillLog } from '../disk/SpillLog.ts';
import type { SpillQueue } from '../disk/SpillQueue.ts';
import type { SnapshotReader, SnapshotWriter } from './snapshot.ts';

/** The counters of a search between two expanded states. */
export interface SearchCounters {
  readonly distinct: number;
  readonly generated: number;
  /** The BFS level being expanded, the deepest level holding a state, the id ending the level, states expanded. */
  readonly depth: number;
  readonly deepest: number;
  readonly levelEnd: number;
  readonly processed: number;
  /** Search time of this run and the runs before it. */
  readonly elapsedMs: number;
  readonly generatedBy: readonly number[];
  readonly enabledBy: readonly number[];
  readonly distinctBy: readonly number[];
  /** Cover properties not yet satisfied. */
  readonly uncovered: readonly string[];
}

/** A search between two expanded states. */
export interface SavedSearch {
  readonly seen: VisitedSet;
  /** In memory, or with --disk partly in files. */
  readonly queue: WordQueue | SpillQueue;
  readonly parents: ChunkedArray<Int32Array> | SpillLog<Int32Array>;
  readonly ordinals: ChunkedArray<Uint16Array> | SpillLog<Uint16Array>;
  readonly counters: SearchCounters;
  /** Set on a search read back from a checkpoint. */
  readonly resumed?: ResumeInfo;
}

/** Why a checkpoint is written. */
export type CheckpointCause = 'periodic' | 'interrupted' | 'memory' | 'max-states';

/** The search's hook (SearchOptions.checkpoint). */
export interface SearchCheckpoint {
  /** The search to continue, read back and charged to `budget`, its files (--disk) written into `space`; null to start afresh. */
  restore(budget: MemoryBudget, space: DiskSpace | null): SavedSearch | null;
  /** Whether a periodic checkpoint is due (`now` from performance.now()). */
  due(now: number): boolean;
  /** Writes the search, which is between two expanded states. */
  save(search: SavedSearch, cause: CheckpointCause): void;
  /** Free bytes below which the search stops for memory at the next cut, so that the checkpoint is written there. */
  readonly memoryHeadroom: (limit: number) => number;
  /** Called when the search ran out of memory in the middle of a state: no checkpoint could be written there. */
  outOfMemoryMidState(): void;
}

/** Writes the search's structures and counters (in this order; `readSearch` reads them back). */
export function writeSearch(w: SnapshotWriter, s: SavedSearch): void {
  w.json(s.counters);
  saveVisitedSet(w, s.seen);
  s.queue.save(w);
  s.parents.save(w);
  s.ordinals.save(w);
}

/**
 * The search `writeSearch` wrote, by a search with --disk (`savedWithDisk`) or without. A checkpoint of a --disk
 * search is read into `space` (the identity, which records --disk, makes sure that there is one); one without,
 * resumed with --disk, goes into the disk stores of `space` (checker/disk/fromMemory.ts).
 */
export function readSearch(r: SnapshotReader, budget: MemoryBudget, space: DiskSpace | null = null, savedWithDisk = space !== null): Omit<SavedSearch, 'resumed'> {
  const counters = r.json<SearchCounters>();
  if (space && !savedWithDisk) return { counters, ...readMemoryIntoDisk(r, budget, space) };
  const seen = restoreVisitedSet(r, budget, space);
  if (!space) {
    const queue = WordQueue.restore(r, budget);
    const parents = ChunkedArray.restore(r, (n) => new Int32Array(n), budget);
    const ordinals = ChunkedArray.restore(r, (n) => new Uint16Array(n), budget);
    return { counters, seen, queue, parents, ordinals };
  }
  const queue = space.restoreQueue(r);
  const parents = space.restoreLog(r, 'parents', (n) => new Int32Array(n));
  const ordinals = space.restoreLog(r, 'ordinals', (n) => new Uint16Array(n));
  return { counters, seen, queue, parents, ordinals };
}
