import { describe, expect, it } from 'vitest';
import { canDownRead, canDownWrite, current, downRead, downWrite, rwsemReadHeldBy, rwsemWriteHeldBy, upRead, upWrite, type RwsemState } from '../../spec/kernel/index.ts';
import { recorder } from './recorder.ts';

const sem = (): RwsemState<string> => ({ readers: new Set<string>() as unknown as RwsemState<string>['readers'], writer: null });

describe('rw semaphore (mmap_lock)', () => {
  it('admits several readers and excludes a writer until they leave', () => {
    const ctx = recorder();
    const s = sem();
    downRead(current(ctx, 'gup'), s);
    downRead(current(ctx, 'fault'), s);
    expect(canDownRead(s)).toBe(true);
    expect(canDownWrite(s)).toBe(false);
    expect(rwsemReadHeldBy(s, 'gup')).toBe(true);
    upRead(ctx, s, 'gup');
    upRead(ctx, s, 'fault');
    expect(canDownWrite(s)).toBe(true);
    downWrite(current(ctx, 'fork'), s);
    expect(rwsemWriteHeldBy(s, 'fork')).toBe(true);
    expect(canDownRead(s)).toBe(false);
    upWrite(ctx, s, 'fork');
    expect(s.writer).toBe(null);
    expect(ctx.failures).toEqual([]);
  });
  it('reports sleep-under-spinlock for down_read with the PTE lock held', () => {
    const ctx = recorder();
    downRead(current(ctx, 'gup', { ptl: { owner: 'gup' } }), sem());
    expect(ctx.properties()).toEqual(['sleep-under-spinlock']);
  });
  it('reports double-unlock for up_read and up_write without the lock', () => {
    const ctx = recorder();
    upRead(ctx, sem(), 'gup');
    upWrite(ctx, sem(), 'fork');
    expect(ctx.properties()).toEqual(['double-unlock', 'double-unlock']);
  });
  it("reports unlock-not-owner for up_write of another task's write lock", () => {
    const ctx = recorder();
    upWrite(ctx, { ...sem(), writer: 'fork' }, 'gup');
    expect(ctx.properties()).toEqual(['unlock-not-owner']);
  });
  it('reports recursive-locking for down_read by the writer', () => {
    const ctx = recorder();
    downRead(current(ctx, 'fork'), { ...sem(), writer: 'fork' });
    expect(ctx.properties()).toEqual(['recursive-locking']);
  });
  it('throws a model error for down_write while readers hold it', () => {
    const s = sem();
    downRead(current(recorder(), 'gup'), s);
    expect(() => downWrite(current(recorder(), 'fork'), s)).toThrow(/canDownWrite/);
  });
});
