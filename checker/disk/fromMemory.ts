// `--resume CP --disk DIR` of a checkpoint written without --disk: the search that stopped for memory goes on
// with the disk stores. The memory structures' records (ChunkedArray.ts, VisitedSet.ts formats) are read
// straight into the disk stores of `space`, one chunk at a time through a transient buffer outside the budget,
// so the run never holds the memory search's whole queue or parent log:
//
//   the visited table (StateStore)  becomes the DiskVisitedSet's memory table, as it is (no rehash, no copy);
//                                   merged into the sorted file at once when it is over this run's share
//   the queue (WordQueue)           its records pushed into a SpillQueue in FIFO order (the middle spills)
//   the parent log (ChunkedArray)   its entries pushed into a SpillLog (full chunks go to the file)
//
// State ids are insertion order in both, so the ids, the BFS order and the counters are those of the memory
// search, and the run ends as the uninterrupted one. A bit array (--bitstate) stays in memory, as with --disk.
// The other way (a --disk checkpoint resumed without --disk) is refused by the identity check (identity.ts).
import type { MemoryBudget } from '../memory.ts';
import type { SnapshotReader } from '../checkpoint/snapshot.ts';
import { StateStore } from '../StateStore.ts';
import { restoreVisitedSet, type VisitedSet } from '../VisitedSet.ts';
import type { DiskSpace } from './DiskSpace.ts';
import type { SpillLog } from './SpillLog.ts';
import type { SpillQueue } from './SpillQueue.ts';

/** The stores of a memory checkpoint (in `writeSearch`'s order, after its counters), as disk stores in `space`. */
export function readMemoryIntoDisk(
  r: SnapshotReader,
  budget: MemoryBudget,
  space: DiskSpace,
): { seen: VisitedSet; queue: SpillQueue; parents: SpillLog<Int32Array>; ordinals: SpillLog<Uint16Array> } {
  const restored = restoreVisitedSet(r, budget);
  // a table with ids (a search with hooks or a state graph) stays in memory, as bfs.ts keeps it with --disk
  const disk = restored instanceof StateStore && !restored.withIds ? space.adoptVisitedSet(restored) : null;
  const queue = readQueue(r, space);
  const parents = readLog(r, space, 'parents', (n) => new Int32Array(n));
  const ordinals = readLog(r, space, 'ordinals', (n) => new Uint16Array(n));
  disk?.settle(); // now that the queue and the log have spilled, a table over its share is merged
  return { seen: disk ?? restored, queue, parents, ordinals };
}

/** A WordQueue's records (WordQueue.save: whole chunks, the first read from `head`, the last up to `tail`). */
function readQueue(r: SnapshotReader, space: DiskSpace): SpillQueue {
  const { width, head, tail, peak, chunks } = r.json<{ width: number; head: number; tail: number; peak: number; chunks: number }>();
  const queue = space.queue(width);
  for (let c = 0; c < chunks; c++) {
    const chunk = r.array((n) => new Uint32Array(n)); // transient: one chunk, outside the budget
    const per = chunk.length / width;
    const from = c === 0 ? head : 0;
    const to = c === chunks - 1 ? tail - c * per : per;
    for (let k = from; k < to; k++) queue.push(chunk, k * width);
  }
  queue.carryPeak(peak);
  return queue;
}

/** A ChunkedArray's entries (ChunkedArray.save: the length, then the chunks up to it). */
function readLog<T extends Int32Array | Uint16Array>(r: SnapshotReader, space: DiskSpace, name: string, make: (n: number) => T): SpillLog<T> {
  const { chunks } = r.json<{ length: number; chunks: number }>();
  const log = space.log(name, make);
  for (let c = 0; c < chunks; c++) {
    const chunk = r.array(make); // transient, outside the budget
    for (let i = 0; i < chunk.length; i++) log.push(chunk[i]!);
  }
  return log;
}
