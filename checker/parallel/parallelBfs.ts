// `--workers N`: the breadth-first search of bfs.ts spread over N worker threads, level by level, with
// one visited set in shared memory (SharedStore.ts). Each worker loads the spec itself and expands states
// through the one expansion (checker/expansion.ts). A level is two phases (protocol.ts): the workers
// expand contiguous slices of the level, in id order (sized by each one's measured rate; a narrow level
// is worker 0's alone). Worker 0's slice comes first, so its first meeting of a key is the one-thread
// search's first: it inserts as it goes. The others probe the visited set and keep the unseen successors
// as candidates (a small filter of recent keys drops most repeats); each worker then inserts the
// candidates whose key it owns, reading the workers' lists in order, so the first of two equal candidates
// is the one the one-thread search meets first; past a barrier each worker compacts its own candidates
// to its new states, which are the next level's chunk w, numbered after the chunks of the workers before
// it. So ids, counts, depth and parents are the one-thread search's, and so is the counterexample: a
// worker stops at its slice's first finding, and the first worker with a finding holds the search's
// first (the candidates after it are dropped, so the counts are those at the finding).
// Differences: `maxStates` is looked at between levels (the counts are a level's end); the queue peak
// is the largest level plus the next; temporal properties (the liveness graph) need one thread.
// Where the time goes: profile.ts, docs/scale.md (Workers).
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { ParamValue } from '../../spec/defineSpec.ts';
import type { SearchOptions } from '../bfs.ts';
import type { CompiledModel } from '../compile.ts';
import { completeResult, findingResult, type Finding } from '../expansion.ts';
import { defaultMemoryLimit, OutOfMemory } from '../memory.ts';
import type { CheckResult, Statistics } from '../result.ts';
import type { AuditFigures } from '../SpecAudit.ts';
import { SpecError } from '../SpecError.ts';
import { withTraceTo, type TracePath } from '../trace.ts';
import type { FromWorker, Frontier, SentError, ToWorker, WorkerJob } from './protocol.ts';
import { addRound, phase, threadCpuMs, type ParallelProfile } from './profile.ts';
import { SharedBudget } from './SharedBudget.ts';
import { newSharedStore, SEGMENTS, type GrownSegment } from './SharedStore.ts';

/** What the workers load (the spec as the coordinator loaded it) and how many: the part of a WorkerJob the caller gives. */
export type ParallelJob = Pick<WorkerJob, 'workers' | 'file' | 'params' | 'variant' | 'compile' | 'skipProperties' | 'symmetry' | 'auditSymmetry'>;

/** A finished parallel search: the result (with `fullStates` under symmetry) and the audit's figures. */
export interface ParallelRun {
  readonly result: CheckResult;
  readonly audit: AuditFigures;
  /** Milliseconds the workers took to start and load the spec (not in the result's durationMs, as loading is not for one thread). */
  readonly workerStartMs: number;
  /**
   * Successors the owners inserted: the distinct states, plus each one's copies met by several workers
   * in one level (a worker drops its own repeats). The work the split adds (docs/scale.md).
   */
  readonly candidates: number;
  /** CPU time of the process (every thread) during the search, without the workers' start (ms). */
  readonly searchCpuMs: number;
  /** Where the time went, per phase (profile.ts). */
  readonly profile: ParallelProfile;
}

/**
 * What a parallel search cannot do, as an error; null when it can. Temporal properties: the state graph
 * that liveness checking searches is built by one thread (its edges come from a store with ids). Hooks
 * given by a caller (a canonical form other than the spec's symmetry, per-state callbacks) cannot cross
 * to the worker threads.
 */
export function refusedWithWorkers(model: CompiledModel, options: SearchOptions, symmetry: boolean): SpecError | null {
  if (model.temporal.length > 0) {
    return new SpecError('USAGE', `--workers with temporal properties (${model.temporal.map((t) => t.name).join(', ')}): liveness checking builds its state graph on one thread`, {
      hint: 'check with --workers 1 (the default)',
    });
  }
  if (options.onTransition || options.onState || (options.canonicalize && !symmetry)) {
    return new SpecError('USAGE', '--workers with search hooks (onState, onTransition, canonicalize): they run on one thread', { hint: 'search with workers: 1' });
  }
  return null;
}

/** One level's parent log: a chunk per worker, in id order. */
interface Level {
  readonly start: number;
  /** `offset`: the id of the chunk's first state, less the level's start. */
  readonly chunks: readonly { readonly offset: number; readonly parents: Int32Array; readonly ordinals: Uint16Array }[];
}

/** Runs the search on `job.workers` threads; `model` is the coordinator's copy, for traces. */
export async function parallelBfs(model: CompiledModel, job: ParallelJob, options: SearchOptions): Promise<ParallelRun> {
  let started = performance.now();
  let workerStartMs = 0;
  const n = job.workers;
  const { words, bits } = model.packing;
  const budget = new SharedBudget(options.memory?.limit ?? options.maxMemoryBytes ?? defaultMemoryLimit());
  const abortBuffer = new SharedArrayBuffer(4);
  const abort = new Int32Array(abortBuffer);
  const onAbort = () => Atomics.store(abort, 0, 1);
  options.signal?.addEventListener('abort', onAbort);
  const segmentBytes = new Float64Array(SEGMENTS);
  const audits: AuditFigures[] = [];
  const auditFigures = (): AuditFigures => ({
    symmetrySamples: audits.reduce((s, a) => s + a.symmetrySamples, 0),
    determinismSamples: audits.reduce((s, a) => s + a.determinismSamples, 0),
  });

  let distinct = 0;
  let generated = 0;
  let depth = 0; // the level being expanded
  let deepest = 0;
  let queuePeak = 0;
  let fullStates = 0;
  let logBytes = 0;
  let candidates = 0;
  let cpuAtStart = process.cpuUsage();
  const profile: ParallelProfile = { expand: phase(), insert: phase(), barrierWaitMs: 0, coordinatorCpuMs: 0, handedOff: 0, readAcross: 0 };
  let coordinatorFrom = 0;
  const generatedBy = new Float64Array(model.actions.length);
  const distinctBy = new Float64Array(model.actions.length);
  const enabledBy = new Uint8Array(model.actions.length);
  let uncovered = new Set(model.covers.map((c) => c.name));
  const levels: Level[] = [];

  const stats = (): Statistics => {
    const ms = performance.now() - started;
    const storeBytes = segmentBytes.reduce((s, b) => s + b, 0) + logBytes;
    return {
      distinctStates: distinct,
      generatedStates: generated,
      depth: deepest,
      durationMs: Math.round(ms),
      statesPerSecond: ms > 0 ? Math.round((distinct / ms) * 1000) : 0,
      coverage: model.actions.map((a, i) => ({ action: a.name, generated: generatedBy[i]!, distinct: distinctBy[i]!, enabled: enabledBy[i] === 1, location: a.location })),
      collisionProbability: words <= 2 ? 0 : (distinct * Math.max(0, generated - distinct)) / 2 ** 64,
      exactStore: words <= 2,
      bytesPerState: distinct > 0 ? storeBytes / distinct : 0,
      queuePeak,
      stateBits: bits,
      ...(job.symmetry ? { fullStates } : {}),
    };
  };
  const pathTo = (id: number): TracePath => {
    const steps: number[] = [];
    let cur = id;
    for (;;) {
      let l = levels.length - 1;
      while (l > 0 && levels[l]!.start > cur) l--;
      const level = levels[l];
      if (!level) return { initial: 0, steps: [] };
      const at = cur - level.start;
      let c = level.chunks.length - 1;
      while (c > 0 && level.chunks[c]!.offset > at) c--;
      const chunk = level.chunks[c]!;
      const p = chunk.parents[at - chunk.offset]!;
      if (p < 0) return { initial: -1 - p, steps: steps.reverse() };
      steps.push(chunk.ordinals[at - chunk.offset]!);
      cur = p;
    }
  };
  const errorOf = (e: SentError): SpecError => new SpecError(e.code, e.message, e.options as SpecError['options']);

  const store = newSharedStore(budget);
  const barrier = new SharedArrayBuffer(4);
  store.segments.forEach((b, s) => (segmentBytes[s] = b.byteLength));
  const pool = startWorkers(n, (index) => ({
    file: job.file,
    params: job.params,
    ...(job.variant !== undefined ? { variant: job.variant } : {}),
    compile: job.compile,
    skipProperties: job.skipProperties,
    symmetry: job.symmetry,
    auditSymmetry: job.auditSymmetry,
    noDeadlock: options.noDeadlock ?? false,
    deadlock: options.deadlock ?? 'tlc',
    index,
    workers: n,
    store,
    budget: budget.buffer,
    memoryLimit: budget.limit,
    abort: abortBuffer,
    barrier,
  }), onAbort);
  let progressAt = started;
  const slices = new Slices(n);

  async function search(): Promise<CheckResult> {
    const ready = await pool.round(null);
    workerStartMs = performance.now() - started;
    started = performance.now();
    cpuAtStart = process.cpuUsage();
    coordinatorFrom = threadCpuMs();
    progressAt = started;
    const shape = `${model.layout.slotCount}/${words}/${model.instances.length}/${model.invariants.length}`;
    for (const r of ready) {
      if (r.kind === 'loadFailed') return { result: 'error', error: errorOf(r.error) };
      if (r.kind !== 'ready' || r.shape !== shape) {
        return { result: 'error', error: new SpecError('NONDETERMINISTIC', `a worker built a different model from ${job.file} (${r.kind === 'ready' ? r.shape : r.kind}, here ${shape}): the spec's build depends on something besides its parameters`) };
      }
    }
    let frontier: Frontier = { buffers: [], counts: [] }; // empty: the initial states come next
    let initial = true;
    let size = 0;
    let idBase = 0;
    let grown: GrownSegment[] = [];
    for (;;) {
      const bounds = slices.of(size);
      let roundFrom = performance.now();
      const expanded = await pool.round((w) => ({ kind: 'expand', initial: initial && w === 0, frontier, from: bounds[w]!, to: bounds[w + 1]!, idBase, grown }));
      addRound(profile.expand, performance.now() - roundFrom, expanded.map((r) => (r.kind === 'expanded' ? r.cpuMs : 0)));
      for (let w = 0, at = 0; w < n; w++) {
        // the states of worker w's slice that lie in another worker's chunk
        const from = bounds[w]!;
        const to = bounds[w + 1]!;
        const own = Math.max(0, Math.min(to, at + (frontier.counts[w] ?? 0)) - Math.max(from, at));
        profile.readAcross += to - from - own;
        at += frontier.counts[w] ?? 0;
      }
      slices.learn(bounds, expanded);
      if (expanded.some((r) => r.kind === 'interrupted')) return { result: 'incomplete', reason: 'interrupted', ...stats() };
      const results = expanded.map((r) => r as Extract<FromWorker, { kind: 'expanded' }>);
      // the first worker with a finding (or an error) holds the search's first; the workers after it do not count
      let cut = results.findIndex((r) => r.finding !== null || r.error !== null);
      if (cut < 0) cut = n - 1;
      const counted = results.slice(0, cut + 1);
      const stillUncovered = new Set<string>();
      for (const c of uncovered) if (counted.every((r) => r.uncovered.includes(c))) stillUncovered.add(c);
      uncovered = stillUncovered;
      for (const r of counted) {
        generated += r.generated;
        r.generatedBy.forEach((g, a) => (generatedBy[a]! += g));
        r.enabledBy.forEach((e, a) => (enabledBy[a]! |= e));
      }
      results.forEach((r, w) => (audits[w] = r.audit));
      const error = counted[cut]!.error;
      if (error) return { result: 'error', error: withTraceTo(model, () => pathTo(error.at), options.canonicalize, errorOf(error)).with({ depth: depth || 1 }) };

      // worker 0 inserted its own; the others' candidates go to their owners (the workers after the cut are dropped)
      const producers = results.map((r, w) => (w <= cut ? r.candidates : null));
      candidates += counted.reduce((s, r) => s + (r.candidates?.count ?? r.direct), 0);
      profile.handedOff += counted.reduce((s, r) => s + (r.candidates?.count ?? 0), 0);
      const grownWhileExpanding = counted.flatMap((r) => r.grown);
      for (const g of grownWhileExpanding) segmentBytes[g.index] = g.buffer.byteLength;
      roundFrom = performance.now();
      const inserted = await pool.round((w) => ({ kind: 'insert', producers, counted: w <= cut, grown: grownWhileExpanding }));
      if (inserted.some((r) => r.kind === 'interrupted')) return { result: 'incomplete', reason: 'interrupted', ...stats() };
      const chunks = inserted.map((r) => r as Extract<FromWorker, { kind: 'inserted' }>);
      addRound(profile.insert, performance.now() - roundFrom, chunks.map((r) => r.cpuMs));
      profile.barrierWaitMs += chunks.reduce((s, r) => s + r.waitMs, 0);
      grown = chunks.flatMap((r) => r.grown);
      for (const g of grown) segmentBytes[g.index] = g.buffer.byteLength;
      let fresh = 0;
      const logChunks: Level['chunks'][number][] = [];
      for (const r of chunks) {
        r.distinctBy.forEach((d, a) => (distinctBy[a]! += d));
        fullStates += r.fullStates;
        if (r.fresh > 0) logChunks.push({ offset: fresh, parents: new Int32Array(r.parents!), ordinals: new Uint16Array(r.ordinals!) });
        fresh += r.fresh;
      }
      logBytes += fresh * 6;
      levels.push({ start: distinct, chunks: logChunks });
      const levelStart = distinct;
      distinct += fresh;
      if (fresh > 0) deepest = depth + 1;
      queuePeak = Math.max(queuePeak, size + fresh);

      const finding: Finding | null = counted[cut]!.finding;
      if (finding) return findingResult(model, finding, pathTo, options.canonicalize, stats());
      if (initial && distinct === 0) {
        const c = model.constraints[0]!; // init yields a state (else Explorer throws): a constraint dropped them all
        return { result: 'error', error: new SpecError('SPEC_DEFINITION', `every initial state fails constraint '${c.name}': there is nothing to explore, and every property would hold vacuously`, { location: c.location }) };
      }
      depth++;
      initial = false;
      frontier = { buffers: chunks.map((r) => r.packed), counts: chunks.map((r) => r.fresh) };
      size = fresh;
      idBase = levelStart;
      if (size === 0) return completeResult(model, uncovered, stats());
      if (distinct >= (options.maxStates ?? Infinity)) return { result: 'incomplete', reason: 'max-states', ...stats() };
      if (options.signal?.aborted) return { result: 'incomplete', reason: 'interrupted', ...stats() };
      const now = performance.now();
      if (options.onProgress && now - progressAt >= (options.progressEveryMs ?? 1000)) {
        progressAt = now;
        // between levels: the next level is all still to expand
        options.onProgress({ distinctStates: distinct, generatedStates: generated, queue: size, depth: deepest, elapsedMs: now - started, expanded: distinct - size, levelRemaining: size, memoryBytes: options.memory?.used ?? 0 });
      }
    }
  }

  const cpuMs = () => {
    const u = process.cpuUsage(cpuAtStart);
    profile.coordinatorCpuMs = threadCpuMs() - coordinatorFrom;
    return (u.user + u.system) / 1000;
  };
  try {
    const result = await search();
    return { result, audit: auditFigures(), workerStartMs, candidates, searchCpuMs: cpuMs(), profile };
  } catch (e) {
    if (e instanceof OutOfMemory) return { result: { result: 'incomplete', reason: 'memory', ...stats() }, audit: auditFigures(), workerStartMs, candidates, searchCpuMs: cpuMs(), profile };
    throw e;
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
    await pool.close();
  }
}

/** Tuning of the split, for tests and measurements. */
export const tuning = {
  /** Levels narrower than this are expanded by worker 0 alone (it hands nothing off). */
  narrow: 256,
};

/**
 * How a level is split: contiguous slices in worker order, sized by each worker's rate on the last wide
 * level (worker 0 inserts as it goes and hands nothing off, so it is faster; a loaded core is slower).
 */
class Slices {
  readonly #rates: Float64Array;
  #measured = false;
  constructor(readonly n: number) {
    this.#rates = new Float64Array(n).fill(1); // equal until a wide level is measured
  }

  /** n + 1 bounds: worker w expands [bounds[w], bounds[w + 1]). */
  of(size: number): number[] {
    const bounds = [0];
    if (size < tuning.narrow) {
      for (let w = 0; w < this.n; w++) bounds.push(size);
      return bounds;
    }
    const total = this.#rates.reduce((s, r) => s + r, 0);
    let at = 0;
    for (let w = 0; w < this.n; w++) {
      at += this.#rates[w]!;
      bounds.push(w === this.n - 1 ? size : Math.round((size * at) / total));
    }
    return bounds;
  }

  /** Takes the rates of a level's expansion (states per ms of each worker's CPU time). */
  learn(bounds: readonly number[], replies: readonly FromWorker[]): void {
    if (bounds[this.n]! < tuning.narrow) return;
    // by CPU time where the system gives it (a worker's wall time includes the time other processes held its core)
    const time = (r: FromWorker) => (r.kind !== 'expanded' ? 0 : r.cpuMs > 0 ? r.cpuMs : r.busyMs);
    const rates = replies.map((r, w) => (time(r) > 0 ? (bounds[w + 1]! - bounds[w]!) / time(r) : 0));
    if (rates.some((r) => !(r > 0))) return;
    const total = rates.reduce((s, r) => s + r, 0);
    // shares, smoothed over levels (a level's rate is noisy on a shared machine)
    rates.forEach((r, w) => (this.#rates[w] = this.#measured ? 0.5 * this.#rates[w]! + (0.5 * r) / total : r / total));
    this.#measured = true;
  }
}

/** The workers, and one round of messages: one to each, one reply from each. */
interface Pool {
  /** Sends `message(w)` to each worker w (null: nothing, wait for its first message) and resolves with the replies in worker order. */
  round(message: ((w: number) => ToWorker) | null): Promise<FromWorker[]>;
  close(): Promise<void>;
}

// The worker's entry is TypeScript when the checker runs from its sources, and the user's spec always
// is: the thread registers, before importing it, what bin/interleave.js registers (tsx, and the hook
// that resolves `import ... from 'interleave'` to this checker's DSL). Registered hooks do not reach a
// worker thread in Node 20, so each does it itself.
const here = import.meta.url;
const fromSource = here.endsWith('.ts');
const root = new URL(fromSource ? '../../' : '../../../', here);
const BOOT = `
const { workerData } = require('node:worker_threads');
require('node:module').register(workerData.hook, { data: { dsl: workerData.dsl } });
import(workerData.tsx).then((tsx) => tsx.register()).then(() => import(workerData.entry));
`;

function startWorkers(n: number, jobOf: (index: number) => WorkerJob, stopAll: () => void): Pool {
  const boot = {
    hook: new URL('bin/resolve-interleave.js', root).href,
    dsl: new URL(fromSource ? 'spec/index.ts' : 'dist/spec/index.js', root).href,
    tsx: pathToFileURL(createRequire(here).resolve('tsx/esm/api').replace(/\.cjs$/, '.mjs')).href,
    entry: new URL(`worker.${fromSource ? 'ts' : 'js'}`, here).href,
  };
  const workers: Worker[] = [];
  const replies: (FromWorker | undefined)[] = [];
  const pending: ((value: void) => void)[] = [];
  for (let i = 0; i < n; i++) {
    const w = new Worker(BOOT, { eval: true, workerData: { ...boot, job: jobOf(i) } });
    w.on('message', (m: FromWorker) => {
      replies[i] = m;
      pending[i]?.();
    });
    w.on('error', (e) => {
      stopAll(); // the others may wait for it at a barrier
      replies[i] ??= { kind: 'crashed', message: e.stack ?? e.message };
      pending[i]?.();
    });
    w.on('exit', (code) => {
      if (replies[i] === undefined && pending[i]) {
        stopAll();
        replies[i] = { kind: 'crashed', message: `worker ${i} exited (code ${code})` };
        pending[i]?.();
      }
    });
    workers.push(w);
  }
  return {
    async round(message) {
      const got = workers.map(
        (w, i) =>
          new Promise<FromWorker>((resolve) => {
            const take = () => {
              const r = replies[i]!;
              replies[i] = undefined;
              delete pending[i];
              resolve(r);
            };
            if (replies[i] !== undefined && message === null) return take();
            pending[i] = take;
            if (message) w.postMessage(message(i));
          }),
      );
      const out = await Promise.all(got);
      const oom = out.find((r) => r.kind === 'outOfMemory');
      if (oom) throw new OutOfMemory('a worker could not allocate');
      const crashed = out.find((r) => r.kind === 'crashed');
      if (crashed) throw new Error(`a worker of the parallel search failed: ${(crashed as { message: string }).message}`);
      return out;
    },
    async close() {
      await Promise.all(workers.map((w) => w.terminate()));
    },
  };
}
