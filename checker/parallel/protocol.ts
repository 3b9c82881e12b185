// The messages between the coordinator of a parallel search (parallelBfs.ts) and its workers (worker.ts).
// A level is two phases, each started by one message to every worker and ended by every reply:
// expand (each worker its slice of the level; worker 0, whose slice comes first, inserts its successors
// as it meets them, the others probe read-only and keep the unseen ones as candidates), and insert (each
// worker the candidates whose key it owns, in the one-thread search's order; then, past a barrier in
// shared memory, each compacts its own candidates to its new states: its chunk of the next level).
import type { ParamValue } from '../../spec/defineSpec.ts';
import type { AuditFigures } from '../SpecAudit.ts';
import type { SpecErrorCode } from '../SpecError.ts';
import type { Finding } from '../expansion.ts';
import type { GrownSegment, SharedStoreBuffers } from './SharedStore.ts';

/** What a worker loads and how it searches: given once, at its start. */
export interface WorkerJob {
  readonly file: string;
  readonly params: Readonly<Record<string, ParamValue>>;
  readonly variant?: string;
  readonly compile: boolean;
  readonly skipProperties: readonly string[];
  /** Store canonical forms (symmetry reduction). */
  readonly symmetry: boolean;
  /** The sampled spec audit (checker/SpecAudit.ts) also tests the symmetry. */
  readonly auditSymmetry: boolean;
  readonly noDeadlock: boolean;
  readonly deadlock: 'tlc' | 'murphi';
  readonly index: number;
  readonly workers: number;
  readonly store: SharedStoreBuffers;
  readonly budget: SharedArrayBuffer;
  readonly memoryLimit: number;
  /** One Int32, set to 1 to stop the workers at their next state. */
  readonly abort: SharedArrayBuffer;
  /** One Int32: the workers count themselves through it at the end of each insert phase. */
  readonly barrier: SharedArrayBuffer;
}

/** A level's states: the new states of each worker in turn (chunk w: `counts[w]` packed states in `buffers[w]`). */
export interface Frontier {
  readonly buffers: readonly SharedArrayBuffer[];
  readonly counts: readonly number[];
}

/** A worker's candidates of one level, as the owners read them. */
export interface Candidates {
  /** Two words per candidate: its key. */
  readonly keys: SharedArrayBuffer;
  /** The worker that owns each candidate's key. */
  readonly owners: SharedArrayBuffer;
  /** Set by the owner: 1 when the candidate was new. */
  readonly flags: SharedArrayBuffer;
  readonly count: number;
}

/** A SpecError across threads (its cause stays behind). */
export interface SentError {
  readonly code: SpecErrorCode;
  readonly message: string;
  readonly options: { location?: unknown; hint?: string; context?: unknown };
  /** The state whose expansion raised it. */
  readonly at: number;
}

export type ToWorker =
  | { readonly kind: 'expand'; readonly initial: boolean; readonly frontier: Frontier; readonly from: number; readonly to: number; readonly idBase: number; readonly grown: readonly GrownSegment[] }
  | {
      readonly kind: 'insert';
      /** By worker: its candidates, or null (worker 0 inserted its own; a worker after the first finding does not count). */
      readonly producers: readonly (Candidates | null)[];
      /** Whether this worker's new states count (it is not after the first finding). */
      readonly counted: boolean;
      readonly grown: readonly GrownSegment[];
    }
  | { readonly kind: 'close' };

export type FromWorker =
  | { readonly kind: 'ready'; readonly shape: string }
  | { readonly kind: 'loadFailed'; readonly error: SentError }
  | {
      readonly kind: 'expanded';
      /** null: the worker expanded the first slice, and inserted its new states as it met them. */
      readonly candidates: Candidates | null;
      /** The new states it inserted so (the first slice). */
      readonly direct: number;
      /** Segments it grew doing so. */
      readonly grown: readonly GrownSegment[];
      readonly generated: number;
      readonly generatedBy: Float64Array;
      readonly enabledBy: Uint8Array;
      readonly uncovered: readonly string[];
      readonly finding: Finding | null;
      readonly error: SentError | null;
      readonly audit: AuditFigures;
      /** Milliseconds the worker spent on it (the coordinator sizes the slices by them), and its CPU time. */
      readonly busyMs: number;
      readonly cpuMs: number;
    }
  | {
      readonly kind: 'inserted';
      readonly grown: readonly GrownSegment[];
      /** This worker's new states: `fresh` packed states at the start of `packed`, their parents and ordinals. */
      readonly fresh: number;
      readonly packed: SharedArrayBuffer;
      readonly parents: SharedArrayBuffer | null;
      readonly ordinals: SharedArrayBuffer | null;
      readonly distinctBy: Float64Array;
      readonly fullStates: number;
      readonly cpuMs: number;
      /** Wall time it waited at the barrier. */
      readonly waitMs: number;
    }
  | { readonly kind: 'outOfMemory' }
  | { readonly kind: 'interrupted' }
  | { readonly kind: 'crashed'; readonly message: string };
