import { describe, expect, it } from 'vitest';
import { current, heldSpinlocks, mightSleep, spinCanLock, spinHeldBy, spinIsLocked, spinLock, spinUnlock, type SpinlockState } from '../../spec/kernel/index.ts';
import { recorder } from './recorder.ts';

describe('spinlock', () => {
  it('records its holder between spin_lock and spin_unlock', () => {
    const ctx = recorder();
    const ptl: SpinlockState<string> = { owner: null };
    expect(spinCanLock(ptl)).toBe(true);
    spinLock(ctx, ptl, 'fork');
    expect(spinIsLocked(ptl)).toBe(true);
    expect(spinHeldBy(ptl, 'fork')).toBe(true);
    expect(spinHeldBy(ptl, 'gup')).toBe(false);
    expect(spinCanLock(ptl)).toBe(false);
    spinUnlock(ctx, ptl, 'fork');
    expect(ptl.owner).toBe(null);
    expect(ctx.failures).toEqual([]);
  });
  it('reports double-unlock when the lock is free', () => {
    const ctx = recorder();
    spinUnlock(ctx, { owner: null }, 'fork');
    expect(ctx.properties()).toEqual(['double-unlock']);
  });
  it("reports unlock-not-owner for another task's lock and leaves it held", () => {
    const ctx = recorder();
    const ptl = { owner: 'gup' as string | null };
    spinUnlock(ctx, ptl, 'fork');
    expect(ctx.properties()).toEqual(['unlock-not-owner']);
    expect(ptl.owner).toBe('gup');
  });
  it('reports recursive-locking when the holder takes it again', () => {
    const ctx = recorder();
    spinLock(ctx, { owner: 'fork' }, 'fork');
    expect(ctx.properties()).toEqual(['recursive-locking']);
  });
  it("throws a model error when a step takes another task's lock without a guard", () => {
    expect(() => spinLock(recorder(), { owner: 'gup' }, 'fork')).toThrow(/guard the step with spinCanLock/);
  });
});

describe('might_sleep', () => {
  it('reports sleep-under-spinlock naming the held lock and the call', () => {
    const ctx = recorder();
    const me = current(ctx, 'fork', { src_ptl: { owner: 'fork' }, dst_ptl: { owner: null } });
    expect(heldSpinlocks(me)).toEqual(['src_ptl']);
    mightSleep(me, 'alloc_page(GFP_KERNEL)');
    expect(ctx.failures).toEqual([{ property: 'sleep-under-spinlock', message: 'alloc_page(GFP_KERNEL) may sleep, called by fork while holding src_ptl' }]);
  });
  it("is quiet when only another task holds a spinlock", () => {
    const ctx = recorder();
    mightSleep(current(ctx, 'fork', { ptl: { owner: 'cpu' } }), 'lock_page');
    expect(ctx.failures).toEqual([]);
  });
});
