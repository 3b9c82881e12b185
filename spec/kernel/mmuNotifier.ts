// mmu interval notifiers (mm/mmu_notifier.c, include/linux/mmu_notifier.h), with the sequence
// numbers abstracted to flags. The kernel only ever compares them for equality:
//   - the mm's `invalidate_seq` is odd while invalidations are active (`active_invalidate_ranges > 0`);
//   - `read_begin` sleeps while `sub->invalidate_seq == subscriptions->invalidate_seq`, i.e. while
//     this subscription was invalidated in the current (still active) cycle: flag `invalidated`,
//     cleared when the last active invalidation ends;
//   - `read_retry(snap)` is `sub->invalidate_seq != snap`, and any `mmu_interval_set_seq` after
//     `read_begin` changes it: the snapshot is `valid` until the next set_seq makes it `stale`.
// One read snapshot per subscription: one device fault in flight per device. Every subscription
// overlaps every invalidated range (the models cover one range).
import { bool, enumOf, int, mapOf, record, shownAs, type Domain, type DomainValue, type EnumType, type IntType, type MapType, type RecordType, type BoolType, showValue } from '../types.ts';
import { KernelCheck, KernelModelError, type Checks } from './checks.ts';
import { mightSleep, type Current } from './current.ts';

/** The read side of one subscription: no snapshot, a snapshot still valid, or one a later invalidation made stale. */
export type MmuReadSnapshot = 'none' | 'valid' | 'stale';

/** The state of one interval subscription. */
export interface MmuSubscriptionState {
  /** Invalidated in the current cycle (`sub->invalidate_seq == subscriptions->invalidate_seq`). */
  invalidated: boolean;
  /** The snapshot taken by `mmu_interval_read_begin`. */
  snapshot: MmuReadSnapshot;
}

/** The state of an mm's interval notifiers: active invalidations and the subscriptions. */
export interface MmuNotifierState<K extends PropertyKey = PropertyKey> {
  /** `active_invalidate_ranges`. */
  active: number;
  readonly sub: Record<K, MmuSubscriptionState>;
}

type SubscriptionType = RecordType<{ invalidated: BoolType; snapshot: EnumType<MmuReadSnapshot> }>;
/** The record type of the notifier state. */
export type MmuNotifierType<D extends Domain> = RecordType<{ active: IntType; sub: MapType<D, SubscriptionType> }>;

/** The primitive for one set of subscriptions: the state's type and the calls on it. */
export interface MmuIntervalNotifier<D extends Domain> {
  /** Declare a state variable of this type. Initially nothing is active or invalidated. */
  readonly type: MmuNotifierType<D>;
  /**
   * `mmu_notifier_invalidate_range_start`: one more active invalidation, then each subscription's
   * `invalidate` callback. `invalidate(sub)` is the driver's callback (zap its mirror there);
   * returning `false` means the driver ignored the event and did not call `mmu_interval_set_seq`
   * (e.g. `lib/test_hmm.c` skipping its own migrations). Without a callback every subscription's
   * sequence is set.
   */
  invalidateRangeStart(ctx: Checks, mn: MmuNotifierState, invalidate?: (sub: DomainValue<D>) => boolean | void): void;
  /**
   * `mmu_notifier_invalidate_range_end`: one fewer active invalidation; when none is left the cycle
   * ends (the kernel's `invalidate_seq++`) and `read_begin` no longer waits. Reports
   * `unbalanced-call` without a matching start.
   */
  invalidateRangeEnd(ctx: Checks, mn: MmuNotifierState): void;
  /** `mmu_interval_set_seq`, called from a driver's invalidate callback: makes a read snapshot stale. */
  setSeq(mn: MmuNotifierState, sub: DomainValue<D>): void;
  /** Guard: `mmu_interval_read_begin` for `sub` would not sleep. */
  canReadBegin(mn: Readonly<MmuNotifierState>, sub: DomainValue<D>): boolean;
  /**
   * `mmu_interval_read_begin`: takes a snapshot. It may sleep: with `me` it checks `might_sleep`. A
   * model error when it would block (guard the step with `canReadBegin`).
   */
  readBegin(mn: MmuNotifierState, sub: DomainValue<D>, me?: Current<unknown>): void;
  /** `mmu_interval_read_retry`: true when an invalidation hit `sub` since its `read_begin`. */
  readRetry(mn: Readonly<MmuNotifierState>, sub: DomainValue<D>): boolean;
  /** Forgets `sub`'s snapshot (the fault path returned); keeps the state space small. */
  readDone(mn: MmuNotifierState, sub: DomainValue<D>): void;
  /** Whether an invalidation is active (the mm's `invalidate_seq` is odd). */
  isInvalidating(mn: Readonly<MmuNotifierState>): boolean;
}

const subOf = (mn: Readonly<MmuNotifierState>, sub: unknown): MmuSubscriptionState => {
  const s = (mn.sub as Record<PropertyKey, MmuSubscriptionState>)[sub as PropertyKey];
  if (!s) throw new KernelModelError(`no mmu interval subscription ${showValue(sub)}`);
  return s;
};

/**
 * mmu interval notifiers for the subscriptions `subscriptions` (usually the devices mirroring the
 * range). `maxActive` bounds concurrent invalidations (default 2).
 *
 * ```ts
 * const mmu = mmuIntervalNotifier(Dev);
 * model({ notifier: mmu.type, ... })
 *   .action('migrate_vma_setup', { effect: (n, _, ctx) => mmu.invalidateRangeStart(ctx, n.notifier, (d) => void (n.mirror[d] = 'none')) })
 * ```
 */
export function mmuIntervalNotifier<const D extends Domain>(subscriptions: D, options: { maxActive?: number } = {}): MmuIntervalNotifier<D> {
  const ids = subscriptions.values as readonly DomainValue<D>[];
  // printed as the kernel tests it (mmu_interval_read_retry): the fault's `seq` against the subscription's `invalidate_seq`
  const snapshot = shownAs(enumOf<MmuReadSnapshot>('none', 'valid', 'stale'), { none: 'none', valid: 'seq == invalidate_seq', stale: 'seq != invalidate_seq' });
  const subscription: SubscriptionType = record({ invalidated: bool, snapshot });
  const type = record({ active: int(0, options.maxActive ?? 2), sub: mapOf(subscriptions, subscription) });
  const setSeq = (mn: MmuNotifierState, sub: DomainValue<D>): void => {
    const s = subOf(mn, sub);
    s.invalidated = true;
    if (s.snapshot === 'valid') s.snapshot = 'stale';
  };
  return Object.freeze({
    type,
    invalidateRangeStart(ctx: Checks, mn: MmuNotifierState, invalidate?: (sub: DomainValue<D>) => boolean | void): void {
      mn.active = mn.active + 1;
      for (const sub of ids) if (!invalidate || invalidate(sub) !== false) setSeq(mn, sub);
      void ctx;
    },
    invalidateRangeEnd(ctx: Checks, mn: MmuNotifierState): void {
      if (mn.active === 0) {
        ctx.check(KernelCheck.unbalanced, false, 'mmu_notifier_invalidate_range_end without a matching invalidate_range_start');
        return;
      }
      mn.active = mn.active - 1;
      if (mn.active === 0) for (const sub of ids) subOf(mn, sub).invalidated = false;
    },
    setSeq,
    canReadBegin: (mn: Readonly<MmuNotifierState>, sub: DomainValue<D>): boolean => !subOf(mn, sub).invalidated,
    readBegin(mn: MmuNotifierState, sub: DomainValue<D>, me?: Current<unknown>): void {
      if (me) mightSleep(me, 'mmu_interval_read_begin');
      const s = subOf(mn, sub);
      if (s.invalidated) {
        throw new KernelModelError(`mmu_interval_read_begin(${showValue(sub)}) sleeps until the invalidation ends: guard the step with canReadBegin`);
      }
      s.snapshot = 'valid';
    },
    readRetry(mn: Readonly<MmuNotifierState>, sub: DomainValue<D>): boolean {
      const s = subOf(mn, sub);
      if (s.snapshot === 'none') throw new KernelModelError(`mmu_interval_read_retry(${showValue(sub)}) without mmu_interval_read_begin`);
      return s.snapshot === 'stale';
    },
    readDone(mn: MmuNotifierState, sub: DomainValue<D>): void {
      subOf(mn, sub).snapshot = 'none';
    },
    isInvalidating: (mn: Readonly<MmuNotifierState>): boolean => mn.active > 0,
  });
}
