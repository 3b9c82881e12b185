// The spec audit: while the search runs, a sample of its own states is re-run to test two things a
// search silently relies on.
// - Symmetry: with symmetry reduction on, a sampled state and its image under a random permutation
//   must agree (properties, enabled actions, successors: checkSymmetry's compareWithImage). Ids are
//   opaque, so most breaks cannot be written; this catches the rest (a constant id such as
//   `Proc.values[0]` in a guard, an iteration whose order decides the result).
// - Determinism: the initial states and the successors of a sampled state must be the same when the
//   code runs again later (Math.random, Date.now or a module-level counter in spec code give a
//   different verdict from run to run). The second run waits for the next yield of the search, so
//   that time has passed.
// Sampled: the first 128 states, then one state in 256, so the states of every depth are tested;
// each against a random permutation and transpositions (every one in the first states, up to 512
// comparisons: a small spec's few states must show a break under the one renaming that exposes it)
// (determinism on the initial states, the first 128 states and one later sample in four); about 5%
// of the search's time (figures in docs/symmetry.md).
import type { SourceLocation } from '../spec/location.ts';
import type { CompiledModel } from './compile.ts';
import { Explorer } from './Explorer.ts';
import { SpecError } from './SpecError.ts';
import { compareWithImage, successorsOf, symmetryError, type Successors } from './symmetry/checkSymmetry.ts';
import type { Symmetry } from './symmetry/Symmetry.ts';

/** What the audit did, for the statistics. */
export interface AuditFigures {
  /** States whose image under a permutation was compared (0 without symmetry reduction). */
  readonly symmetrySamples: number;
  /** States (and the initial states) whose successors were computed twice. */
  readonly determinismSamples: number;
}

const EVERY = 256;
const FIRST = 128;
const DETERMINISM_EVERY = 4;
/**
 * Comparisons spent on trying every transposition of the first states: all 128 of them with 3 ids (3
 * transpositions each), the first 18 with 8 ids (28 each); one transposition at random after that.
 */
const TRANSPOSITION_BUDGET = 512;
/** Pending determinism re-runs kept before they are run anyway. */
const MAX_PENDING = 64;

/**
 * One audit per search. It runs spec code through the search's own Explorer, between two
 * expansions: user code then sees one set of view objects, and V8's inline caches in it stay
 * monomorphic (a second Explorer made the whole search 20-30% slower).
 */
export class SpecAudit {
  readonly #symmetry: Symmetry | null;
  readonly #perm: Int32Array | null;
  readonly #pending: { state: Int32Array; successors: Successors }[] = [];
  #initial: string[] | null = null;
  /** When the oldest pending first run was made (ms). */
  #since = 0;
  #rng = 0x9e3779b9;
  #sampled = 0;
  #budget = TRANSPOSITION_BUDGET;
  #symmetrySamples = 0;
  #determinismSamples = 0;

  /** `symmetry`: the reduction the search uses (null: none, only determinism is tested). */
  constructor(
    readonly model: CompiledModel,
    symmetry: Symmetry | null,
  ) {
    this.#symmetry = symmetry;
    this.#perm = symmetry ? new Int32Array(symmetry.roles.ids) : null;
  }

  get figures(): AuditFigures {
    return { symmetrySamples: this.#symmetrySamples, determinismSamples: this.#determinismSamples };
  }

  /** Call once before the search: records the initial states for a second run later. */
  start(ex: Explorer): void {
    this.#initial = this.#initialStates(ex);
    this.#since = Date.now();
  }

  /**
   * Call with each state in `ex.cur` before it is expanded (`id` in BFS order); leaves `ex.cur` as it
   * found it. Throws SpecError on a failure.
   */
  sample(ex: Explorer, id: number): void {
    if (id >= FIRST && id % EVERY !== 0) return;
    const s = ex.cur.slice();
    if (this.#symmetry) {
      this.#symmetrySamples++;
      // one random permutation, and transpositions: every one in the first states (a small spec has few
      // states, and a break may show under one renaming only), one at random later
      this.#randomPermutation();
      this.#compare(ex, s);
      this.#transpositions(ex, s);
    }
    if (id < FIRST || this.#sampled++ % DETERMINISM_EVERY === 0) {
      if (this.#pending.length === 0 && !this.#initial) this.#since = Date.now();
      this.#pending.push({ state: s, successors: successorsOf(ex, s, null, null) });
      if (this.#pending.length >= MAX_PENDING) this.flush(ex);
    }
    ex.cur.set(s);
  }

  /** Runs the pending second runs (call between expansions: when the search yields, and at its end); throws SpecError. */
  flush(ex: Explorer): void {
    if (!this.#initial && this.#pending.length === 0) return;
    // let the clock move on (at most 2 ms, once per flush), so code that reads the time shows it
    while (Date.now() <= this.#since + 1);
    if (this.#initial) {
      const again = this.#initialStates(ex);
      const first = this.#initial;
      this.#initial = null;
      this.#determinismSamples++;
      if (again.join('|') !== first.join('|')) {
        throw nondeterministic('init', `the initial states differ between two runs of init: ${first.length} state${first.length === 1 ? '' : 's'}, then ${again.length}`, undefined, undefined, this.model.initLocation);
      }
    }
    for (const { state, successors } of this.#pending.splice(0)) {
      this.#determinismSamples++;
      const again = successorsOf(ex, state, null, null);
      const differs = firstDifference(successors, again);
      if (differs !== null) {
        const inst = this.model.instances[differs.instance]!;
        throw nondeterministic(inst.name, `${inst.process ? `${inst.process}: ` : ''}action '${inst.name}' ${differs.what} when run again on the same state`, ex.stateJson(state), inst.argsJson, this.model.actions[inst.action]!.location);
      }
    }
  }

  #compare(ex: Explorer, state: Int32Array): void {
    const witness = compareWithImage(ex, this.#symmetry!, state, this.#perm!);
    if (witness) {
      // located at the action (or property) whose behaviour differs
      const m = this.model;
      const name = witness.action?.name ?? witness.property;
      const location = [...m.actions, ...m.invariants, ...m.covers, ...m.constraints].find((x) => x.name === name)?.location;
      const e = symmetryError(witness, 'sampled');
      throw location ? new SpecError(e.code, e.message, { ...e.options, location }) : e;
    }
  }

  /** Compares `state` with its images under transpositions of ids: all of them while the budget lasts, else one at random. */
  #transpositions(ex: Explorer, state: Int32Array): void {
    const { roles } = this.#symmetry!;
    const p = this.#perm!;
    const pairs: [number, number][] = [];
    roles.scalarsets.forEach((set, i) => {
      const off = roles.offsets[i]!;
      for (let a = 0; a < set.size; a++) for (let b = a + 1; b < set.size; b++) pairs.push([off + a, off + b]);
    });
    const all = pairs.length <= this.#budget;
    if (all) this.#budget -= pairs.length;
    const chosen = all ? pairs : pairs.length ? [pairs[this.#next() % pairs.length]!] : [];
    for (const [a, b] of chosen) {
      roles.scalarsets.forEach((set, i) => {
        for (let k = 0; k < set.size; k++) p[roles.offsets[i]! + k] = k;
      });
      p[a] = b - roles.offsets[this.#setOf(a)]!;
      p[b] = a - roles.offsets[this.#setOf(b)]!;
      this.#compare(ex, state);
    }
  }

  #setOf(index: number): number {
    const offsets = this.#symmetry!.roles.offsets;
    let i = offsets.length - 1;
    while (offsets[i]! > index) i--;
    return i;
  }

  #initialStates(ex: Explorer): string[] {
    const out: string[] = [];
    ex.initial(() => out.push(ex.draft.join(',')));
    return out.sort();
  }

  /** A uniformly random permutation of every scalarset (xorshift, fixed seed: runs are reproducible). */
  #randomPermutation(): void {
    const { roles } = this.#symmetry!;
    const p = this.#perm!;
    roles.scalarsets.forEach((set, i) => {
      const off = roles.offsets[i]!;
      for (let k = 0; k < set.size; k++) p[off + k] = k;
      for (let k = set.size - 1; k > 0; k--) {
        const j = this.#next() % (k + 1);
        const t = p[off + k]!;
        p[off + k] = p[off + j]!;
        p[off + j] = t;
      }
    });
  }

  #next(): number {
    let x = this.#rng;
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    this.#rng = x >>> 0;
    return this.#rng;
  }
}

function firstDifference(a: Successors, b: Successors): { instance: number; what: string } | null {
  for (const [index, list] of a.byInstance) {
    const other = b.byInstance.get(index);
    if (!other) return { instance: index, what: 'was enabled, and was not' };
    if (other.length !== list.length) return { instance: index, what: `gave ${list.length} successors, then ${other.length}` };
    if (other.some((k, i) => k !== list[i])) return { instance: index, what: 'gave other successors' };
  }
  for (const index of b.byInstance.keys()) if (!a.byInstance.has(index)) return { instance: index, what: 'was not enabled, and then was' };
  return null;
}

function nondeterministic(action: string, message: string, state: unknown, args?: Readonly<Record<string, unknown>>, location?: SourceLocation): SpecError {
  return new SpecError('NONDETERMINISTIC', `${message}: spec code must be a function of the state`, {
    location,
    context: { action, ...(args ? { args } : {}), ...(state !== undefined ? { state } : {}) },
    hint: 'guards, effects, next labels and properties may read only the state, their arguments and constants: not Math.random, Date.now or a variable they change',
  });
}
