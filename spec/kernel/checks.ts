// What the kernel primitives need from an effect: a way to report a violated built-in check, and the
// names of those checks. A failed check is a violation of kind "action" named by the property, so a
// counterexample ends on the step that broke the rule, with the kernel's own words for it.

/** Reports a violated property on the current step (an effect context has this method). */
export interface Checks {
  check(property: string, ok: boolean, message?: string): void;
}

/**
 * Names of the built-in checks, as they appear in a violation. They follow what the kernel's debug
 * options print: `might_sleep()` ("sleeping function called from invalid context"), lockdep ("bad
 * unlock balance", "recursive locking"), `refcount_t` ("underflow; use-after-free").
 */
export const KernelCheck = Object.freeze({
  /** A step that may sleep (allocation, `lock_page`, `down_read`, `wait_for_completion`) runs with a spinlock held. */
  sleepUnderSpinlock: 'sleep-under-spinlock',
  /** A step that may sleep runs in an interrupt handler, with interrupts off or with preemption off. */
  sleepInAtomic: 'sleep-in-atomic',
  /** lockdep: a lock taken in interrupt context and, elsewhere, in task context with interrupts enabled. */
  inconsistentLockState: 'inconsistent-lock-state',
  /** `smp_processor_id()` (or a `__this_cpu` op) in preemptible task context: the CPU may change under it. */
  preemptibleCpuId: 'smp-processor-id-preemptible',
  /** A lock released while nobody holds it. */
  doubleUnlock: 'double-unlock',
  /** A lock released by a task that does not hold it. */
  unlockNotOwner: 'unlock-not-owner',
  /** A lock taken again by the task that already holds it (a self-deadlock). */
  recursiveLocking: 'recursive-locking',
  /** A reference dropped that was never taken: the count would fall below what its holders own. */
  refcountUnderflow: 'refcount-underflow',
  /** An object used, or a reference taken on it, after its final put freed it. */
  useAfterFree: 'use-after-free',
  /** RCU: a reader uses an object freed while its read-side section could still hold the pointer (freed without waiting for a grace period). */
  rcuUseAfterFree: 'rcu-use-after-free',
  /** RCU: a step that may sleep (or `synchronize_rcu`) inside a read-side section ("Illegal context switch in RCU read-side critical section"). */
  sleepInRcuReadSection: 'sleep-in-rcu-read-section',
  /** RCU: `rcu_dereference` or an access through it outside a read-side section (lockdep's "suspicious RCU usage"). */
  suspiciousRcuUsage: 'suspicious-rcu-usage',
  /** `invalidate_range_end` without a matching `invalidate_range_start`, a second `percpu_ref_kill`, `preempt_enable` without `preempt_disable`. */
  unbalanced: 'unbalanced-call',
} as const);

/** One of the built-in check names. */
export type KernelCheckName = (typeof KernelCheck)[keyof typeof KernelCheck];

/** Thrown for a primitive used in a way no kernel code path could (a missing guard in the model). */
export class KernelModelError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'KernelModelError';
  }
}
