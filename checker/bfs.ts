// Breadth-first search: level by level, so the first violation found has a shortest trace.
// Stores per state only its key (in the visited set), its parent and the ordinal of the successor
// that reached it; a trace is rebuilt by re-running actions (trace.ts).
import { ChunkedArray, WordQueue } from './ChunkedArray.ts';
import type { ActionInstance, CompiledModel } from './compile.ts';
import { Explorer } from './Explorer.ts';
import { defaultMemoryLimit, MemoryBudget, OutOfMemory } from './memory.ts';
import { BitStateSet, type BitstateOptions } from './BitStateSet.ts';
import { visitedSet } from './VisitedSet.ts';
import { DiskSpace, type DiskOptions } from './disk/DiskSpace.ts';
import { completeResult, expansion, findingResult, type Finding, type Sink } from './expansion.ts';
import { stateKeyer } from './packing.ts';
import type { SpecAudit } from './SpecAudit.ts';
import type { CheckResult, Statistics } from './result.ts';
import { SpecError } from './SpecError.ts';
import { withTraceTo, type TracePath } from './trace.ts';
import type { SavedSearch, SearchCheckpoint } from './checkpoint/SearchCheckpoint.ts';

/** Live figures of a running search. */
export interface Progress {
  readonly distinctStates: number;
  readonly generatedStates: number;
  readonly queue: number;
  readonly depth: number;
  readonly elapsedMs: number;
  /** States expanded so far (taken off the queue). */
  readonly expanded: number;
  /** States of the level being expanded that are still in the queue. */
  readonly levelRemaining: number;
  /** Bytes of the search's arrays (store, queue, parent log), as charged to the memory budget. */
  readonly memoryBytes: number;
}

/** Options of a search. */
export interface SearchOptions {
  /** Stop (result `incomplete`) once this many distinct states are stored. */
  readonly maxStates?: number;
  /**
   * Stop (result `incomplete`, reason `memory`) before the store, queue and parent log would hold more
   * than this many bytes. Default: 75% of the machine's (or the container's) memory.
   */
  readonly maxMemoryBytes?: number;
  /** The budget to charge, shared with other stores of the run (the liveness graph); else one of `maxMemoryBytes`. */
  readonly memory?: MemoryBudget;
  /** Stop (result `incomplete`, reason `interrupted`) when aborted. */
  readonly signal?: AbortSignal;
  /** Called about every `progressEveryMs` with live figures. */
  readonly onProgress?: (p: Progress) => void;
  readonly progressEveryMs?: number;
  /** Turns deadlock checking off even if the spec asks for it. */
  readonly noDeadlock?: boolean;
  /**
   * What a deadlock is. `tlc` (the default): a state with no successor at all. `murphi` (CMurphi, and Rumur's default
   * `--deadlock-detection stuttering`): also a state whose every successor is the state itself.
   */
  readonly deadlock?: 'tlc' | 'murphi';
  /**
   * Called for every transition with the ids of both ends (after the target is stored): liveness
   * checking builds the state graph from this.
   */
  readonly onTransition?: (from: number, to: number, inst: ActionInstance) => void;
  /**
   * Called for every new state, in id order, with its stored slots (the representative under
   * symmetry) and, for an initial state, its ordinal among the generated initial states (else -1):
   * liveness checking labels the state graph from this.
   */
  readonly onState?: (id: number, state: Int32Array, initialOrdinal: number) => void;
  /**
   * Maps a state to its representative (symmetry reduction): writes the canonical form of `src`
   * into `dst`. Stored and explored states are representatives.
   */
  readonly canonicalize?: (src: Int32Array, dst: Int32Array) => void;
  /** Re-runs a sample of the states to test the spec's symmetry and determinism (checker/SpecAudit.ts). */
  readonly audit?: SpecAudit;
  /**
   * Bitstate hashing (checker/BitStateSet.ts): the visited set is a bit array that may take a new state for a
   * seen one. A search that finds no violation is then `incomplete`, reason `bitstate`, never `ok`.
   */
  readonly bitstate?: BitstateOptions;
  /** Saves the search now and then, and may give one to continue (checker/checkpoint/). */
  readonly checkpoint?: SearchCheckpoint;
  /**
   * `--disk DIR` (checker/disk/): the queue's middle and the parent log go to files in DIR, and the visited set
   * (without ids: not with liveness, not with bitstate) moves its keys to a sorted file as its table fills.
   */
  readonly disk?: DiskOptions;
}

/** Runs the search. Never throws for spec errors: they come back as `{ result: 'error' }`. */
export async function bfs(model: CompiledModel, options: SearchOptions = {}): Promise<CheckResult> {
  const started = performance.now();
  const ex = new Explorer(model);
  const { words, unpack, bits } = model.packing;
  const budget = options.memory ?? new MemoryBudget(options.maxMemoryBytes ?? defaultMemoryLimit());
  const cp = options.checkpoint;
  let restored: SavedSearch | null;
  let space: DiskSpace | null = null;
  try {
    space = options.disk ? DiskSpace.open(options.disk, budget) : null;
    restored = cp?.restore(budget, space) ?? null; // a --disk search's files are written back into `space`
  } catch (e) {
    space?.close();
    if (e instanceof SpecError) return { result: 'error', error: e }; // unreadable, or DIR cannot be written
    if (e instanceof OutOfMemory) return { result: 'error', error: new SpecError('USAGE', `--resume: the checkpoint does not fit in the memory budget (${e.message})`, { hint: 'give a larger --max-memory, or resume on a machine with more memory' }) };
    throw e;
  }
  const withIds = options.onTransition !== undefined;
  const seen = restored?.seen ?? (space && !withIds && !options.bitstate ? space.visitedSet() : visitedSet(withIds, budget, options.bitstate));
  const queue = restored?.queue ?? (space ? space.queue(words) : new WordQueue(words, budget));
  const parents = restored?.parents ?? (space ? space.log('parents', (n) => new Int32Array(n)) : new ChunkedArray((n) => new Int32Array(n), budget));
  const ordinals = restored?.ordinals ?? (space ? space.log('ordinals', (n) => new Uint16Array(n)) : new ChunkedArray((n) => new Uint16Array(n), budget));
  const canon = options.canonicalize;
  const onTransition = options.onTransition;
  const onState = options.onState;
  let visitingInitial = -1; // the ordinal of the initial state being visited, -1 after them
  const keyer = stateKeyer(model.packing, model.layout.slotCount, canon);
  // a packed state of at most 64 bits is its own key; canonical forms are packed states too
  const { packed, fp, exact } = keyer;
  const distinctBy = new Float64Array(model.actions.length);
  const maxStates = options.maxStates ?? Infinity;
  const progressEvery = options.progressEveryMs ?? 1000;
  const audit = options.audit;

  let distinct = 0;
  let depth = 0; // the BFS level being expanded
  let deepest = 0; // the deepest level holding a stored state: the reported depth
  let lastYield = started;
  let lastReport = started;
  let levelEnd = 0;
  let processed = 0;

  /** Keys `draft` into the visited set: its new id (and appends it to the queue), or `-1 - id` when seen. */
  const visit = (initialOrdinal: number): number => {
    const src = keyer.key(ex.draft);
    const id = seen.insert(fp[0]!, fp[1]!);
    if (id < 0) return id;
    queue.push(packed, 0);
    distinct++;
    if (onState) onState(id, src, initialOrdinal);
    return id;
  };
  /** The successors go straight into the visited set, the queue and the parent log. */
  const sink: Sink = {
    visit(parent, k, inst) {
      if (inst === null) {
        const id = visit(-1 - parent);
        if (id < 0) return id;
        parents.push(parent); // -1 - k: "the k-th initial state"
        ordinals.push(0);
        depth = 1;
        deepest = 1;
        return id;
      }
      const to = visit(-1);
      if (onTransition) onTransition(parent, to < 0 ? -1 - to : to, inst);
      if (to < 0) return to;
      parents.push(parent);
      ordinals.push(k);
      deepest = depth + 1;
      distinctBy[inst.action]++;
      return to;
    },
  };
  const step = expansion(model, ex, sink, options);
  const { generatedBy, enabledBy, uncovered, counts } = step;

  const resumedAt = restored ? restored.counters.distinct : 0;
  if (restored) {
    const c = restored.counters;
    ({ distinct, depth, deepest, levelEnd, processed } = c);
    counts.generated = c.generated;
    generatedBy.set(c.generatedBy);
    enabledBy.set(c.enabledBy);
    distinctBy.set(c.distinctBy);
    for (const name of [...uncovered]) if (!c.uncovered.includes(name)) uncovered.delete(name);
  }
  /** The search between two expanded states, for a checkpoint. */
  const saved = (): SavedSearch => ({
    seen,
    queue,
    parents,
    ordinals,
    counters: {
      distinct,
      generated: counts.generated,
      depth,
      deepest,
      levelEnd,
      processed,
      elapsedMs: (restored?.resumed?.priorDurationMs ?? 0) + performance.now() - started,
      generatedBy: [...generatedBy],
      enabledBy: [...enabledBy],
      distinctBy: [...distinctBy],
      uncovered: [...uncovered],
    },
  });

  const stats = (): Statistics => {
    const ms = performance.now() - started;
    const storeBytes = seen.bytes + parents.bytes + ordinals.bytes;
    return {
      distinctStates: distinct,
      generatedStates: counts.generated,
      depth: deepest,
      durationMs: Math.round(ms),
      statesPerSecond: ms > 0 ? Math.round(((distinct - resumedAt) / ms) * 1000) : 0,
      coverage: model.actions.map((a, i) => ({
        action: a.name,
        generated: generatedBy[i]!,
        distinct: distinctBy[i]!,
        enabled: enabledBy[i] === 1,
        location: a.location,
      })),
      collisionProbability: exact ? 0 : (distinct * Math.max(0, counts.generated - distinct)) / 2 ** 64,
      exactStore: exact,
      bytesPerState: distinct > 0 ? storeBytes / distinct : 0,
      queuePeak: queue.peak,
      stateBits: bits,
      ...(seen instanceof BitStateSet ? { bitstate: seen.figures() } : {}),
      ...(restored?.resumed ? { resumed: restored.resumed } : {}),
      ...(space ? { disk: space.figures() } : {}),
    };
  };

  const violation = (f: Finding): CheckResult => findingResult(model, f, pathTo, canon, stats());

  /** The ordinals from an initial state to state `id`. */
  const pathTo = (id: number): TracePath => {
    const steps: number[] = [];
    let cur = id;
    let p = parents.get(cur);
    while (p >= 0) {
      steps.push(ordinals.get(cur));
      cur = p;
      p = parents.get(cur);
    }
    return { initial: -1 - p, steps: steps.reverse() };
  };

  let id = 0; // the state being expanded
  try {
    audit?.start(ex);
    // initial states (level 1), unless the search is resumed
    const first = restored ? null : step.initial();
    if (first) return violation(first);
    if (distinct === 0) {
      const c = model.constraints[0]!; // init yields a state (else Explorer throws): a constraint dropped them all
      return { result: 'error', error: new SpecError('SPEC_DEFINITION', `every initial state fails constraint '${c.name}': there is nothing to explore, and every property would hold vacuously`, { location: c.location }) };
    }

    if (!restored) levelEnd = distinct;
    let now = 0; // the time of the last yield, for the progress report after it
    /**
     * Expands states until the queue is empty (null), a result is known, or it is time to let timers
     * and signal handlers run ('yield'). A plain function, not the async one: V8 optimizes it as a
     * whole rather than by on-stack replacement.
     */
    const expandSome = (): CheckResult | null | 'yield' => {
      while (queue.length > 0) {
        if (processed === levelEnd) {
          depth++;
          levelEnd = distinct;
        }
        queue.shift(packed);
        unpack(packed, 0, ex.cur);
        id = processed++;
        if (audit) audit.sample(ex, id);
        const found = step.expand(id);
        if (found) return violation(found);
        if (distinct >= maxStates && queue.length > 0) {
          cp?.save(saved(), 'max-states');
          return { result: 'incomplete', reason: 'max-states', ...stats() };
        }
        if ((processed & 0x3ff) === 0) {
          now = performance.now();
          if (now - lastYield >= 100) {
            lastYield = now;
            return 'yield';
          }
          reportProgress();
        }
      }
      return null;
    };
    const reportProgress = (): void => {
      if (options.onProgress && now - lastReport >= progressEvery) {
        lastReport = now;
        options.onProgress({ distinctStates: distinct, generatedStates: counts.generated, queue: queue.length, depth: deepest, elapsedMs: now - started, expanded: processed, levelRemaining: levelEnd - processed, memoryBytes: budget.used });
      }
    };
    for (;;) {
      const r = expandSome();
      if (r === null) break;
      if (r !== 'yield') {
        if (r.result === 'incomplete') audit?.flush(ex);
        return r;
      }
      // let signal handlers and timers run
      await new Promise((resolve) => setImmediate(resolve));
      audit?.flush(ex);
      if (options.signal?.aborted) {
        cp?.save(saved(), 'interrupted');
        return { result: 'incomplete', reason: 'interrupted', ...stats() };
      }
      if (cp) {
        // with checkpoints, a search short of memory stops here, between two states, where it can be saved
        // (with --disk, only once its files can no longer make room: DiskSpace.cramped)
        const reserve = cp.memoryHeadroom(budget.limit);
        if (space ? space.cramped(reserve) : budget.limit - budget.used < reserve) {
          cp.save(saved(), 'memory');
          return { result: 'incomplete', reason: 'memory', ...stats() };
        }
        if (cp.due(performance.now())) cp.save(saved(), 'periodic');
      }
      reportProgress();
    }
    audit?.flush(ex);
    // a bitstate search may have missed states: neither a pass nor proof that a cover is unreachable
    if (options.bitstate) return { result: 'incomplete', reason: 'bitstate', ...stats() };
    return completeResult(model, uncovered, stats());
  } catch (e) {
    // a value outside its type comes with the trace to the state the step was applied to
    if (e instanceof SpecError) return { result: 'error', error: withTraceTo(model, () => pathTo(id), canon, e).with({ depth: depth || 1 }) };
    // the store could not grow: not the spec's fault, and what was explored so far is reported
    if (e instanceof OutOfMemory) {
      cp?.outOfMemoryMidState(); // in the middle of a state: the last checkpoint stays
      return { result: 'incomplete', reason: 'memory', ...stats() };
    }
    throw e;
  } finally {
    space?.close();
  }
}

