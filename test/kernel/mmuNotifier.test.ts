import { describe, expect, it } from 'vitest';
import { current, enumOf, mmuIntervalNotifier, scalarset, type MmuNotifierState } from '../../spec/index.ts';
import { recorder } from './recorder.ts';

const Dev = enumOf('A', 'B');
const mmu = mmuIntervalNotifier(Dev);
const fresh = (): MmuNotifierState => ({ active: 0, sub: { A: { invalidated: false, snapshot: 'none' }, B: { invalidated: false, snapshot: 'none' } } });

describe('mmu interval notifier', () => {
  it('declares active ranges and one subscription record per device', () => {
    const t = mmuIntervalNotifier(scalarset('Dev', 2), { maxActive: 3 }).type;
    expect(t.fields.active.hi).toBe(3);
    expect(t.fields.sub.key.kind).toBe('scalarset');
  });
  it('read_retry is false when no invalidation came after read_begin', () => {
    const mn = fresh();
    mmu.readBegin(mn, 'A');
    expect(mmu.readRetry(mn, 'A')).toBe(false);
  });
  it('an invalidation after read_begin makes read_retry true, even once it has ended', () => {
    const ctx = recorder();
    const mn = fresh();
    mmu.readBegin(mn, 'A');
    mmu.invalidateRangeStart(ctx, mn);
    expect(mmu.isInvalidating(mn)).toBe(true);
    expect(mmu.readRetry(mn, 'A')).toBe(true);
    mmu.invalidateRangeEnd(ctx, mn);
    expect(mmu.isInvalidating(mn)).toBe(false);
    expect(mmu.readRetry(mn, 'A')).toBe(true);
    expect(ctx.failures).toEqual([]);
  });
  it('read_begin waits while its subscription was invalidated in the current cycle, until the last end', () => {
    const ctx = recorder();
    const mn = fresh();
    mmu.invalidateRangeStart(ctx, mn);
    mmu.invalidateRangeStart(ctx, mn);
    expect(mmu.canReadBegin(mn, 'B')).toBe(false);
    mmu.invalidateRangeEnd(ctx, mn);
    expect(mmu.canReadBegin(mn, 'B')).toBe(false);
    mmu.invalidateRangeEnd(ctx, mn);
    expect(mmu.canReadBegin(mn, 'B')).toBe(true);
    expect(() => mmu.readBegin(fresh(), 'A')).not.toThrow();
  });
  it('a subscription whose driver ignores the event is not invalidated and keeps a valid snapshot', () => {
    const ctx = recorder();
    const mn = fresh();
    mmu.readBegin(mn, 'A');
    mmu.readBegin(mn, 'B');
    const zapped: string[] = [];
    mmu.invalidateRangeStart(ctx, mn, (d) => {
      if (d === 'A') return false;
      zapped.push(d);
    });
    expect(zapped).toEqual(['B']);
    expect(mmu.canReadBegin(mn, 'A')).toBe(true);
    expect(mmu.readRetry(mn, 'A')).toBe(false);
    expect(mmu.readRetry(mn, 'B')).toBe(true);
  });
  it('a later set_seq in the same cycle makes a snapshot taken during the cycle stale', () => {
    const ctx = recorder();
    const mn = fresh();
    mmu.invalidateRangeStart(ctx, mn, (d) => d !== 'A');
    mmu.readBegin(mn, 'A');
    mmu.setSeq(mn, 'A');
    expect(mmu.readRetry(mn, 'A')).toBe(true);
    mmu.readDone(mn, 'A');
    expect(mn.sub['A']!.snapshot).toBe('none');
  });
  it('reports unbalanced-call for invalidate_range_end without a start', () => {
    const ctx = recorder();
    mmu.invalidateRangeEnd(ctx, fresh());
    expect(ctx.properties()).toEqual(['unbalanced-call']);
  });
  it('read_begin may sleep: reported under a spinlock; calling it while it would block is a model error', () => {
    const ctx = recorder();
    mmu.readBegin(fresh(), 'A', current(ctx, 'A', { driver_lock: { owner: 'A' } }));
    expect(ctx.properties()).toEqual(['sleep-under-spinlock']);
    const mn = fresh();
    mmu.invalidateRangeStart(ctx, mn);
    expect(() => mmu.readBegin(mn, 'A')).toThrow(/canReadBegin/);
    expect(() => mmu.readRetry(fresh(), 'A')).toThrow(/without mmu_interval_read_begin/);
  });
});
