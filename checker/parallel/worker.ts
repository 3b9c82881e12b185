// One worker of a parallel search: it loads the spec itself (its own module instances, its own compiled
// code), runs its own Explorer through the one expansion of checker/expansion.ts, and answers the
// coordinator's two phases per level (protocol.ts). Started by parallelBfs.ts's boot script, which
// registers the loaders a .ts spec needs in this thread first.
import { parentPort, workerData } from 'node:worker_threads';
import type { ActionInstance } from '../compile.ts';
import { withoutProperties } from '../withoutProperties.ts';
import { interpretOnly } from '../compiler/index.ts';
import { Explorer } from '../Explorer.ts';
import { expansion, type Finding, type Sink } from '../expansion.ts';
import { importSpec, instantiate, type LoadedModel } from '../loadSpec.ts';
import { allocate, OutOfMemory } from '../memory.ts';
import { stateKeyer } from '../packing.ts';
import { SpecAudit } from '../SpecAudit.ts';
import { SpecError } from '../SpecError.ts';
import { symmetryOf } from '../symmetry/Symmetry.ts';
import type { FromWorker, SentError, ToWorker, WorkerJob } from './protocol.ts';
import { SharedBudget } from './SharedBudget.ts';
import { threadCpuMs } from './profile.ts';
import { ownerOf, SharedStore } from './SharedStore.ts';

const job = workerData.job as WorkerJob;
const port = parentPort!;
const send = (m: FromWorker) => port.postMessage(m);
const sent = (e: SpecError, at: number): SentError => ({ code: e.code, message: e.message, options: { location: e.options.location, hint: e.options.hint, context: e.options.context }, at });

let loaded: LoadedModel | undefined;
try {
  loaded = instantiate(await importSpec(job.file), job.file, job.params, job.variant);
} catch (e) {
  if (!(e instanceof SpecError)) throw e;
  send({ kind: 'loadFailed', error: sent(e, 0) });
  await new Promise(() => {}); // the coordinator ends this thread
}
if (!loaded) throw new Error('unreachable');
if (!job.compile) interpretOnly(loaded.model);
const model = job.skipProperties.length ? withoutProperties(loaded.model, new Set(job.skipProperties)) : loaded.model;
const ex = new Explorer(model);
const { words, unpack } = model.packing;
const budget = new SharedBudget(job.memoryLimit, job.budget);
const store = new SharedStore(job.store, budget);
const abort = new Int32Array(job.abort);
const symmetry = job.symmetry ? symmetryOf(model) : null;
const canon = symmetry?.canonicalize;
const audit: SpecAudit | null = new SpecAudit(model, symmetry && job.auditSymmetry ? symmetryOf(model) : null);
const workers = job.workers;
const me = job.index;

// this level's candidates: keys, owners and flags shared with the owners, the packed states with every
// worker (the level after next reads them), the rest kept here
let capacity = 0;
let count = 0;
let keys = new Uint32Array(new SharedArrayBuffer(0));
let owners = new Uint8Array(new SharedArrayBuffer(0));
let flags = new Uint8Array(new SharedArrayBuffer(0));
let parentOf = new Int32Array(0);
let ordinalOf = new Uint16Array(0);
let actionOf = new Int32Array(0);
/**
 * Two buffers of packed states, taken in turn: a level's candidates are written into one and compacted
 * there to its new states, which every worker reads while expanding the next level, whose candidates go
 * into the other.
 */
const packedSides = [new Uint32Array(new SharedArrayBuffer(0)), new Uint32Array(new SharedArrayBuffer(0))];
let side = 0;
let packedOf = packedSides[0]!;

/** A larger shared copy of `old` (its first `used` elements), charged to the budget. */
const shared = <T extends Uint32Array<SharedArrayBuffer> | Uint8Array<SharedArrayBuffer>>(make: (b: SharedArrayBuffer) => T, old: T, perCandidate: number, used: number): T => {
  const bytes = capacity * perCandidate * old.BYTES_PER_ELEMENT;
  const t = make(allocate(budget, bytes, () => new SharedArrayBuffer(bytes)));
  t.set(old.subarray(0, used));
  budget.release(old.byteLength);
  return t;
};
const grow = (): void => {
  capacity = Math.max(1024, capacity * 2);
  keys = shared((b) => new Uint32Array(b), keys, 2, 2 * count);
  owners = shared((b) => new Uint8Array(b), owners, 1, count);
  flags = shared((b) => new Uint8Array(b), flags, 1, count);
  packedOf = packedSides[side] = shared((b) => new Uint32Array(b), packedOf, words, count * words);
  const pa = new Int32Array(capacity);
  pa.set(parentOf.subarray(0, count));
  parentOf = pa;
  const o = new Uint16Array(capacity);
  o.set(ordinalOf.subarray(0, count));
  ordinalOf = o;
  const a = new Int32Array(capacity);
  a.set(actionOf.subarray(0, count));
  actionOf = a;
};

const keyer = stateKeyer(model.packing, model.layout.slotCount, canon);
const { packed, fp } = keyer;
const canonBuf = new Int32Array(model.layout.slotCount); // for the orbit sizes
/** A successor not in the visited set becomes a candidate; the owners decide which are new. */
const sink: Sink = {
  visit(parent: number, ordinal: number, inst: ActionInstance | null): number {
    keyer.key(ex.draft);
    const hi = fp[0]!;
    const lo = fp[1]!;
    if (direct) {
      // the first slice: its first meeting of a key is the one-thread search's first (no slice comes before)
      if (!store.insert(hi, lo)) return -1;
    } else {
      if (store.has(hi, lo)) return -1;
      // a key met earlier in this slice was met earlier by the one-thread search too: not new. The filter
      // remembers recent keys only; a repeat it missed goes to the owner, which drops it (not the first)
      const r = (Math.imul(hi ^ Math.imul(lo, 0x9e3779b1), 0x85ebca6b) >>> RECENT_SHIFT) << 1;
      if (recent[r] === hi && recent[r + 1] === lo && (hi | lo) !== 0) return -1; // (0, 0): an empty slot
      recent[r] = hi;
      recent[r + 1] = lo;
    }
    if (count === capacity) grow();
    const c = count++;
    keys[2 * c] = hi;
    keys[2 * c + 1] = lo;
    owners[c] = direct ? 0 : ownerOf(hi, lo, workers);
    flags[c] = direct ? 1 : 0;
    for (let k = 0; k < words; k++) packedOf[c * words + k] = packed[k]!;
    parentOf[c] = parent;
    ordinalOf[c] = ordinal;
    actionOf[c] = inst ? inst.action : -1;
    return c;
  },
};
/**
 * Recent keys of this worker's candidates, one per slot (direct-mapped): keys of earlier levels left in it
 * are in the visited set, so it needs no clearing between levels.
 */
const RECENT_BITS = 17; // 1 MiB: dining N=16 hands off 1.40 candidates per new state with it, 1.60 with 2^15 slots
const RECENT_SHIFT = 32 - RECENT_BITS;
const recent = new Uint32Array(2 << RECENT_BITS);
const step = expansion(model, ex, sink, { noDeadlock: job.noDeadlock, deadlock: job.deadlock });

/**
 * Worker 0 expands each level's first slice: its first meeting of a key is the one-thread search's first
 * (no slice comes before), so it inserts its successors into the visited set as it meets them, in any
 * segment, while the others only probe (a key it inserts that another worker sees was met first by it).
 */
const direct = me === 0;

function expandPhase(m: Extract<ToWorker, { kind: 'expand' }>): FromWorker {
  store.adopt(m.grown);
  count = 0;
  side ^= 1; // the other side holds the level being expanded
  packedOf = packedSides[side]!;
  if (packedOf.length < capacity * words) {
    budget.release(packedOf.byteLength);
    const bytes = capacity * words * 4;
    packedOf = packedSides[side] = new Uint32Array(allocate(budget, bytes, () => new SharedArrayBuffer(bytes)));
  }
  step.counts.generated = 0;
  step.generatedBy.fill(0);
  step.enabledBy.fill(0);
  let finding: Finding | null = null;
  let error: SentError | null = null;
  let id = m.idBase + m.from;
  const began = performance.now();
  const cpuBefore = threadCpuMs();
  try {
    if (m.initial) {
      audit?.start(ex);
      finding = step.initial();
    } else {
      // the level is the workers' new states, one chunk each, in worker order
      const { buffers, counts } = m.frontier;
      let chunk = 0;
      let base = 0; // the index of the chunk's first state in the level
      while (chunk < counts.length - 1 && base + counts[chunk]! <= m.from) base += counts[chunk++]!;
      let states = new Uint32Array(buffers[chunk] ?? new SharedArrayBuffer(0));
      for (let i = m.from; i < m.to; i++) {
        if ((i & 0x3ff) === 0 && Atomics.load(abort, 0) === 1) return { kind: 'interrupted' };
        while (i - base >= counts[chunk]!) {
          base += counts[chunk++]!;
          states = new Uint32Array(buffers[chunk]!);
        }
        unpack(states, (i - base) * words, ex.cur);
        id = m.idBase + i;
        if (audit) audit.sample(ex, id);
        finding = step.expand(id);
        if (finding) break;
      }
    }
    if (!finding) audit?.flush(ex);
  } catch (e) {
    if (!(e instanceof SpecError)) throw e;
    error = sent(e, id);
  }
  return {
    kind: 'expanded',
    candidates: direct ? null : { keys: keys.buffer, owners: owners.buffer, flags: flags.buffer, count },
    direct: direct ? count : 0,
    grown: store.takeGrown(),
    generated: step.counts.generated,
    generatedBy: step.generatedBy.slice(),
    enabledBy: step.enabledBy.slice(),
    uncovered: [...step.uncovered],
    finding,
    error,
    audit: audit?.figures ?? { symmetrySamples: 0, determinismSamples: 0 },
    busyMs: performance.now() - began,
    cpuMs: threadCpuMs() - cpuBefore,
  };
}

/** Counts the workers that finished inserting: every worker takes part in every level's insert phase. */
const barrier = new Int32Array(job.barrier);
let levels = 0;

/** Waits for every worker to finish inserting (its owners set this worker's flags); false when the search is stopped. */
function allInserted(): boolean {
  const target = ++levels * workers;
  let seen = Atomics.add(barrier, 0, 1) + 1;
  if (seen === target) {
    Atomics.notify(barrier, 0);
    return true;
  }
  while (seen < target) {
    Atomics.wait(barrier, 0, seen, 100);
    if (Atomics.load(abort, 0) === 1) return false; // stopped, or a worker failed
    seen = Atomics.load(barrier, 0);
  }
  return true;
}

/**
 * Inserts the candidates whose key this worker owns, in the producers' order; then, once every owner is
 * done, compacts its own candidates to its new states (the next level's chunk of this worker).
 */
function insertPhase(m: Extract<ToWorker, { kind: 'insert' }>): FromWorker {
  const cpuBefore = threadCpuMs();
  let failed: unknown = null;
  try {
    store.adopt(m.grown);
    for (const p of m.producers) {
      if (p === null) continue; // inserted while expanding, or not counted
      const k = new Uint32Array(p.keys);
      const o = new Uint8Array(p.owners);
      const f = new Uint8Array(p.flags);
      for (let i = 0; i < p.count; i++) if (o[i] === me && store.insert(k[2 * i]!, k[2 * i + 1]!)) f[i] = 1;
    }
  } catch (e) {
    failed = e;
  }
  const waitFrom = performance.now();
  if (!allInserted()) return { kind: 'interrupted' };
  const waitMs = performance.now() - waitFrom;
  if (failed) throw failed;
  const grown = store.takeGrown();
  if (!m.counted) return { kind: 'inserted', grown, fresh: 0, packed: packedOf.buffer, parents: null, ordinals: null, distinctBy: new Float64Array(model.actions.length), fullStates: 0, cpuMs: threadCpuMs() - cpuBefore, waitMs };
  let fresh = 0;
  for (let c = 0; c < count; c++) fresh += flags[c]!;
  const parents = new Int32Array(allocate(budget, fresh * 4, () => new SharedArrayBuffer(fresh * 4)));
  const ordinals = new Uint16Array(allocate(budget, fresh * 2, () => new SharedArrayBuffer(fresh * 2)));
  const distinctBy = new Float64Array(model.actions.length);
  let fullStates = 0;
  let j = 0;
  for (let c = 0; c < count; c++) {
    if (flags[c] !== 1) continue;
    if (j !== c) packedOf.copyWithin(j * words, c * words, (c + 1) * words);
    parents[j] = parentOf[c]!;
    ordinals[j] = ordinalOf[c]!;
    const a = actionOf[c]!;
    if (a >= 0) distinctBy[a]++;
    if (symmetry) {
      unpack(packedOf, j * words, canonBuf);
      fullStates += symmetry.orbitSize(canonBuf);
    }
    j++;
  }
  return { kind: 'inserted', grown, fresh, packed: packedOf.buffer, parents: parents.buffer, ordinals: ordinals.buffer, distinctBy, fullStates, cpuMs: threadCpuMs() - cpuBefore, waitMs };
}

port.on('message', (m: ToWorker) => {
  try {
    if (m.kind === 'close') {
      port.close();
      return;
    }
    send(m.kind === 'expand' ? expandPhase(m) : insertPhase(m));
  } catch (e) {
    if (e instanceof OutOfMemory) send({ kind: 'outOfMemory' });
    else send({ kind: 'crashed', message: e instanceof Error ? (e.stack ?? e.message) : String(e) });
  }
});
send({ kind: 'ready', shape: `${model.layout.slotCount}/${words}/${model.instances.length}/${model.invariants.length}` });
