// The memory budget of a search. The store, the queue, the parent log and the liveness graph live in
// typed arrays, outside V8's heap: what bounds them is the machine's memory (or the container's), not
// V8's heap limit. Every allocation of theirs goes through `allocate`, which charges it to the budget
// and turns a failed allocation (a RangeError from V8) into `OutOfMemory`: the search then stops with
// result `incomplete`, reason `memory`, and its statistics, rather than crash or blame the spec.
import { totalmem } from 'node:os';

/** The store could not grow: over the budget, or the allocation itself failed. Never the spec's fault. */
export class OutOfMemory extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'OutOfMemory';
  }
}

/** Bytes the search's arrays may hold at once. */
export class MemoryBudget {
  #used = 0;
  constructor(readonly limit: number) {}

  get used(): number {
    return this.#used;
  }

  /** Charges `bytes`; throws OutOfMemory when they do not fit. */
  reserve(bytes: number): void {
    if (this.#used + bytes > this.limit) {
      throw new OutOfMemory(`the store needs ${mib(this.#used + bytes)} MiB, over the budget of ${mib(this.limit)} MiB`);
    }
    this.#used += bytes;
  }

  /** Returns `bytes` (an array that was dropped). */
  release(bytes: number): void {
    this.#used = Math.max(0, this.#used - bytes);
  }
}

const mib = (bytes: number) => (bytes / 2 ** 20).toFixed(1);

/**
 * Allocates a typed array of `bytes` bytes with `make`, charged to `budget` when there is one. A
 * RangeError from the allocation ("Array buffer allocation failed", "Invalid typed array length")
 * becomes OutOfMemory.
 */
export function allocate<T>(budget: MemoryBudget | undefined, bytes: number, make: () => T): T {
  budget?.reserve(bytes);
  try {
    return make();
  } catch (e) {
    budget?.release(bytes);
    if (e instanceof RangeError) throw new OutOfMemory(`allocating ${mib(bytes)} MiB failed: ${e.message}`, { cause: e });
    throw e;
  }
}

/**
 * The default budget: 75% of the machine's memory, or of the container's limit when one is set
 * (`process.constrainedMemory()`), leaving the rest to V8's heap, the spec's code and the system.
 */
export function defaultMemoryLimit(): number {
  const machine = totalmem();
  const constrained = (process as { constrainedMemory?: () => number | undefined }).constrainedMemory?.() ?? 0;
  const available = constrained > 0 && constrained < machine ? constrained : machine;
  return Math.floor(available * 0.75);
}
