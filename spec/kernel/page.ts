// A struct page (a small folio): references, pins, mappings and the page lock.
// The kernel keeps one `_refcount` where a FOLL_PIN pin counts GUP_PIN_COUNTING_BIAS (1024)
// references (include/linux/mm.h); the model keeps plain references and pins apart and derives the
// kernel's count, so `pageMaybeDmaPinned` is the kernel's test (`refcount >= BIAS`) and
// `do_wp_page`'s `page_count == 1` sees the pins as the kernel does. `refs` includes the reference
// each mapping holds; `mapcount` counts mappings (rmap). A page whose count is 0 is free.
import { bool, int, record, type BoolType, type IntType, type RecordType } from '../types.ts';
import { KernelCheck, KernelModelError, type Checks } from './checks.ts';
import { mightSleep, type Current } from './current.ts';

/** `GUP_PIN_COUNTING_BIAS` from include/linux/mm.h. */
export const GUP_PIN_COUNTING_BIAS = 1024;

/** The counters of a page. */
export interface PageState {
  /** References other than pins (`get_page`, one per mapping, transient ones). */
  refs: number;
  /** FOLL_PIN pins: each adds GUP_PIN_COUNTING_BIAS to the kernel's refcount. */
  pins: number;
  /** Mappings of the page in page tables (`page_mapcount`). */
  mapcount: number;
}
/** The page lock (PG_locked). */
export interface PageLockState {
  locked: boolean;
}

/** Bounds of the page counters (the model's sizes: a write beyond them is an error naming the step). */
export interface PageLimits {
  readonly maxRefs?: number;
  readonly maxPins?: number;
  readonly maxMapcount?: number;
}
type PageFields = { refs: IntType; pins: IntType; mapcount: IntType };

/** The fields of a page record, to combine with a model's own (e.g. `{ ...pageFields(), data: ... }`). */
export function pageFields(limits: PageLimits = {}): PageFields {
  return { refs: int(0, limits.maxRefs ?? 3), pins: int(0, limits.maxPins ?? 1), mapcount: int(0, limits.maxMapcount ?? 2) };
}
/** The record type of a page; every counter starts at 0 (a free page). */
export function pageType(limits: PageLimits = {}): RecordType<PageFields> {
  return record(pageFields(limits));
}
/** The fields of the page lock, to add to a page record. */
export function pageLockFields(): { locked: BoolType } {
  return { locked: bool };
}

/** `page_ref_count`: references plus GUP_PIN_COUNTING_BIAS per pin. */
export function pageRefCount(p: Readonly<PageState>): number {
  return p.refs + p.pins * GUP_PIN_COUNTING_BIAS;
}
/** `folio_maybe_dma_pinned` for a small folio: `refcount >= GUP_PIN_COUNTING_BIAS` (false positives only). */
export function pageMaybeDmaPinned(p: Readonly<PageState>): boolean {
  return pageRefCount(p) >= GUP_PIN_COUNTING_BIAS;
}
/** Whether the page is free (count 0). */
export function pageIsFree(p: Readonly<PageState>): boolean {
  return pageRefCount(p) === 0;
}

/**
 * `alloc_page(GFP_KERNEL)` into the free page `p`: may sleep (checks `might_sleep`); the page
 * comes back with one reference. `what` names the call in the message.
 */
export function allocPage<H>(me: Current<H>, p: PageState, what = 'alloc_page(GFP_KERNEL)'): void {
  mightSleep(me, what);
  if (!pageIsFree(p)) throw new KernelModelError(`${what} into a page that is in use`);
  p.refs = 1;
}

/** `get_page`: reports `use-after-free` on a free page. */
export function getPage(ctx: Checks, p: PageState): void {
  if (pageIsFree(p)) {
    ctx.check(KernelCheck.useAfterFree, false, 'get_page on a page whose final reference was dropped');
    return;
  }
  p.refs = p.refs + 1;
}
/** `get_page_unless_zero` (`folio_try_get`): false on a free page. */
export function getPageUnlessZero(p: PageState): boolean {
  if (pageIsFree(p)) return false;
  p.refs = p.refs + 1;
  return true;
}
/**
 * `put_page`: drops a reference; true when it was the final one (the page is freed). Reports
 * `refcount-underflow` when no plain reference is left (a pin is not dropped by `put_page`).
 */
export function putPage(ctx: Checks, p: PageState): boolean {
  if (p.refs === 0) {
    ctx.check(KernelCheck.refcountUnderflow, false, pageIsFree(p) ? 'put_page on a free page' : 'put_page would drop a pin (use unpin_user_page)');
    return false;
  }
  p.refs = p.refs - 1;
  return pageIsFree(p);
}

/** `try_grab_folio(FOLL_PIN)`: adds a pin (GUP_PIN_COUNTING_BIAS references); false on a free page. */
export function tryGrabPin(p: PageState): boolean {
  if (pageIsFree(p)) return false;
  p.pins = p.pins + 1;
  return true;
}
/** `unpin_user_page`: drops a pin; true when it was the final reference. Reports `refcount-underflow` without a pin. */
export function unpinPage(ctx: Checks, p: PageState): boolean {
  if (p.pins === 0) {
    ctx.check(KernelCheck.refcountUnderflow, false, 'unpin_user_page on a page with no pin');
    return false;
  }
  p.pins = p.pins - 1;
  return pageIsFree(p);
}

/** `page_add_*_rmap` / `page_dup_rmap`: one more mapping. Reports `use-after-free` on a free page. */
export function pageAddRmap(ctx: Checks, p: PageState): void {
  if (pageIsFree(p)) {
    ctx.check(KernelCheck.useAfterFree, false, 'mapping a page whose final reference was dropped');
    return;
  }
  p.mapcount = p.mapcount + 1;
}
/** `page_remove_rmap`: one fewer mapping. Reports `refcount-underflow` on an unmapped page. */
export function pageRemoveRmap(ctx: Checks, p: PageState): void {
  if (p.mapcount === 0) {
    ctx.check(KernelCheck.refcountUnderflow, false, 'page_remove_rmap on a page with no mapping');
    return;
  }
  p.mapcount = p.mapcount - 1;
}
/** Touching the page's contents or struct page (copy, DMA, deref): reports `use-after-free` on a free page. */
export function usePage(ctx: Checks, p: Readonly<PageState>, what = 'use of the page'): void {
  ctx.check(KernelCheck.useAfterFree, !pageIsFree(p), `${what} after its final put`);
}

/** Guard: `lock_page` would not sleep. */
export function pageCanLock(p: Readonly<PageLockState>): boolean {
  return !p.locked;
}
/** `lock_page`: may sleep (checks `might_sleep`); a model error when it would block (guard with `pageCanLock`). */
export function lockPage<H>(me: Current<H>, p: PageLockState): void {
  mightSleep(me, 'lock_page');
  if (p.locked) throw new KernelModelError('lock_page would sleep here: guard the step with pageCanLock');
  p.locked = true;
}
/** `trylock_page`: never sleeps. */
export function trylockPage(p: PageLockState): boolean {
  if (p.locked) return false;
  p.locked = true;
  return true;
}
/** `unlock_page`: reports `double-unlock` on an unlocked page. */
export function unlockPage(ctx: Checks, p: PageLockState): void {
  if (!p.locked) {
    ctx.check(KernelCheck.doubleUnlock, false, 'unlock_page on a page that is not locked');
    return;
  }
  p.locked = false;
}
