// A completion (struct completion): a count of `complete()` calls not yet consumed by a waiter.
// `wait_for_completion` sleeps: a step waiting on it is guarded with `completionDone` and calls
// `waitForCompletion`, which checks `might_sleep`.
import { int, record, type IntType, type RecordType } from '../types.ts';
import { KernelModelError } from './checks.ts';
import { mightSleep, type Current } from './current.ts';

/** The state of a completion. */
export interface CompletionState {
  done: number;
}

/** The record type of a completion counting up to `max` pending completions (default 1). */
export function completionType(max = 1): RecordType<{ done: IntType }> {
  return record({ done: int(0, max) });
}

/** `completion_done`: a waiter would not sleep. */
export function completionDone(c: Readonly<CompletionState>): boolean {
  return c.done > 0;
}

/** `complete`: wakes one waiter (or lets the next one through). */
export function complete(c: CompletionState): void {
  c.done = c.done + 1;
}

/** `wait_for_completion`: may sleep (checks `might_sleep`); consumes one completion. A model error when it would block. */
export function waitForCompletion<H>(me: Current<H>, c: CompletionState): void {
  mightSleep(me, 'wait_for_completion');
  if (c.done === 0) throw new KernelModelError('wait_for_completion would sleep forever here: guard the step with completionDone');
  c.done = c.done - 1;
}

/** `reinit_completion`. */
export function reinitCompletion(c: CompletionState): void {
  c.done = 0;
}
