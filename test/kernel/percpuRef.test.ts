import { describe, expect, it } from 'vitest';
import { percpuRefGet, percpuRefInit, percpuRefIsDying, percpuRefKill, percpuRefPut, percpuRefReleased, percpuRefTryget, percpuRefTrygetLive, type PercpuRefState } from '../../spec/kernel/index.ts';
import { recorder } from './recorder.ts';

const live = (): PercpuRefState => {
  const r = { count: 0, dead: false };
  percpuRefInit(r);
  return r;
};

describe('percpu_ref', () => {
  it('releases on the last put after kill, not before', () => {
    const ctx = recorder();
    const r = live();
    expect(percpuRefTrygetLive(r)).toBe(true);
    expect(percpuRefKill(ctx, r)).toBe(false);
    expect(percpuRefIsDying(r)).toBe(true);
    expect(percpuRefPut(ctx, r)).toBe(true);
    expect(percpuRefReleased(r)).toBe(true);
    expect(ctx.failures).toEqual([]);
  });
  it('releases at kill when nobody else holds a reference', () => {
    expect(percpuRefKill(recorder(), live())).toBe(true);
  });
  it('tryget_live refuses a killed ref; tryget still succeeds until release', () => {
    const r = live();
    percpuRefTrygetLive(r);
    percpuRefKill(recorder(), r);
    expect(percpuRefTrygetLive(r)).toBe(false);
    expect(percpuRefTryget(r)).toBe(true);
    expect(r.count).toBe(2);
  });
  it('strict: reports refcount-underflow for a put that would consume the initial reference of a live ref', () => {
    const ctx = recorder();
    const r = live();
    expect(percpuRefPut(ctx, r)).toBe(false);
    expect(ctx.properties()).toEqual(['refcount-underflow']);
    expect(r).toEqual({ count: 1, dead: false });
  });
  it('kernel: the same put passes, and kill reports the underflow as the kernel warns', () => {
    const ctx = recorder();
    const r = live();
    percpuRefPut(ctx, r, 'kernel');
    expect(ctx.failures).toEqual([]);
    expect(percpuRefTrygetLive(r)).toBe(true);
    percpuRefPut(ctx, r, 'kernel');
    percpuRefKill(ctx, r);
    expect(ctx.properties()).toEqual(['refcount-underflow']);
    expect(ctx.failures[0]!.message).toMatch(/<= 0 after switching to atomic/);
  });
  it('reports refcount-underflow for a put after release, use-after-free for a get after release', () => {
    const ctx = recorder();
    const r = live();
    percpuRefKill(ctx, r);
    percpuRefPut(ctx, r);
    percpuRefGet(ctx, r);
    expect(ctx.properties()).toEqual(['refcount-underflow', 'use-after-free']);
    expect(percpuRefTryget(r)).toBe(false);
  });
  it('reports unbalanced-call for a second kill', () => {
    const ctx = recorder();
    const r = live();
    percpuRefTrygetLive(r);
    percpuRefKill(ctx, r);
    percpuRefKill(ctx, r);
    expect(ctx.properties()).toEqual(['unbalanced-call']);
    expect(r.count).toBe(1);
  });
});
