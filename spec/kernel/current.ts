// The task running a step, as the sleeping primitives see it: who it is and which spinlocks exist.
// `might_sleep()` in the kernel complains when the caller is in atomic context; here a task is in
// atomic context when it holds one of the listed spinlocks (read from the draft, so a lock taken
// earlier in the same step counts).
import { showValue } from '../types.ts';
import { KernelCheck, type Checks } from './checks.ts';
import { spinHeldBy, type SpinlockState } from './spinlock.ts';

/** The running task: reports checks, knows its id and the spinlocks to look at, by name. */
export interface Current<H = unknown> extends Checks {
  readonly self: H;
  readonly spinlocks: Readonly<Record<string, Readonly<SpinlockState<H>>>>;
}

/**
 * The task `self` running a step of a model whose spinlocks are `spinlocks` (name to lock state; pass
 * the draft's locks, e.g. `{ ptl: n.ptl }`). Sleeping primitives check against these locks.
 */
export function current<H>(ctx: Checks, self: H, spinlocks: Readonly<Record<string, Readonly<SpinlockState<H>>>> = {}): Current<H> {
  return {
    self,
    spinlocks,
    check: (property, ok, message) => ctx.check(property, ok, message),
  };
}

/** The names of the spinlocks `me` holds. */
export function heldSpinlocks<H>(me: Current<H>): string[] {
  return Object.keys(me.spinlocks).filter((name) => spinHeldBy(me.spinlocks[name]!, me.self));
}

/**
 * `might_sleep()`: reports `sleep-under-spinlock` when `me` holds a spinlock. `what` names the
 * sleeping call for the message (`alloc_page(GFP_KERNEL)`, `lock_page`, ...).
 */
export function mightSleep<H>(me: Current<H>, what: string): void {
  const held = heldSpinlocks(me);
  if (held.length > 0) {
    me.check(KernelCheck.sleepUnderSpinlock, false, `${what} may sleep, called by ${showValue(me.self)} while holding ${held.join(', ')}`);
  }
}
