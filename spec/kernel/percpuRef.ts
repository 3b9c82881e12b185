// A percpu_ref (lib/percpu-refcount.c), e.g. a dev_pagemap's `ref`: a count that includes the
// initial reference, and whether it was killed. `percpu_ref_kill` marks it dead and drops the initial
// reference; the put that brings a dead ref to zero runs the release callback (the caller's
// `complete()`, for a pgmap). While the ref is live (percpu mode) the kernel does not look at the
// count: a put without a get goes unnoticed until the kill sums the counters and warns
// "percpu ref <= 0 after switching to atomic". The model can report it there (`kernel`) or at the
// put itself (`strict`, the default): the initial reference belongs to whoever kills the ref, so a
// put that would consume it matches no get.
import { bool, int, record, type BoolType, type IntType, type RecordType } from '../types.ts';
import { KernelCheck, type Checks } from './checks.ts';

/** The state of a percpu_ref. */
export interface PercpuRefState {
  /** References, the initial one included. */
  count: number;
  /** Killed (`__PERCPU_REF_DEAD`). */
  dead: boolean;
}

/** When an unbalanced put is reported: at the put (`strict`) or when the kernel would see it (`kernel`). */
export type PercpuRefUnderflowCheck = 'strict' | 'kernel';

/** The record type of a percpu_ref with at most `maxCount` references (the initial one included). */
export function percpuRefType(maxCount = 3): RecordType<{ count: IntType; dead: BoolType }> {
  return record({ count: int(0, maxCount), dead: bool });
}

/** `percpu_ref_init`: live, holding the initial reference. */
export function percpuRefInit(r: PercpuRefState): void {
  r.count = 1;
  r.dead = false;
}
/** `percpu_ref_is_dying`. */
export function percpuRefIsDying(r: Readonly<PercpuRefState>): boolean {
  return r.dead;
}

/** `percpu_ref_tryget_live`: a reference unless the ref was killed. */
export function percpuRefTrygetLive(r: PercpuRefState): boolean {
  if (r.dead) return false;
  r.count = r.count + 1;
  return true;
}
/** Whether the ref was released: dead and every reference dropped. */
export function percpuRefReleased(r: Readonly<PercpuRefState>): boolean {
  return r.dead && r.count === 0;
}

/** `percpu_ref_tryget`: a reference unless the ref was released (a dying ref still counts). */
export function percpuRefTryget(r: PercpuRefState): boolean {
  if (percpuRefReleased(r)) return false;
  r.count = r.count + 1;
  return true;
}
/** `percpu_ref_get`: reports `use-after-free` on a released ref. */
export function percpuRefGet(ctx: Checks, r: PercpuRefState): void {
  if (percpuRefReleased(r)) {
    ctx.check(KernelCheck.useAfterFree, false, 'percpu_ref_get after the final put released the object');
    return;
  }
  r.count = r.count + 1;
}

/**
 * `percpu_ref_put`: true when this put released a dead ref (the caller runs the release callback).
 * Reports `refcount-underflow` for a put that matches no get (see the file header for `check`).
 */
export function percpuRefPut(ctx: Checks, r: PercpuRefState, check: PercpuRefUnderflowCheck = 'strict'): boolean {
  if (r.count === 0) {
    ctx.check(KernelCheck.refcountUnderflow, false, 'percpu_ref_put on a ref whose count is already zero');
    return false;
  }
  if (!r.dead && r.count === 1 && check === 'strict') {
    ctx.check(KernelCheck.refcountUnderflow, false, 'percpu_ref_put that matches no get: it drops the initial reference of a live ref (the kernel warns only at percpu_ref_kill)');
    return false;
  }
  r.count = r.count - 1;
  return r.dead && r.count === 0;
}

/**
 * `percpu_ref_kill`: marks the ref dead and drops the initial reference; true when that released it.
 * Reports `unbalanced-call` when killed twice, and `refcount-underflow` when unbalanced puts already
 * consumed the initial reference (the kernel's "percpu ref <= 0 after switching to atomic").
 */
export function percpuRefKill(ctx: Checks, r: PercpuRefState): boolean {
  if (r.dead) {
    ctx.check(KernelCheck.unbalanced, false, 'percpu_ref_kill called more than once');
    return false;
  }
  r.dead = true;
  if (r.count === 0) {
    ctx.check(KernelCheck.refcountUnderflow, false, 'percpu ref <= 0 after switching to atomic: puts without gets consumed the initial reference');
    return false;
  }
  r.count = r.count - 1;
  return r.count === 0;
}
