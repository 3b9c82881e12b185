import { describe, expect, it } from 'vitest';
import { actionsOf, expectStoredTraceMatches, expectVerdict } from './expectVerdict.ts';

const FILE = 'models/cow-fork.ts';

describe('cow-fork (seed 001: early COW of maybe-DMA-pinned pages during fork)', () => {
  it('fixed: early COW, write_protect_seq and MMF_HAS_PINNED before the pin: no violation, 298 distinct states', async () => {
    await expectVerdict(FILE, 'fixed', { ok: true, distinct: 298 });
  });
  it('fixed stays clean under the older mapcount reuse rule (295 distinct states)', async () => {
    await expectVerdict(FILE, 'fixed', { ok: true, distinct: 295 }, { reuse: 'mapcount' });
  });
  it('no-early-cow: fork shares the page pin_user_pages pinned; the child maps it (isolation, 6 states)', async () => {
    const r = await expectVerdict(FILE, 'no-early-cow', { ok: false, kind: 'invariant', property: 'isolation', states: 6 });
    expect(actionsOf(r)).toEqual([
      'pin_user_pages: mmap_read_lock',
      'pin_user_pages: follow_page_pte',
      'fork: mmap_write_lock',
      'fork: page_needs_cow_for_dma',
      'fork: copy_present_pte',
    ]);
    expectStoredTraceMatches('counterexamples/cow-fork/no-early-cow.json', r);
  });
  it('no-early-cow, RDMA form: the parent write COWs away from its pinned page (pinCoherence, 8 states)', async () => {
    const r = await expectVerdict(FILE, 'no-early-cow', { ok: false, kind: 'invariant', property: 'pinCoherence', states: 8 }, { isolation: false });
    expect(actionsOf(r).at(-1)).toBe('parent: write');
  });
  it("no-wp-seq: 57efa1fe5957's interleaving: GUP-fast pins between page_needs_cow_for_dma and copy_present_pte (8 states)", async () => {
    const r = await expectVerdict(FILE, 'no-wp-seq', { ok: false, kind: 'invariant', property: 'isolation', states: 8 });
    expect(actionsOf(r)).toEqual([
      'fork: mmap_write_lock',
      'fork: page_needs_cow_for_dma',
      'pin_user_pages_fast: mm_set_has_pinned_flag',
      'pin_user_pages_fast: gup_fast_pte_range',
      'pin_user_pages_fast: try_grab_folio',
      'pin_user_pages_fast: gup_fast_recheck_pte',
      'fork: copy_present_pte',
    ]);
    expectStoredTraceMatches('counterexamples/cow-fork/no-wp-seq.json', r);
  });
  it('no-wp-seq: pin coherence fails at the parent write (10 states)', async () => {
    await expectVerdict(FILE, 'no-wp-seq', { ok: false, kind: 'invariant', property: 'pinCoherence', states: 10 }, { isolation: false });
  });
  it('flag-after-pin: GUP-fast completes before fork, which reads MMF_HAS_PINNED unset and shares (9 states)', async () => {
    const r = await expectVerdict(FILE, 'flag-after-pin', { ok: false, kind: 'invariant', property: 'isolation', states: 9 });
    expect(actionsOf(r)).toEqual([
      'pin_user_pages_fast: raw_read_seqcount',
      'pin_user_pages_fast: gup_fast_pte_range',
      'pin_user_pages_fast: try_grab_folio',
      'pin_user_pages_fast: gup_fast_recheck_pte',
      'pin_user_pages_fast: read_seqcount_retry',
      'fork: mmap_write_lock',
      'fork: page_needs_cow_for_dma',
      'fork: copy_present_pte',
    ]);
    expectStoredTraceMatches('counterexamples/cow-fork/flag-after-pin.json', r);
  });
  it('flag-after-pin: pin coherence fails at the parent write (11 states)', async () => {
    await expectVerdict(FILE, 'flag-after-pin', { ok: false, kind: 'invariant', property: 'pinCoherence', states: 11 }, { isolation: false });
  });
  it('prealloc-under-ptl: allocating the copy inside copy_present_pte sleeps under both PTE locks (6 states)', async () => {
    const r = await expectVerdict(FILE, 'prealloc-under-ptl', { ok: false, kind: 'action', property: 'sleep-under-spinlock', states: 6 });
    if (r.result === 'violation') expect(r.violation.message).toBe('alloc_page_vma(GFP_HIGHUSER_MOVABLE) may sleep, called by fork while holding srcPtl, dstPtl');
    expect(actionsOf(r).at(-1)).toBe('fork: copy_present_pte');
    expectStoredTraceMatches('counterexamples/cow-fork/prealloc-under-ptl.json', r);
  });
});
