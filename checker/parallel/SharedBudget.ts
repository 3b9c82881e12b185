// The memory budget of a parallel search, charged by every thread: the bytes used live in shared memory.
import { MemoryBudget, OutOfMemory } from '../memory.ts';

const mib = (bytes: number) => (bytes / 2 ** 20).toFixed(1);

/** A MemoryBudget whose count of used bytes is shared by the threads that map `buffer`. */
export class SharedBudget extends MemoryBudget {
  readonly #used: BigInt64Array;
  constructor(
    limit: number,
    readonly buffer: SharedArrayBuffer = new SharedArrayBuffer(8),
  ) {
    super(limit);
    this.#used = new BigInt64Array(buffer);
  }

  override get used(): number {
    return Number(Atomics.load(this.#used, 0));
  }

  override reserve(bytes: number): void {
    const after = Number(Atomics.add(this.#used, 0, BigInt(bytes))) + bytes;
    if (after > this.limit) {
      Atomics.sub(this.#used, 0, BigInt(bytes));
      throw new OutOfMemory(`the store needs ${mib(after)} MiB, over the budget of ${mib(this.limit)} MiB`);
    }
  }

  override release(bytes: number): void {
    Atomics.sub(this.#used, 0, BigInt(bytes));
  }
}
