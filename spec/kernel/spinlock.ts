// A spinlock (the PTE lock, a driver's lock): who holds it. Taking a held lock is not a step a
// model can run (the task would spin): guard the step with `spinCanLock`. The holder is recorded so
// that `mightSleep` knows which task is in atomic context.
import { option, record, type Domain, type OptionType, type RecordType, showValue } from '../types.ts';
import { KernelCheck, KernelModelError, type Checks } from './checks.ts';

/** The state of a spinlock: its holder, or null when free. */
export interface SpinlockState<H = unknown> {
  owner: H | null;
}

/** The record type of a spinlock whose holders are drawn from `holders` (tasks, process ids). */
export function spinlockType<D extends Domain>(holders: D): RecordType<{ owner: OptionType<D> }> {
  return record({ owner: option(holders) });
}

/** Whether anybody holds the lock. */
export function spinIsLocked(lock: Readonly<SpinlockState>): boolean {
  return lock.owner !== null;
}

/** Whether `self` holds the lock. */
export function spinHeldBy<H>(lock: Readonly<SpinlockState<H>>, self: H): boolean {
  return lock.owner === self;
}

/** Guard: `spin_lock` would not spin (the lock is free). */
export function spinCanLock(lock: Readonly<SpinlockState>): boolean {
  return lock.owner === null;
}

/**
 * `spin_lock`: `self` takes the lock. Taking a lock `self` already holds is reported as
 * `recursive-locking` (the kernel would spin forever); taking a lock another task holds is a model
 * error (guard the step with `spinCanLock`).
 */
export function spinLock<H>(ctx: Checks, lock: SpinlockState<H>, self: H): void {
  if (lock.owner === self) {
    ctx.check(KernelCheck.recursiveLocking, false, `spin_lock by ${showValue(self)}, which already holds the lock`);
    return;
  }
  if (lock.owner !== null) {
    throw new KernelModelError(`spin_lock by ${showValue(self)} while ${showValue(lock.owner)} holds the lock: guard the step with spinCanLock`);
  }
  lock.owner = self;
}

/** `spin_unlock`: reports `double-unlock` on a free lock and `unlock-not-owner` on another's. */
export function spinUnlock<H>(ctx: Checks, lock: SpinlockState<H>, self: H): void {
  if (lock.owner === null) {
    ctx.check(KernelCheck.doubleUnlock, false, `spin_unlock by ${showValue(self)} of a lock nobody holds`);
    return;
  }
  if (lock.owner !== self) {
    ctx.check(KernelCheck.unlockNotOwner, false, `spin_unlock by ${showValue(self)} of a lock held by ${showValue(lock.owner)}`);
    return;
  }
  lock.owner = null;
}
