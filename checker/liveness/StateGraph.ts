// The explored state graph, kept for liveness checking: successor lists in typed arrays (CSR: the
// edges of state s are [offsets[s], offsets[s + 1])), each edge its target id and the action instance
// that took it, plus a few bits per state for the state predicates of the temporal properties.
// Edges are stored in the order the search generated them, self-loops and duplicates included, so an
// edge's position in its source's list is the successor ordinal a trace is rebuilt from.
// No object per state or edge: about 5-8 bytes per edge and 4 per state.
import type { ActionInstance, CompiledModel } from '../compile.ts';
import { Explorer } from '../Explorer.ts';
import { allocate, type MemoryBudget } from '../memory.ts';

const CHUNK_BITS = 16;
const CHUNK = 1 << CHUNK_BITS;
const MASK = CHUNK - 1;

type InstArray = Uint8Array | Uint16Array | Int32Array;

/** A state predicate evaluated on every stored state (one bit per state). */
export interface StatePredicate {
  /** The property it belongs to, for error messages. */
  readonly property: string;
  readonly test: (s: any) => boolean;
}

/** The stored graph: read-only once built. */
export interface StateGraph {
  readonly stateCount: number;
  readonly edgeCount: number;
  /** Edge range of state s: `offsets[s] .. offsets[s + 1]`. */
  readonly offsets: Int32Array;
  readonly targets: Int32Array;
  /** Action instance index of each edge. */
  readonly insts: InstArray;
  /** Predicate bits: bit k of state s is `(labels[s * labelWords + (k >>> 5)] >>> (k & 31)) & 1`. */
  readonly labels: Uint32Array;
  readonly labelWords: number;
  /** Initial states (ids) and their ordinals among the generated initial states. */
  readonly initialIds: Int32Array;
  readonly initialOrdinals: Int32Array;
  /** Bytes of offsets, targets and instances. */
  readonly graphBytes: number;
  readonly labelBytes: number;
}

/** Whether predicate `k` holds in state `s`. */
export function holdsIn(g: StateGraph, s: number, k: number): boolean {
  return ((g.labels[s * g.labelWords + (k >>> 5)]! >>> (k & 31)) & 1) === 1;
}

/**
 * Builds the graph from the search's hooks: pass `onState` and `onTransition` to bfs, then call
 * `finish()`. States arrive in id order and transitions grouped by source in id order (BFS order).
 */
export class GraphRecorder {
  readonly #ex: Explorer;
  readonly #predicates: readonly StatePredicate[];
  readonly #labelWords: number;
  readonly #instBytes: 1 | 2 | 4;
  readonly #targets: Int32Array[] = [];
  readonly #insts: InstArray[] = [];
  readonly #offsets: Int32Array[] = [];
  readonly #labels: Uint32Array[] = [];
  readonly #initialIds: number[] = [];
  readonly #initialOrdinals: number[] = [];
  #edges = 0;
  #states = 0;
  /** States whose edge offset is recorded: 0 .. #offsetCount - 1. */
  #offsetCount = 0;

  constructor(
    model: CompiledModel,
    predicates: readonly StatePredicate[],
    readonly budget?: MemoryBudget,
  ) {
    this.#ex = new Explorer(model);
    this.#predicates = predicates;
    this.#labelWords = Math.max(1, Math.ceil(predicates.length / 32));
    const n = model.instances.length;
    this.#instBytes = n <= 0xff ? 1 : n <= 0xffff ? 2 : 4;
  }

  /** bfs hook: a new state (evaluates the predicates on it). */
  readonly onState = (id: number, state: Int32Array, initialOrdinal: number): void => {
    if (id !== this.#states) throw new Error(`internal: states reached the liveness graph out of order (${id}, expected ${this.#states})`);
    this.#states++;
    if (initialOrdinal >= 0) {
      this.#initialIds.push(id);
      this.#initialOrdinals.push(initialOrdinal);
    }
    const words = this.#labelWords;
    const base = id * words;
    if (((base + words - 1) >>> CHUNK_BITS) >= this.#labels.length) this.#labels.push(allocate(this.budget, CHUNK * 4, () => new Uint32Array(CHUNK)));
    const ex = this.#ex;
    ex.draft.set(state);
    const preds = this.#predicates;
    for (let k = 0; k < preds.length; k++) {
      if (!ex.holds(preds[k]!.property, preds[k]!.test)) continue;
      const i = base + (k >>> 5);
      this.#labels[i >>> CHUNK_BITS]![i & MASK]! |= 1 << (k & 31);
    }
  };

  /** bfs hook: a transition, in generation order. */
  readonly onTransition = (from: number, to: number, inst: ActionInstance): void => {
    this.#recordOffsetsUpTo(from);
    const e = this.#edges++;
    if ((e & MASK) === 0) {
      this.#targets.push(allocate(this.budget, CHUNK * 4, () => new Int32Array(CHUNK)));
      const b = this.#instBytes;
      this.#insts.push(allocate(this.budget, CHUNK * b, () => (b === 1 ? new Uint8Array(CHUNK) : b === 2 ? new Uint16Array(CHUNK) : new Int32Array(CHUNK))));
    }
    this.#targets[e >>> CHUNK_BITS]![e & MASK] = to;
    this.#insts[e >>> CHUNK_BITS]![e & MASK] = inst.index;
  };

  /** Offsets of states up to `s` (those after the last source seen have no edges yet). */
  #recordOffsetsUpTo(s: number): void {
    while (this.#offsetCount <= s) {
      const i = this.#offsetCount++;
      if ((i & MASK) === 0) this.#offsets.push(allocate(this.budget, CHUNK * 4, () => new Int32Array(CHUNK)));
      this.#offsets[i >>> CHUNK_BITS]![i & MASK] = this.#edges;
    }
  }

  /** The finished graph, in contiguous arrays (the chunks are released as they are copied). */
  finish(): StateGraph {
    const n = this.#states;
    this.#recordOffsetsUpTo(n); // offsets[n] = edge count
    const m = this.#edges;
    const offsets = concat(this.#offsets, n + 1, (k) => new Int32Array(k));
    const targets = concat(this.#targets, m, (k) => new Int32Array(k));
    const insts = concat<InstArray>(this.#insts, m, (k) => (this.#instBytes === 1 ? new Uint8Array(k) : this.#instBytes === 2 ? new Uint16Array(k) : new Int32Array(k)));
    const labels = concat(this.#labels, n * this.#labelWords, (k) => new Uint32Array(k));
    return {
      stateCount: n,
      edgeCount: m,
      offsets,
      targets,
      insts,
      labels,
      labelWords: this.#labelWords,
      initialIds: Int32Array.from(this.#initialIds),
      initialOrdinals: Int32Array.from(this.#initialOrdinals),
      graphBytes: offsets.byteLength + targets.byteLength + insts.byteLength,
      labelBytes: labels.byteLength,
    };
  }
}

function concat<T extends InstArray | Uint32Array>(chunks: T[], length: number, make: (n: number) => T): T {
  const out = make(length);
  for (let c = 0; c < chunks.length; c++) {
    const start = c * CHUNK;
    if (start >= length) break;
    const chunk = chunks[c]!;
    out.set(start + CHUNK <= length ? chunk : chunk.subarray(0, Math.max(0, length - start)), start);
    (chunks as (T | null)[])[c] = null;
  }
  chunks.length = 0;
  return out;
}
