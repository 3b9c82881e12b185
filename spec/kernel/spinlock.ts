// A spinlock (the PTE lock, a driver's lock): who holds it. Taking a held lock is not a step a
// model can run (the task would spin): guard the step with `spinCanLock`. The holder is recorded so
// that `mightSleep` knows which task is in atomic context.
//
// With `{ lockdep: true }` the lock also keeps lockdep's usage bits for its class: taken in interrupt context,
// taken in task context with interrupts on. The two together are lockdep's "inconsistent lock state" (an interrupt
// on the CPU of a holder that left interrupts on spins forever), reported on the step that sets the second bit,
// whether or not the deadly interleaving happens. The bits are history, so they add states (up to 4 per lock).
import { bool, option, record, type BoolType, type Domain, type OptionType, type RecordType, showValue } from '../types.ts';
import { KernelCheck, KernelModelError, type Checks } from './checks.ts';
import type { Current } from './current.ts';

/** The state of a spinlock: its holder, or null when free; with lockdep, its class's usage. */
export interface SpinlockState<H = unknown> {
  owner: H | null;
  usage?: { inIrq: boolean; irqsOn: boolean };
}

type Usage = RecordType<{ inIrq: BoolType; irqsOn: BoolType }>;
/** The record type of a spinlock whose holders are drawn from `holders` (tasks, process ids). */
export function spinlockType<D extends Domain>(holders: D): RecordType<{ owner: OptionType<D> }>;
/** A spinlock checked by lockdep's interrupt-safety rule: `spinLock` given the task's context records its usage. */
export function spinlockType<D extends Domain>(holders: D, options: { lockdep: true }): RecordType<{ owner: OptionType<D>; usage: Usage }>;
export function spinlockType<D extends Domain>(holders: D, options?: { lockdep: true }): RecordType<any> {
  return options?.lockdep ? record({ owner: option(holders), usage: record({ inIrq: bool, irqsOn: bool }) }) : record({ owner: option(holders) });
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
 * error (guard the step with `spinCanLock`). Given `me` (with its `level` and `irqsDisabled`), a lock declared
 * with `{ lockdep: true }` records its usage and reports `inconsistent-lock-state`.
 */
export function spinLock<H>(ctx: Checks, lock: SpinlockState<H>, self: H, me?: Current<H>): void {
  if (me && lock.usage) {
    const u = lock.usage;
    const inIrq = me.level !== undefined && me.level !== 'task';
    if (inIrq) u.inIrq = true;
    else if (!me.irqsDisabled) u.irqsOn = true;
    if (u.inIrq && u.irqsOn) {
      ctx.check(
        KernelCheck.inconsistentLockState,
        false,
        inIrq
          ? `spin_lock by ${showValue(self)} in ${me.level}, of a lock taken in task context with interrupts enabled`
          : `spin_lock by ${showValue(self)} with interrupts enabled, of a lock taken in interrupt context (use spin_lock_irqsave)`,
      );
    }
  }
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
