import { describe, expect, it } from 'vitest';
import { complete, completionDone, current, reinitCompletion, waitForCompletion } from '../../spec/kernel/index.ts';
import { recorder } from './recorder.ts';

describe('completion', () => {
  it('lets one waiter through per complete()', () => {
    const ctx = recorder();
    const c = { done: 0 };
    expect(completionDone(c)).toBe(false);
    complete(c);
    expect(completionDone(c)).toBe(true);
    waitForCompletion(current(ctx, 'teardown'), c);
    expect(completionDone(c)).toBe(false);
    complete(c);
    reinitCompletion(c);
    expect(c.done).toBe(0);
    expect(ctx.failures).toEqual([]);
  });
  it('reports sleep-under-spinlock for wait_for_completion with a spinlock held', () => {
    const ctx = recorder();
    waitForCompletion(current(ctx, 'teardown', { lock: { owner: 'teardown' } }), { done: 1 });
    expect(ctx.properties()).toEqual(['sleep-under-spinlock']);
  });
  it('throws a model error when the wait would never end', () => {
    expect(() => waitForCompletion(current(recorder(), 'teardown'), { done: 0 })).toThrow(/completionDone/);
  });
});
