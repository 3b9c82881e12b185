// RCU (kernel/rcu/): read-side sections, grace periods and the frees they make safe. A reader's section is
// its `rcu_read_lock` nesting depth (sections nest; the outermost unlock ends it). `synchronize_rcu` is two
// steps, as the kernel's is a call that sleeps: the first (`synchronizeRcu`) records which readers are inside a
// section now, the second is guarded with `rcuGracePeriodDone` and runs once each of them has left its
// section (a reader's outermost unlock clears it). Readers that enter later do not delay it. `call_rcu(obj)`
// frees `obj` at the end of its own grace period, as early as it can: in the step where the last reader
// that was inside at the call leaves (or at once if none was), since a later callback only frees later.
// The objects are a finite domain with a `freed` flag; a reader that uses a freed object is the bug RCU exists
// to prevent (`rcu-use-after-free`): it got the pointer before the free, and the free did not wait for it.
// Every part is packed state: the depths, the readers each synchronize_rcu waits for, the pending callbacks.
import { bool, int, mapOf, record, showValue, type BoolType, type Domain, type DomainValue, type IntType, type MapType, type RecordType } from '../types.ts';
import { KernelCheck, KernelModelError, type Checks } from './checks.ts';
import { mightSleep, type Current } from './current.ts';

/** The state of RCU over readers `R`, updaters `U` and objects `O` (as drafts and guards see it). */
export interface RcuState<R extends PropertyKey = PropertyKey, U extends PropertyKey = PropertyKey, O extends PropertyKey = PropertyKey> {
  /** Each reader's `rcu_read_lock` nesting depth (0: outside any section). */
  readonly nesting: Record<R, number>;
  /** `waitFor[u][r]`: `u`'s synchronize_rcu still waits for reader `r`'s section to end. */
  readonly waitFor: Record<U, Record<R, boolean>>;
  /** `pending[o][r]`: a `call_rcu` on `o` waits for reader `r`. */
  readonly pending: Record<O, Record<R, boolean>>;
  /** `queued[o]`: a `call_rcu` on `o` has not run yet. */
  readonly queued: Record<O, boolean>;
  /** `freed[o]`: `o` was freed (`kfree`, or its `call_rcu` callback ran). */
  readonly freed: Record<O, boolean>;
}

type Flags<D extends Domain> = MapType<D, BoolType>;
/** The record type of RCU's state. */
export type RcuType<R extends Domain, U extends Domain, O extends Domain> = RecordType<{
  nesting: MapType<R, IntType>;
  waitFor: MapType<U, Flags<R>>;
  pending: MapType<O, Flags<R>>;
  queued: Flags<O>;
  freed: Flags<O>;
}>;

/** RCU for one set of readers, updaters and objects: the state's type and the calls on it. */
export interface Rcu<R extends Domain, U extends Domain, O extends Domain> {
  /** Declare a state variable of this type. Initially no reader is inside, nothing waits, nothing is freed. */
  readonly type: RcuType<R, U, O>;
  /** `rcu_read_lock()` by `reader` (nests, up to `maxNesting`: a range error past it names the step). */
  readLock(rcu: RcuState, reader: DomainValue<R>): void;
  /**
   * `rcu_read_unlock()`: the outermost one ends the section, releasing the grace periods and callbacks that
   * waited for it (a callback whose last reader this was runs here). Reports `unbalanced-call` outside a section.
   */
  readUnlock(ctx: Checks, rcu: RcuState, reader: DomainValue<R>): void;
  /** `rcu_read_lock_held()`: the reader's nesting depth (pass it to `current(..., { rcuNesting })`). */
  nesting(rcu: Readonly<RcuState>, reader: DomainValue<R>): number;
  /**
   * `rcu_dereference(p)`: returns `p`, the pointer read. Reports `suspicious-rcu-usage` outside a read-side
   * section (lockdep's "suspicious rcu_dereference_check() usage").
   */
  dereference<P>(ctx: Checks, rcu: Readonly<RcuState>, reader: DomainValue<R>, p: P): P;
  /**
   * A reader's access to `*obj` through a pointer it got from `dereference`: reports `rcu-use-after-free` when
   * `obj` was freed, and `suspicious-rcu-usage` outside a read-side section.
   */
  use(ctx: Checks, rcu: Readonly<RcuState>, reader: DomainValue<R>, obj: DomainValue<O>): void;
  /**
   * `synchronize_rcu()` by `me.self` (an updater), first step: the grace period starts and waits for every
   * reader inside a section now. It sleeps: checks `might_sleep` (in a read-side section of its own it
   * reports `sleep-in-rcu-read-section`, the kernel's self-deadlock). Guard the next step with `gracePeriodDone`.
   */
  synchronize(me: Current<DomainValue<U>>, rcu: RcuState): void;
  /** Guard: `updater`'s grace period is over (every reader it waited for left its section). */
  gracePeriodDone(rcu: Readonly<RcuState>, updater: DomainValue<U>): boolean;
  /** The end of `synchronize_rcu()`: a model error while the grace period runs (guard the step with `gracePeriodDone`). */
  synchronizeWait(rcu: Readonly<RcuState>, updater: DomainValue<U>): void;
  /** `kfree(obj)`. Reports `unbalanced-call` for an object already freed. */
  free(ctx: Checks, rcu: RcuState, obj: DomainValue<O>): void;
  /** `call_rcu(obj, free)`: frees `obj` once the readers inside a section now have left. `unbalanced-call` when queued or freed already. */
  callRcu(ctx: Checks, rcu: RcuState, obj: DomainValue<O>): void;
  /** Whether `obj` was freed. */
  isFreed(rcu: Readonly<RcuState>, obj: DomainValue<O>): boolean;
  /** The object is allocated again (its `freed` flag cleared), e.g. by a model that reuses a slot. */
  alloc(rcu: RcuState, obj: DomainValue<O>): void;
}

type AnyState = {
  nesting: Record<PropertyKey, number>;
  waitFor: Record<PropertyKey, Record<PropertyKey, boolean>>;
  pending: Record<PropertyKey, Record<PropertyKey, boolean>>;
  queued: Record<PropertyKey, boolean>;
  freed: Record<PropertyKey, boolean>;
};
const st = (rcu: Readonly<RcuState>): AnyState => rcu as unknown as AnyState;

/**
 * RCU over `readers` (the tasks that take read-side sections), `updaters` (those that call synchronize_rcu,
 * default the readers) and `objects` (what readers reach through RCU-protected pointers; default a single one).
 *
 * ```ts
 * const R = rcu(Task, { objects: Obj });
 * model({ rcu: R.type, gp: Obj, p: mapOf(Task, Obj) })  // gp: the RCU-protected pointer; p: each reader's copy
 * ```
 */
export function rcu<const R extends Domain, const U extends Domain = R, const O extends Domain = IntType>(
  readers: R,
  options: { updaters?: U; objects?: O; maxNesting?: number } = {},
): Rcu<R, U, O> {
  const updaters = (options.updaters ?? readers) as U;
  const objects = (options.objects ?? int(0, 0)) as O;
  const readerIds = readers.values as readonly PropertyKey[];
  const updaterIds = updaters.values as readonly PropertyKey[];
  const objectIds = objects.values as readonly PropertyKey[];
  const type = record({
    nesting: mapOf(readers, int(0, options.maxNesting ?? 1)),
    waitFor: mapOf(updaters, mapOf(readers, bool)),
    pending: mapOf(objects, mapOf(readers, bool)),
    queued: mapOf(objects, bool),
    freed: mapOf(objects, bool),
  });
  const inSection = (rcu: Readonly<RcuState>, reader: unknown): boolean => st(rcu).nesting[reader as PropertyKey]! > 0;
  const protectedUse = (ctx: Checks, rcu: Readonly<RcuState>, reader: unknown, what: string): void => {
    if (!inSection(rcu, reader)) ctx.check(KernelCheck.suspiciousRcuUsage, false, `${what} by ${showValue(reader)} outside an RCU read-side section`);
  };
  const freeNow = (ctx: Checks, s: AnyState, obj: PropertyKey, what: string): void => {
    if (s.freed[obj]) {
      ctx.check(KernelCheck.unbalanced, false, `${what} of ${showValue(obj)}, already freed`);
      return;
    }
    s.freed[obj] = true;
  };
  return Object.freeze({
    type,
    readLock(rcu: RcuState, reader: DomainValue<R>): void {
      st(rcu).nesting[reader as PropertyKey]!++;
    },
    readUnlock(ctx: Checks, rcu: RcuState, reader: DomainValue<R>): void {
      const s = st(rcu);
      const r = reader as PropertyKey;
      if (s.nesting[r] === 0) {
        ctx.check(KernelCheck.unbalanced, false, `rcu_read_unlock by ${showValue(reader)} outside an RCU read-side section`);
        return;
      }
      s.nesting[r]!--;
      if (s.nesting[r] !== 0) return;
      for (const u of updaterIds) if (s.waitFor[u]![r]) s.waitFor[u]![r] = false;
      for (const o of objectIds) {
        if (!s.queued[o] || !s.pending[o]![r]) continue;
        s.pending[o]![r] = false;
        if (readerIds.every((x) => !s.pending[o]![x])) {
          s.queued[o] = false;
          s.freed[o] = true;
        }
      }
    },
    nesting: (rcu: Readonly<RcuState>, reader: DomainValue<R>): number => st(rcu).nesting[reader as PropertyKey]!,
    dereference<P>(ctx: Checks, rcu: Readonly<RcuState>, reader: DomainValue<R>, p: P): P {
      protectedUse(ctx, rcu, reader, 'rcu_dereference');
      return p;
    },
    use(ctx: Checks, rcu: Readonly<RcuState>, reader: DomainValue<R>, obj: DomainValue<O>): void {
      if (st(rcu).freed[obj as PropertyKey]) {
        ctx.check(KernelCheck.rcuUseAfterFree, false, `${showValue(reader)} uses ${showValue(obj)}, freed while its read-side section could still hold it`);
        return;
      }
      protectedUse(ctx, rcu, reader, `access to ${showValue(obj)}`);
    },
    synchronize(me: Current<DomainValue<U>>, rcu: RcuState): void {
      const s = st(rcu);
      const self = me.self as PropertyKey;
      if (s.nesting[self] !== undefined && s.nesting[self]! > 0) {
        me.check(KernelCheck.sleepInRcuReadSection, false, `synchronize_rcu by ${showValue(me.self)} inside its own RCU read-side section (it would wait for itself)`);
        return;
      }
      mightSleep(me, 'synchronize_rcu');
      for (const r of readerIds) if (s.nesting[r]! > 0) s.waitFor[self]![r] = true;
    },
    gracePeriodDone: (rcu: Readonly<RcuState>, updater: DomainValue<U>): boolean => {
      const w = st(rcu).waitFor[updater as PropertyKey]!;
      return readerIds.every((r) => !w[r]);
    },
    synchronizeWait(rcu: Readonly<RcuState>, updater: DomainValue<U>): void {
      const w = st(rcu).waitFor[updater as PropertyKey]!;
      if (readerIds.some((r) => w[r])) throw new KernelModelError(`synchronize_rcu by ${showValue(updater)} waits for readers here: guard the step with gracePeriodDone`);
    },
    free(ctx: Checks, rcu: RcuState, obj: DomainValue<O>): void {
      freeNow(ctx, st(rcu), obj as PropertyKey, 'kfree');
    },
    callRcu(ctx: Checks, rcu: RcuState, obj: DomainValue<O>): void {
      const s = st(rcu);
      const o = obj as PropertyKey;
      if (s.queued[o]) {
        ctx.check(KernelCheck.unbalanced, false, `call_rcu on ${showValue(obj)}, already queued`);
        return;
      }
      if (s.freed[o] || readerIds.every((r) => s.nesting[r] === 0)) return freeNow(ctx, s, o, 'call_rcu');
      s.queued[o] = true;
      for (const r of readerIds) if (s.nesting[r]! > 0) s.pending[o]![r] = true;
    },
    isFreed: (rcu: Readonly<RcuState>, obj: DomainValue<O>): boolean => st(rcu).freed[obj as PropertyKey]!,
    alloc(rcu: RcuState, obj: DomainValue<O>): void {
      st(rcu).freed[obj as PropertyKey] = false;
    },
  });
}
