// What a check returns: a discriminated union, never printed here (cli/ formats it).
import type { SourceLocation } from '../spec/location.ts';
import type { BitstateFigures } from './BitStateSet.ts';
import type { SpecError } from './SpecError.ts';

/** One state of a trace and the step that led to it (none for the initial state). */
export interface TraceStep {
  /** The action or process step taken; null for the initial state. */
  readonly action: string | null;
  /** The process instance that took the step, e.g. `phil[Phil2]`. */
  readonly process?: string;
  /** The action's arguments, in JSON form. */
  readonly args: Readonly<Record<string, unknown>>;
  /** The whole state after the step, in JSON form (deep-frozen). */
  readonly state: Readonly<Record<string, unknown>>;
  /** Where the action is declared. */
  readonly location?: SourceLocation;
}

/** Kinds of property violations. */
export type ViolationKind = 'invariant' | 'action' | 'deadlock' | 'cover' | 'temporal';

/**
 * The property of a Murphi deadlock (`--deadlock=murphi`): a state whose every successor is itself. A deadlock of
 * TLC's kind (no successor at all) is property `deadlock`; trace files tell the two apart by this name.
 */
export const MURPHI_DEADLOCK = 'deadlock (murphi)';

/** A violated property and the shortest trace that shows it. */
export interface Violation {
  readonly kind: ViolationKind;
  /** The property's name (`deadlock` for deadlocks). */
  readonly property: string;
  /** From an initial state to the violating state; its length counts states. Empty for `cover`. */
  readonly trace: readonly TraceStep[];
  readonly message?: string;
  readonly location?: SourceLocation;
  /**
   * For lasso traces (temporal properties): the index in `trace` where the loop starts. The loop
   * runs from there to the last state, which equals the state at `loop` (the loop closes); when
   * `loop` is the last index, the behaviour stays in that state forever (stutters).
   */
  readonly loop?: number;
}

/** Per-action coverage, TLC-style. */
export interface ActionCoverage {
  readonly action: string;
  /** Successors produced by the action, duplicates included. */
  readonly generated: number;
  /** New states first reached through the action. */
  readonly distinct: number;
  /** Whether the action was enabled in some explored state. */
  readonly enabled: boolean;
  readonly location?: SourceLocation;
}

/** Statistics of a run; the counts mean what TLC's mean. */
export interface Statistics {
  readonly distinctStates: number;
  /** Initial states plus every successor generated, duplicates included. */
  readonly generatedStates: number;
  /** Number of BFS levels, the initial states at level 1. */
  readonly depth: number;
  readonly durationMs: number;
  readonly statesPerSecond: number;
  readonly coverage: readonly ActionCoverage[];
  /** Chance that two distinct states shared a fingerprint (TLC's optimistic estimate); 0 when states are stored exactly. */
  readonly collisionProbability: number;
  /** Whether states were stored exactly (packed state fits 64 bits) rather than by fingerprint. */
  readonly exactStore: boolean;
  /** Bytes of the visited set and the trace log, per distinct state. */
  readonly bytesPerState: number;
  /** Most states waiting in the BFS queue at once. */
  readonly queuePeak: number;
  /** Bits of a packed state. */
  readonly stateBits: number;
  /**
   * Under symmetry reduction: how many states the stored orbits hold (the sum of their sizes). For a
   * complete search this is the count without symmetry.
   */
  readonly fullStates?: number;
  /** Present in a bitstate search (`--bitstate`): the bit array's coverage figures. */
  readonly bitstate?: BitstateFigures;
  /** Present with `--disk`: what went to disk (checker/disk/). */
  readonly disk?: DiskFigures;
  /** Present when temporal properties were checked on the state graph. */
  readonly liveness?: LivenessStatistics;
  /**
   * Present when the search continued from a checkpoint (`check --resume`): the counts are the whole
   * search's, `durationMs` and `statesPerSecond` this run's alone (states stored in this run per second).
   */
  readonly resumed?: ResumeInfo;
}

/** Where a resumed search took up. */
export interface ResumeInfo {
  /** The checkpoint's folder. */
  readonly from: string;
  /** Distinct states stored when it was written. */
  readonly states: number;
  /** When it was written (ISO 8601). */
  readonly savedAt: string;
  /** Search time of the runs before this one. */
  readonly priorDurationMs: number;
}

/** What a search with `--disk` wrote to its files. */
export interface DiskFigures {
  /** Merges of the visited table into the sorted file (0: the visited set stayed in memory). */
  readonly merges: number;
  /** Keys in the sorted file at the end. */
  readonly keysOnDisk: number;
  /** Bytes of queue chunks written to the file (each read back once). */
  readonly queueBytes: number;
}

/** Figures of the liveness phase: the stored state graph and the fair-cycle search. */
export interface LivenessStatistics {
  /** Property instances checked (a property with parameters has one per combination). */
  readonly properties: number;
  /** Transitions stored, self-loops and duplicates included (= generated - initial). */
  readonly edges: number;
  /** Bytes of the successor lists (targets, actions and per-state offsets). */
  readonly graphBytes: number;
  /** `graphBytes / edges`. */
  readonly bytesPerEdge: number;
  /** Bytes of the per-state predicate labels. */
  readonly labelBytes: number;
  /** Time spent after the search: strongly connected components, fair cycles, lasso. */
  readonly durationMs: number;
}

/**
 * Why a search stopped before exploring every state: `max-states` (the state budget), `memory` (the
 * memory budget, or an allocation that failed), `interrupted` (Ctrl-C or another abort), `bitstate` (the search
 * ran to its end with a bit array for its visited set, which may have taken new states for seen ones).
 */
export type IncompleteReason = 'max-states' | 'memory' | 'interrupted' | 'bitstate';

/** The outcome of a check. */
export type CheckResult =
  | ({ readonly result: 'ok' } & Statistics)
  | ({ readonly result: 'violation'; readonly violation: Violation } & Statistics)
  | ({ readonly result: 'incomplete'; readonly reason: IncompleteReason } & Statistics)
  | { readonly result: 'error'; readonly error: SpecError };
