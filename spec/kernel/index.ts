// The kernel primitives library: state types and calls for the locks, counters and notifiers that
// mm protocols are built from, each with built-in checks reported through the effect context.
export { KernelCheck, KernelModelError } from './checks.ts';
export type { Checks, KernelCheckName } from './checks.ts';
export { atomicRead, atomicSet, cmpxchg, eq, fetchAdd, fetchAnd, fetchOr, snapshot, xchg } from './atomic.ts';
export type { Snapshot } from './atomic.ts';
export { atomicReasons, current, heldSpinlocks, mightSleep } from './current.ts';
export type { Current, ExecContext } from './current.ts';
export {
  contextLevel,
  irqFlagsType,
  irqsDisabled,
  localIrqDisable,
  localIrqEnable,
  localIrqRestore,
  localIrqSave,
  perCpuType,
  preemptCountType,
  preemptDisable,
  preemptible,
  preemptEnable,
  smpProcessorId,
  thisCpuAdd,
  thisCpuRead,
  thisCpuWrite,
} from './context.ts';
export type { CallStackView, InterruptTable, OnCpu } from './context.ts';
export { spinCanLock, spinHeldBy, spinIsLocked, spinLock, spinlockType, spinUnlock } from './spinlock.ts';
export type { SpinlockState } from './spinlock.ts';
export { canDownRead, canDownWrite, downRead, downWrite, rwsemReadHeldBy, rwsemType, rwsemWriteHeldBy, upRead, upWrite } from './rwsem.ts';
export type { RwsemReaders, RwsemState } from './rwsem.ts';
export {
  GUP_PIN_COUNTING_BIAS,
  allocPage,
  getPage,
  getPageUnlessZero,
  lockPage,
  pageAddRmap,
  pageCanLock,
  pageFields,
  pageIsFree,
  pageLockFields,
  pageMaybeDmaPinned,
  pageRefCount,
  pageRemoveRmap,
  pageType,
  putPage,
  trylockPage,
  tryGrabPin,
  unlockPage,
  unpinPage,
  usePage,
} from './page.ts';
export type { PageLimits, PageLockState, PageState } from './page.ts';
export { rawReadSeqcount, readSeqcountRetry, seqcountSnapshotType, seqcountType, seqcountWriteInProgress, writeSeqcountBegin, writeSeqcountEnd } from './seqcount.ts';
export type { SeqcountState } from './seqcount.ts';
export {
  percpuRefGet,
  percpuRefInit,
  percpuRefIsDying,
  percpuRefKill,
  percpuRefPut,
  percpuRefReleased,
  percpuRefTryget,
  percpuRefTrygetLive,
  percpuRefType,
} from './percpuRef.ts';
export type { PercpuRefState, PercpuRefUnderflowCheck } from './percpuRef.ts';
export { complete, completionDone, completionType, reinitCompletion, waitForCompletion } from './completion.ts';
export type { CompletionState } from './completion.ts';
export { rcu } from './rcu.ts';
export type { Rcu, RcuState, RcuType } from './rcu.ts';
export { mmuIntervalNotifier } from './mmuNotifier.ts';
export type { MmuIntervalNotifier, MmuNotifierState, MmuNotifierType, MmuReadSnapshot, MmuSubscriptionState } from './mmuNotifier.ts';
