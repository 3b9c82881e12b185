// cow-fork: fork() copying a page that the parent may have DMA-pinned, against GUP pinning it
// (seed 001, "[PATCH 1/4] mm: Trial do_wp_page() simplification", 2020; brief models/cow-fork.md).
//
// Steps and the kernel functions they stand for (mm/memory.c, mm/gup.c; the early-COW protocol of
// 70e806e4e645 with 57efa1fe5957's write_protect_seq):
//   fork   mmap_write_lock          dup_mmap: mmap_write_lock(oldmm); copy_page_range:
//                                   raw_write_seqcount_begin(&src_mm->write_protect_seq).
//          page_needs_cow_for_dma   copy_pte_range takes both PTE locks; copy_present_pte evaluates
//                                   page_needs_cow_for_dma = MMF_HAS_PINNED && folio_maybe_dma_pinned.
//          copy_present_pte         under the same PTE locks: with a preallocated page,
//                                   copy_present_page gives the child the copy (the parent PTE stays
//                                   writable); without one, -EAGAIN and copy_pte_range drops the locks;
//                                   no COW needed: get_page + page_dup_rmap + ptep_set_wrprotect, the
//                                   child maps the page read-only, an unused preallocation is put.
//          page_copy_prealloc       alloc_page_vma(GFP_HIGHUSER_MOVABLE) with no PTE lock held (may
//                                   sleep, may fail: fork fails with -ENOMEM), then retry.
//          mmap_write_unlock        raw_write_seqcount_end; dup_mmap: mmap_write_unlock.
//   pin_user_pages (FOLL_PIN|FOLL_WRITE, slow GUP; also where GUP-fast falls back to):
//          mmap_read_lock           __get_user_pages_locked: mmap_read_lock, mm_set_has_pinned_flag.
//          faultin_page             handle_mm_fault(FAULT_FLAG_WRITE) -> do_wp_page on a read-only PTE.
//          follow_page_pte          under the PTE lock: a writable PTE -> try_grab_folio(FOLL_PIN)
//                                   (ref += GUP_PIN_COUNTING_BIAS), else fault again; mmap_read_unlock.
//   pin_user_pages_fast (gup_fast_fallback):
//          mm_set_has_pinned_flag   set MMF_HAS_PINNED before any pin.
//          raw_read_seqcount        seq = raw_read_seqcount(&mm->write_protect_seq); odd -> slow GUP.
//          gup_fast_pte_range       ptep_get_lockless + pte_access_permitted(write): else slow GUP.
//          try_grab_folio           the pin (ref += GUP_PIN_COUNTING_BIAS); a freed page -> slow GUP.
//          gup_fast_recheck_pte     pte_val(pte) != pte_val(ptep_get(ptep)): unpin, slow GUP.
//          read_seqcount_retry      the counter moved: unpin, slow GUP. Otherwise the pin is returned.
//   after either: dma_write (the device writes the pinned page), unpin_user_page.
//   parent write                    a store through a writable PTE, or a write fault: handle_mm_fault
//                                   (mmap_read_lock) -> do_wp_page: reuse when page_count == 1
//                                   (09854ba94c6a; param reuse=mapcount for the older mapcount rule),
//                                   else wp_page_copy (allocates with the PTE lock dropped).
//   child exit                      exit_mmap -> zap_pte_range: page_remove_rmap + put_page.
//
// Variants: fixed; no-early-cow (before 70e806e4e645: fork shares a maybe-pinned page);
// no-wp-seq (before 57efa1fe5957: no write_protect_seq in fork or GUP-fast); flag-after-pin
// (MMF_HAS_PINNED set after the pin instead of before); prealloc-under-ptl (the seed's draft:
// allocate the child's copy inside copy_present_pte, under the PTE locks).
//
// Which pinning API the caller uses is chosen in the initial state (`pinApi`); the other process
// never runs. Frames: F0 is the parent's page, F1/F2 are free for copies.
import {
  allocPage,
  bool,
  canDownRead,
  canDownWrite,
  current,
  defineSpec,
  downRead,
  downWrite,
  enumOf,
  getPage,
  mapOf,
  model,
  option,
  pageAddRmap,
  pageFields,
  pageIsFree,
  pageMaybeDmaPinned,
  pageRefCount,
  pageRemoveRmap,
  putPage,
  rawReadSeqcount,
  readSeqcountRetry,
  record,
  rwsemType,
  seqcountSnapshotType,
  seqcountType,
  seqcountWriteInProgress,
  spinCanLock,
  spinLock,
  spinlockType,
  spinUnlock,
  tryGrabPin,
  unpinPage,
  upRead,
  upWrite,
  usePage,
  writeSeqcountBegin,
  writeSeqcountEnd,
  type EffectContext,
  type ReadState,
  type StepArgs,
  type StepDef,
  type WriteState,
} from 'interleave';

const Frame = enumOf('F0', 'F1', 'F2');
type FrameId = (typeof Frame.values)[number];
const Task = enumOf('fork', 'gup', 'parent', 'child');
type TaskId = (typeof Task.values)[number];
const pte = record({ frame: option(Frame), writable: bool });

const vars = {
  /** Struct pages; `data` says whether the parent (CPU or DMA) wrote it after fork copied the PTE. */
  page: mapOf(Frame, record({ ...pageFields({ maxRefs: 3, maxPins: 1, maxMapcount: 2 }), data: enumOf('pre', 'post') })),
  ptep: pte,
  ptec: pte,
  /** MMF_HAS_PINNED: sticky once set. */
  hasPinned: bool,
  writeProtectSeq: seqcountType(1),
  mmapLock: rwsemType(Task),
  /** The parent's and the child's PTE locks (fork holds both in copy_pte_range). */
  srcPtl: spinlockType(Task),
  dstPtl: spinlockType(Task),
  /** fork's locals: the page_needs_cow_for_dma verdict, the preallocated page, -ENOMEM. */
  needsCow: bool,
  prealloc: option(Frame),
  forkFailed: bool,
  /** The caller's API. */
  pinApi: enumOf('pin_user_pages', 'pin_user_pages_fast'),
  /** GUP-fast's locals: the sequence it read, the writable PTE it read, whether it grabbed the page. */
  seqSnapshot: seqcountSnapshotType(1),
  fastPte: option(Frame),
  grabbed: bool,
  /** The pin GUP returned to its caller (after its last recheck); the DMA target. */
  pinned: option(Frame),
};
type Vars = typeof vars;
type N = WriteState<Vars>;
type Ctx = EffectContext<Vars>;
type Step = StepDef<Vars, StepArgs<undefined, {}>>;

const VARIANTS = ['fixed', 'no-early-cow', 'no-wp-seq', 'flag-after-pin', 'prealloc-under-ptl'] as const;

const me = (ctx: Ctx, n: N, self: TaskId) => current(ctx, self, { srcPtl: n.srcPtl, dstPtl: n.dstPtl });

/** The lowest free frame, or null. */
const freeFrame = (n: N): FrameId | null => Frame.values.find((f) => pageIsFree(n.page[f]) && n.prealloc !== f) ?? null;

/** A put that may free the page: a freed frame forgets its contents. */
const putAndMaybeFree = (n: N, f: FrameId, ctx: Ctx): void => {
  if (putPage(ctx, n.page[f])) n.page[f].data = 'pre';
};
const unpinAndMaybeFree = (n: N, f: FrameId, ctx: Ctx): void => {
  if (unpinPage(ctx, n.page[f])) n.page[f].data = 'pre';
};

/** A write by the parent (CPU store or DMA) into frame f: the child must not see it. */
const parentWrites = (n: N, f: FrameId, ctx: Ctx, what: string): void => {
  usePage(ctx, n.page[f], what);
  if (n.ptec.frame !== null) n.page[f].data = 'post';
};

export default defineSpec({ name: 'cow-fork', params: { reuse: 'count', isolation: true }, variants: VARIANTS }, ({ variant, reuse, isolation }) => {
  if (reuse !== 'count' && reuse !== 'mapcount') throw new RangeError(`cow-fork: reuse must be 'count' or 'mapcount', not '${reuse}'`);
  const withSeq = variant !== 'no-wp-seq';
  const flagFirst = variant !== 'flag-after-pin';

  /**
   * do_wp_page on the parent's read-only PTE, by `self` (the parent's fault or GUP's faultin_page),
   * mmap_read_lock held: reuse the page when nobody else can see it, else wp_page_copy.
   */
  const doWpPage = (n: N, ctx: Ctx, self: TaskId): void => {
    const task = me(ctx, n, self);
    spinLock(ctx, n.srcPtl, self);
    const f = n.ptep.frame!;
    const p = n.page[f];
    const exclusive = reuse === 'count' ? pageRefCount(p) === 1 : p.mapcount === 1;
    if (exclusive) {
      n.ptep.writable = true; // wp_page_reuse
      spinUnlock(ctx, n.srcPtl, self);
      return;
    }
    spinUnlock(ctx, n.srcPtl, self); // wp_page_copy allocates without the PTE lock
    const nf = freeFrame(n);
    if (nf === null) throw new RangeError('cow-fork: no free frame for wp_page_copy: add a frame');
    allocPage(task, n.page[nf], 'alloc_page_vma(GFP_HIGHUSER_MOVABLE)');
    usePage(ctx, p, 'copy_user_highpage');
    n.page[nf].data = p.data;
    spinLock(ctx, n.srcPtl, self);
    pageAddRmap(ctx, n.page[nf]);
    n.ptep.frame = nf;
    n.ptep.writable = true;
    pageRemoveRmap(ctx, p);
    putAndMaybeFree(n, f, ctx);
    spinUnlock(ctx, n.srcPtl, self);
  };

  /** copy_present_page: the child gets the preallocated copy, writable; the parent keeps its page. */
  const copyPresentPage = (n: N, ctx: Ctx, nf: FrameId): void => {
    const f = n.ptep.frame!;
    usePage(ctx, n.page[f], 'copy_user_highpage');
    n.page[nf].data = n.page[f].data;
    pageAddRmap(ctx, n.page[nf]);
    n.ptec.frame = nf;
    n.ptec.writable = true;
  };

  const fork: Record<string, Step> = {
    mmap_write_lock: {
      when: (s) => canDownWrite(s.mmapLock),
      effect: (n, _a, ctx) => {
        downWrite(me(ctx, n, 'fork'), n.mmapLock);
        if (withSeq) writeSeqcountBegin(ctx, n.writeProtectSeq);
      },
      next: 'page_needs_cow_for_dma',
    },
    page_needs_cow_for_dma: {
      when: (s) => spinCanLock(s.srcPtl) && spinCanLock(s.dstPtl),
      effect: (n, _a, ctx) => {
        spinLock(ctx, n.dstPtl, 'fork');
        spinLock(ctx, n.srcPtl, 'fork');
        n.needsCow = variant !== 'no-early-cow' && n.hasPinned && pageMaybeDmaPinned(n.page[n.ptep.frame!]);
      },
      next: 'copy_present_pte',
    },
    copy_present_pte: {
      effect: (n, _a, ctx) => {
        const f = n.ptep.frame!;
        if (n.needsCow && n.prealloc !== null) {
          copyPresentPage(n, ctx, n.prealloc);
          n.prealloc = null;
          n.needsCow = false;
        } else if (n.needsCow && variant === 'prealloc-under-ptl') {
          // the seed's duplicate_page: alloc_page_vma inside copy_one_pte, PTE locks held
          const nf = freeFrame(n);
          if (nf === null) throw new RangeError('cow-fork: no free frame for the copy: add a frame');
          allocPage(me(ctx, n, 'fork'), n.page[nf], 'alloc_page_vma(GFP_HIGHUSER_MOVABLE)');
          copyPresentPage(n, ctx, nf);
          n.needsCow = false;
        } else if (!n.needsCow) {
          getPage(ctx, n.page[f]);
          pageAddRmap(ctx, n.page[f]);
          n.ptep.writable = false;
          n.ptec.frame = f;
          n.ptec.writable = false;
          if (n.prealloc !== null) {
            putAndMaybeFree(n, n.prealloc, ctx);
            n.prealloc = null;
          }
        } // else -EAGAIN: needsCow stays set, copy_pte_range drops the locks and preallocates
        spinUnlock(ctx, n.srcPtl, 'fork');
        spinUnlock(ctx, n.dstPtl, 'fork');
      },
      next: (n) => (n.needsCow ? 'page_copy_prealloc' : 'mmap_write_unlock'),
    },
    page_copy_prealloc: {
      effect: (n, _a, ctx) => {
        n.needsCow = false;
        const nf = freeFrame(n);
        const ok = nf !== null && ctx.choose([true, false]);
        if (ok) {
          allocPage(me(ctx, n, 'fork'), n.page[nf], 'alloc_page_vma(GFP_HIGHUSER_MOVABLE)');
          n.prealloc = nf;
        } else {
          n.forkFailed = true; // -ENOMEM: the child mm is torn down, it mapped nothing yet
        }
      },
      next: (n) => (n.forkFailed ? 'mmap_write_unlock' : 'page_needs_cow_for_dma'),
    },
    mmap_write_unlock: {
      effect: (n, _a, ctx) => {
        if (withSeq) writeSeqcountEnd(ctx, n.writeProtectSeq);
        upWrite(ctx, n.mmapLock, 'fork');
      },
      next: 'done',
    },
  };

  /** Slow GUP, entered directly by pin_user_pages or as GUP-fast's fallback. */
  const slowGup: Record<string, Step> = {
    mmap_read_lock: {
      when: (s) => canDownRead(s.mmapLock),
      effect: (n, _a, ctx) => {
        downRead(me(ctx, n, 'gup'), n.mmapLock);
        if (flagFirst) n.hasPinned = true;
      },
      next: (n) => (n.ptep.writable ? 'follow_page_pte' : 'faultin_page'),
    },
    faultin_page: {
      when: (s) => spinCanLock(s.srcPtl),
      effect: (n, _a, ctx) => {
        if (!n.ptep.writable) doWpPage(n, ctx, 'gup');
      },
      next: 'follow_page_pte',
    },
    follow_page_pte: {
      when: (s) => spinCanLock(s.srcPtl),
      effect: (n, _a, ctx) => {
        if (!n.ptep.writable) return; // can_follow_write_pte fails: fault again
        const f = n.ptep.frame!;
        if (!tryGrabPin(n.page[f])) throw new Error('cow-fork: a mapped page has no reference');
        n.pinned = f;
        if (!flagFirst) n.hasPinned = true; // still under mmap_read_lock
        upRead(ctx, n.mmapLock, 'gup');
      },
      next: (n) => (n.pinned !== null ? 'dma_write' : 'faultin_page'),
    },
  };

  /** The pinned page in use, then released. */
  const usePin: Record<string, Step> = {
    dma_write: {
      effect: (n, _a, ctx) => parentWrites(n, n.pinned!, ctx, 'DMA write'),
      next: 'unpin_user_page',
    },
    unpin_user_page: {
      effect: (n, _a, ctx) => {
        unpinAndMaybeFree(n, n.pinned!, ctx);
        n.pinned = null;
      },
      next: 'done',
    },
  };

  /** GUP-fast gives up: drop the grab (if any) and take the slow path. */
  const fallBack = (n: N, ctx: Ctx): void => {
    if (n.grabbed) unpinAndMaybeFree(n, n.fastPte!, ctx);
    n.grabbed = false;
    n.fastPte = null;
    n.seqSnapshot = 0;
  };
  /** GUP-fast's pin is final: returned to the caller. */
  const commit = (n: N): void => {
    n.pinned = n.fastPte;
    n.grabbed = false;
    n.fastPte = null;
    n.seqSnapshot = 0;
  };
  const afterPin = flagFirst ? 'dma_write' : 'mm_set_has_pinned_flag';
  const fastOnly: Record<string, Step> = {};
  const isFast = (s: ReadState<Vars>) => s.pinApi === 'pin_user_pages_fast';
  if (flagFirst) {
    fastOnly['mm_set_has_pinned_flag'] = { when: isFast, effect: (n) => void (n.hasPinned = true), next: withSeq ? 'raw_read_seqcount' : 'gup_fast_pte_range' };
  }
  if (withSeq) {
    fastOnly['raw_read_seqcount'] = {
      when: flagFirst ? undefined : isFast,
      effect: (n) => void (n.seqSnapshot = rawReadSeqcount(n.writeProtectSeq)),
      next: (n) => (seqcountWriteInProgress(n.writeProtectSeq) ? 'mmap_read_lock' : 'gup_fast_pte_range'),
    };
  }
  fastOnly['gup_fast_pte_range'] = {
    effect: (n, _a, ctx) => {
      if (n.ptep.frame !== null && n.ptep.writable) n.fastPte = n.ptep.frame;
      else fallBack(n, ctx);
    },
    next: (n) => (n.fastPte !== null ? 'try_grab_folio' : 'mmap_read_lock'),
  };
  fastOnly['try_grab_folio'] = {
    effect: (n, _a, ctx) => {
      if (tryGrabPin(n.page[n.fastPte!])) n.grabbed = true;
      else fallBack(n, ctx);
    },
    next: (n) => (n.grabbed ? 'gup_fast_recheck_pte' : 'mmap_read_lock'),
  };
  fastOnly['gup_fast_recheck_pte'] = {
    effect: (n, _a, ctx) => {
      if (n.ptep.frame !== n.fastPte || !n.ptep.writable) fallBack(n, ctx);
      else if (!withSeq) commit(n);
    },
    next: (n) => (n.pinned !== null ? afterPin : n.grabbed ? 'read_seqcount_retry' : 'mmap_read_lock'),
  };
  if (withSeq) {
    fastOnly['read_seqcount_retry'] = {
      effect: (n, _a, ctx) => {
        if (readSeqcountRetry(n.writeProtectSeq, n.seqSnapshot)) fallBack(n, ctx);
        else commit(n);
      },
      next: (n) => (n.pinned !== null ? afterPin : 'mmap_read_lock'),
    };
  }
  if (!flagFirst) fastOnly['mm_set_has_pinned_flag'] = { effect: (n) => void (n.hasPinned = true), next: 'dma_write' };

  const slowFirst: Record<string, Step> = {
    ...slowGup,
    mmap_read_lock: { ...slowGup['mmap_read_lock']!, when: (s) => s.pinApi === 'pin_user_pages' && canDownRead(s.mmapLock) },
  };
  // the fast process's fallback needs the slow steps without the API guard, under the same labels
  const fast: Record<string, Step> = { ...fastOnly, ...slowGup, ...usePin };

  const m = model(vars)
    .init((s, ctx) => {
      s.page.F0 = { refs: 1, pins: 0, mapcount: 1, data: 'pre' };
      s.ptep = { frame: 'F0', writable: true };
      s.pinApi = ctx.choose(['pin_user_pages', 'pin_user_pages_fast'] as const);
    })
    .process('fork', fork)
    .process('pin_user_pages', { ...slowFirst, ...usePin })
    .process('pin_user_pages_fast', fast)
    .process('parent', {
      write: {
        when: (s) => s.ptep.writable || (canDownRead(s.mmapLock) && spinCanLock(s.srcPtl)),
        effect: (n, _a, ctx) => {
          if (!n.ptep.writable) {
            const task = me(ctx, n, 'parent');
            downRead(task, n.mmapLock);
            doWpPage(n, ctx, 'parent');
            upRead(ctx, n.mmapLock, 'parent');
          }
          parentWrites(n, n.ptep.frame!, ctx, 'store');
        },
        next: 'write',
      },
    })
    .process('child', {
      exit_mmap: {
        when: (s) => s.pc.fork === 'done' && s.ptec.frame !== null && spinCanLock(s.dstPtl),
        effect: (n, _a, ctx) => {
          const f = n.ptec.frame!;
          pageRemoveRmap(ctx, n.page[f]);
          putAndMaybeFree(n, f, ctx);
          n.ptec.frame = null;
          n.ptec.writable = false;
        },
        next: 'done',
      },
    })
    // C1: the parent's page table maps the page GUP pinned for it, so DMA and CPU see the same data
    .invariant('pinCoherence', (s) => s.pinned === null || s.ptep.frame === s.pinned)
    // C3: every reference is accounted for: a mapping each, the preallocation, GUP's pins
    .invariant('refcountsBalance', (s) =>
      Frame.values.every((f) => {
        const p = s.page[f];
        const maps = (s.ptep.frame === f ? 1 : 0) + (s.ptec.frame === f ? 1 : 0);
        const pins = (s.pinned === f ? 1 : 0) + (s.grabbed && s.fastPte === f ? 1 : 0);
        return p.mapcount === maps && p.refs === maps + (s.prealloc === f ? 1 : 0) && p.pins === pins;
      }),
    )
    // C4: a fork that failed with -ENOMEM left no child mapping and no preallocated page behind
    .invariant('enomemLeavesNoTrace', (s) => !s.forkFailed || (s.ptec.frame === null && (s.pc.fork !== 'done' || s.prealloc === null)))
    .cover('earlyCowCopies', (s) => s.ptec.frame !== null && s.ptec.frame !== s.ptep.frame)
    .cover('preallocationLeftUnused', (s) => s.pc.fork === 'copy_present_pte' && !s.needsCow && s.prealloc !== null)
    .cover('forkFailsWithEnomem', (s) => s.forkFailed && s.pc.fork === 'done')
    .cover('dmaAfterFork', (s) => s.pc.fork === 'done' && s.pinned !== null && s.page[s.pinned].data === 'post');
  // C2: the child never maps a page the parent pinned, nor sees what the parent wrote after fork
  // (param isolation=false leaves pin coherence alone, to see the RDMA form of the regression)
  return isolation ? m.invariant('isolation', (s) => (s.pinned === null || s.ptec.frame !== s.pinned) && (s.ptec.frame === null || s.page[s.ptec.frame].data === 'pre')) : m;
});
