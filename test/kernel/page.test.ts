import { describe, expect, it } from 'vitest';
import {
  GUP_PIN_COUNTING_BIAS,
  allocPage,
  current,
  getPage,
  getPageUnlessZero,
  lockPage,
  pageAddRmap,
  pageCanLock,
  pageIsFree,
  pageMaybeDmaPinned,
  pageRefCount,
  pageRemoveRmap,
  putPage,
  trylockPage,
  tryGrabPin,
  unlockPage,
  unpinPage,
  usePage,
  type PageState,
} from '../../spec/kernel/index.ts';
import { recorder } from './recorder.ts';

const free = (): PageState => ({ refs: 0, pins: 0, mapcount: 0 });

describe('page refcount, mapcount and pins', () => {
  it('counts a pin as GUP_PIN_COUNTING_BIAS (1024) references, as include/linux/mm.h does', () => {
    const p: PageState = { refs: 1, pins: 0, mapcount: 1 };
    expect(GUP_PIN_COUNTING_BIAS).toBe(1024);
    expect(pageMaybeDmaPinned(p)).toBe(false);
    expect(tryGrabPin(p)).toBe(true);
    expect(pageRefCount(p)).toBe(1025);
    expect(pageMaybeDmaPinned(p)).toBe(true);
  });
  it('gives false positives for 1024 plain references, like folio_maybe_dma_pinned', () => {
    expect(pageMaybeDmaPinned({ refs: 1024, pins: 0, mapcount: 0 })).toBe(true);
  });
  it('frees the page on the final put, whether that is a put_page or an unpin', () => {
    const ctx = recorder();
    const p = free();
    allocPage(current(ctx, 'cpu'), p);
    expect(pageRefCount(p)).toBe(1);
    tryGrabPin(p);
    expect(putPage(ctx, p)).toBe(false);
    expect(unpinPage(ctx, p)).toBe(true);
    expect(pageIsFree(p)).toBe(true);
    expect(ctx.failures).toEqual([]);
  });
  it('reports refcount-underflow for put_page on a free page and for an unpin without a pin', () => {
    const ctx = recorder();
    expect(putPage(ctx, free())).toBe(false);
    unpinPage(ctx, { refs: 1, pins: 0, mapcount: 0 });
    expect(ctx.properties()).toEqual(['refcount-underflow', 'refcount-underflow']);
  });
  it('reports refcount-underflow when put_page would drop a pin', () => {
    const ctx = recorder();
    const p: PageState = { refs: 0, pins: 1, mapcount: 0 };
    putPage(ctx, p);
    expect(ctx.failures[0]!.message).toMatch(/unpin_user_page/);
    expect(p.pins).toBe(1);
  });
  it('reports use-after-free for get_page, mapping or touching a freed page', () => {
    const ctx = recorder();
    const p = free();
    getPage(ctx, p);
    pageAddRmap(ctx, p);
    usePage(ctx, p, 'copy_user_highpage');
    expect(ctx.properties()).toEqual(['use-after-free', 'use-after-free', 'use-after-free']);
    expect(p).toEqual(free());
  });
  it('refuses speculative references and pins on a free page', () => {
    const p = free();
    expect(getPageUnlessZero(p)).toBe(false);
    expect(tryGrabPin(p)).toBe(false);
    expect(p).toEqual(free());
  });
  it('reports refcount-underflow for page_remove_rmap on an unmapped page', () => {
    const ctx = recorder();
    pageRemoveRmap(ctx, { refs: 1, pins: 0, mapcount: 0 });
    expect(ctx.properties()).toEqual(['refcount-underflow']);
  });
  it('reports sleep-under-spinlock when allocating with the PTE lock held', () => {
    const ctx = recorder();
    allocPage(current(ctx, 'fork', { ptl: { owner: 'fork' } }), free(), 'page_copy_prealloc');
    expect(ctx.failures).toEqual([{ property: 'sleep-under-spinlock', message: 'page_copy_prealloc may sleep, called by fork while holding ptl' }]);
  });
  it('throws a model error when allocating into a page in use', () => {
    expect(() => allocPage(current(recorder(), 'cpu'), { refs: 1, pins: 0, mapcount: 0 })).toThrow(/in use/);
  });
});

describe('page lock', () => {
  it('lock_page may sleep: reported under a spinlock; trylock_page never sleeps', () => {
    const ctx = recorder();
    const p = { locked: false };
    lockPage(current(ctx, 'migrate', { ptl: { owner: 'migrate' } }), p);
    expect(ctx.properties()).toEqual(['sleep-under-spinlock']);
    expect(pageCanLock(p)).toBe(false);
    expect(trylockPage(p)).toBe(false);
    unlockPage(ctx, p);
    expect(trylockPage(p)).toBe(true);
  });
  it('reports double-unlock for unlock_page on an unlocked page', () => {
    const ctx = recorder();
    unlockPage(ctx, { locked: false });
    expect(ctx.properties()).toEqual(['double-unlock']);
  });
  it('throws a model error when lock_page would block', () => {
    expect(() => lockPage(current(recorder(), 'cpu'), { locked: true })).toThrow(/pageCanLock/);
  });
});
