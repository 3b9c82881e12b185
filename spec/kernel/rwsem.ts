// A read-write semaphore (mmap_lock): the set of readers and the writer. Taking it may sleep, so
// `downRead`/`downWrite` check `might_sleep`; a step blocked on it is guarded with
// `canDownRead`/`canDownWrite`.
import { option, record, setOf, type Domain, type OptionType, type RecordType, type SetType, showValue } from '../types.ts';
import type { SetView } from '../views.ts';
import { KernelCheck, KernelModelError, type Checks } from './checks.ts';
import { mightSleep, type Current } from './current.ts';

/** The readers of a semaphore, as a set view or draft. */
export interface RwsemReaders<H> extends SetView<H> {
  add?(value: H): void;
  delete?(value: H): void;
}
/** The state of a read-write semaphore. */
export interface RwsemState<H = unknown> {
  readonly readers: RwsemReaders<H>;
  writer: H | null;
}

/** The record type of a semaphore taken by tasks drawn from `holders`. */
export function rwsemType<D extends Domain>(holders: D): RecordType<{ readers: SetType<D>; writer: OptionType<D> }> {
  return record({ readers: setOf(holders), writer: option(holders) });
}

/** Guard: `down_read` would not sleep (no writer). */
export function canDownRead(sem: Readonly<RwsemState>): boolean {
  return sem.writer === null;
}
/** Guard: `down_write` would not sleep (no writer, no reader). */
export function canDownWrite(sem: Readonly<RwsemState>): boolean {
  return sem.writer === null && sem.readers.size === 0;
}
/** Whether `self` holds the semaphore for reading. */
export function rwsemReadHeldBy<H>(sem: Readonly<RwsemState<H>>, self: H): boolean {
  return sem.readers.has(self);
}
/** Whether `self` holds the semaphore for writing. */
export function rwsemWriteHeldBy<H>(sem: Readonly<RwsemState<H>>, self: H): boolean {
  return sem.writer === self;
}

function mutableReaders<H>(sem: RwsemState<H>): Required<RwsemReaders<H>> {
  const r = sem.readers;
  if (!r.add || !r.delete) throw new KernelModelError('this semaphore state is read-only: pass the next state (the draft)');
  return r as Required<RwsemReaders<H>>;
}

/** `down_read`: may sleep; reports `recursive-locking` when `me` already holds it. */
export function downRead<H>(me: Current<H>, sem: RwsemState<H>): void {
  mightSleep(me, 'down_read');
  if (sem.readers.has(me.self) || sem.writer === me.self) {
    me.check(KernelCheck.recursiveLocking, false, `down_read by ${showValue(me.self)}, which already holds the semaphore`);
    return;
  }
  if (sem.writer !== null) throw new KernelModelError(`down_read by ${showValue(me.self)} while ${showValue(sem.writer)} writes: guard the step with canDownRead`);
  mutableReaders(sem).add(me.self);
}

/** `down_write`: may sleep; reports `recursive-locking` when `me` already holds it. */
export function downWrite<H>(me: Current<H>, sem: RwsemState<H>): void {
  mightSleep(me, 'down_write');
  if (sem.readers.has(me.self) || sem.writer === me.self) {
    me.check(KernelCheck.recursiveLocking, false, `down_write by ${showValue(me.self)}, which already holds the semaphore`);
    return;
  }
  if (!canDownWrite(sem)) throw new KernelModelError(`down_write by ${showValue(me.self)} while the semaphore is held: guard the step with canDownWrite`);
  sem.writer = me.self;
}

/** `up_read`: reports `double-unlock` when `self` does not hold it for reading. */
export function upRead<H>(ctx: Checks, sem: RwsemState<H>, self: H): void {
  if (!sem.readers.has(self)) {
    ctx.check(KernelCheck.doubleUnlock, false, `up_read by ${showValue(self)}, which does not hold the semaphore for reading`);
    return;
  }
  mutableReaders(sem).delete(self);
}

/** `up_write`: reports `double-unlock` on a semaphore nobody writes, `unlock-not-owner` on another's. */
export function upWrite<H>(ctx: Checks, sem: RwsemState<H>, self: H): void {
  if (sem.writer === null) {
    ctx.check(KernelCheck.doubleUnlock, false, `up_write by ${showValue(self)} of a semaphore nobody holds for writing`);
    return;
  }
  if (sem.writer !== self) {
    ctx.check(KernelCheck.unlockNotOwner, false, `up_write by ${showValue(self)} of a semaphore written by ${showValue(sem.writer)}`);
    return;
  }
  sem.writer = null;
}
