// The visited set of a search, as bfs.ts uses it: the exact store (StateStore) by default, or a bit
// array (BitStateSet, `--bitstate`) that may take a new state for a seen one.
import { BitStateSet, type BitstateOptions } from './BitStateSet.ts';
import type { MemoryBudget } from './memory.ts';
import { StateStore } from './StateStore.ts';
import type { SnapshotReader, SnapshotWriter } from './checkpoint/snapshot.ts';
import type { DiskSpace } from './disk/DiskSpace.ts';

/** Keys 64-bit keys: `insert` returns a new state's id, or a negative number for a key seen (`-1 - id` with ids). */
export interface VisitedSet {
  insert(hi: number, lo: number): number;
  /** Bytes held. */
  readonly bytes: number;
  /** Writes the set to a checkpoint (checker/checkpoint/snapshot.ts); `restoreVisitedSet` reads it back. */
  save(w: SnapshotWriter): void;
}

/** The exact store, or with `bitstate` the bit array (which keeps no ids: `withIds` is refused). */
export function visitedSet(withIds: boolean, budget: MemoryBudget, bitstate?: BitstateOptions): VisitedSet {
  if (!bitstate) return new StateStore(1 << 16, withIds, budget);
  if (withIds) throw new Error('internal: a bitstate search keeps no state ids (the state graph needs them)');
  return new BitStateSet(bitstate, budget);
}

/** Writes which set it is, then the set. */
export function saveVisitedSet(w: SnapshotWriter, seen: VisitedSet): void {
  w.json(seen instanceof BitStateSet ? 'bitstate' : seen instanceof StateStore ? 'store' : 'disk');
  seen.save(w);
}

/** The set `saveVisitedSet` wrote; a set on disk (DiskVisitedSet) is written back into `space`. */
export function restoreVisitedSet(r: SnapshotReader, budget: MemoryBudget, space: DiskSpace | null = null): VisitedSet {
  const kind = r.json<string>();
  if (kind === 'bitstate') return BitStateSet.restore(r, budget);
  if (kind === 'store') return StateStore.restore(r, budget);
  if (kind === 'disk' && space) return space.restoreVisitedSet(r);
  throw new Error(`internal: a visited set '${kind}' in a checkpoint${space ? '' : ' without --disk'} (the identity check lets no such checkpoint through)`);
}
