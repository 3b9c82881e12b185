// The task running a step, as the sleeping primitives see it: who it is, which spinlocks exist and, when the
// model has them, its execution context (interrupt level, interrupts off, preemption off: spec/kernel/context.ts).
// `might_sleep()` in the kernel complains when the caller is in atomic context; here a task is in
// atomic context when it holds one of the listed spinlocks (read from the draft, so a lock taken
// earlier in the same step counts), runs in an interrupt handler, or has interrupts or preemption off.
import type { ContextLevel } from '../procedure.ts';
import { showValue } from '../types.ts';
import { KernelCheck, type Checks } from './checks.ts';
import { spinHeldBy, type SpinlockState } from './spinlock.ts';

/** The running task: reports checks, knows its id and the spinlocks to look at, by name. */
export interface Current<H = unknown> extends Checks {
  readonly self: H;
  readonly spinlocks: Readonly<Record<string, Readonly<SpinlockState<H>>>>;
  /** `in_task()` or the interrupt level the step runs at (default `'task'`). */
  readonly level?: 'task' | ContextLevel;
  /** `irqs_disabled()` on the task's CPU (default false). */
  readonly irqsDisabled?: boolean;
  /** `preempt_count()`'s preempt_disable depth (default 0). */
  readonly preemptCount?: number;
  /** The task's `rcu_read_lock` nesting depth (`rcu.nesting(s.rcu, self)`, spec/kernel/rcu.ts; default 0). */
  readonly rcuNesting?: number;
}

/** The execution context of a step, for `current`: see spec/kernel/context.ts for where each part comes from. */
export interface ExecContext {
  /** The CPU the task runs on, for the per-CPU accessors. */
  readonly cpu?: unknown;
  readonly level?: 'task' | ContextLevel;
  readonly irqsDisabled?: boolean;
  readonly preemptCount?: number;
  readonly rcuNesting?: number;
}

/**
 * The task `self` running a step of a model whose spinlocks are `spinlocks` (name to lock state; pass
 * the draft's locks, e.g. `{ ptl: n.ptl }`). Sleeping primitives check against these locks, and against `context`
 * (its CPU, interrupt level, interrupts off, preempt count: spec/kernel/context.ts) when the model has one.
 */
export function current<H, const X extends ExecContext = {}>(
  ctx: Checks,
  self: H,
  spinlocks: Readonly<Record<string, Readonly<SpinlockState<H>>>> = {},
  context: X = {} as X,
): Current<H> & X {
  return {
    self,
    spinlocks,
    ...context,
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
    return;
  }
  const why = atomicReasons(me);
  if (why.length > 0) {
    me.check(KernelCheck.sleepInAtomic, false, `${what} may sleep, called by ${showValue(me.self)} in atomic context (${why.join(', ')})`);
    return;
  }
  if ((me.rcuNesting ?? 0) > 0) me.check(KernelCheck.sleepInRcuReadSection, false, `${what} may sleep, called by ${showValue(me.self)} inside an RCU read-side section`);
}

/** Why `me` is in atomic context besides spinlocks: its interrupt level, interrupts off, preemption off. */
export function atomicReasons(me: Current<unknown>): string[] {
  const why: string[] = [];
  if (me.level !== undefined && me.level !== 'task') why.push(`in ${me.level}`);
  if (me.irqsDisabled) why.push('interrupts disabled');
  if ((me.preemptCount ?? 0) > 0) why.push(`preempt_count ${me.preemptCount}`);
  return why;
}
