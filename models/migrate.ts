// migrate: device memory migration (mm/migrate_device.c) racing with two HMM mirrors (mm/hmm.c,
// lib/test_hmm.c), mmu interval notifiers (mm/mmu_notifier.c), CPU faults and a DMA pin, on one anonymous
// virtual page (seeds 002 and 004, ../shared/models/migrate.md). Devices Dev0 and Dev1 (A and B, a scalarset)
// each mirror the CPU page table and each migrates the page to its own memory at most once. Pages: the
// zero page, system pages S0 and S1, one device-private page per device (`device` of `Dev0` is D_A).
// One step = one lock-held critical section; sequential consistency. Longer than most files: the map
// from steps to kernel functions and the properties only read well next to the steps.
//
// Steps and the kernel functions they stand for:
//   migrate[d]: the driver migrating the page to device d (dmirror_migrate_to_device:
//   MIGRATE_VMA_SELECT_SYSTEM, pgmap_owner = d)
//     setup_invalidateStart  migrate_vma_setup > migrate_vma_collect: mmu_notifier_range_init_owner(
//                            MMU_NOTIFY_MIGRATE, owner d) + mmu_notifier_invalidate_range_start; each
//                            interval's ->invalidate (dmirror_interval_invalidate): mmu_interval_set_seq
//                            and dmirror_do_update (zap the device page table)
//     collect                migrate_vma_collect_pmd under the PTE lock: folio_get + folio_trylock, a
//                            migration entry, folio_remove_rmap_pte + folio_put; pte_none or the zero pfn:
//                            MIGRATE without a page, PTE unchanged; a migration entry or a device page: skip
//     setup_invalidateEnd    migrate_vma_collect: mmu_notifier_invalidate_range_end
//     unmap                  migrate_vma_unmap > migrate_device_unmap: folio_isolate_lru and folio_put,
//                            migrate_vma_check_page; pinned: remove_migration_ptes(src, src), unlock, put
//     allocAndCopy           dmirror_migrate_alloc_and_copy: dmirror_devmem_alloc_page (get_page +
//                            lock_page), copy_highpage, or clear_highpage for a no-source entry
//     pages_invalidateStart  __migrate_device_pages, first no-source entry: mmu_notifier_range_init_owner +
//                            mmu_notifier_invalidate_range_start (the block [PATCH v4 6/6] removed)
//     pages_insertPage       migrate_vma_insert_page under the PTE lock: abort unless pte_none or the zero
//                            pfn (then ptep_clear_flush); folio_add_new_anon_rmap, folio_get, device entry
//     pages_migrateMapping   __migrate_device_pages > folio_migrate_mapping: refcount != 1 + extra: -EAGAIN
//     pages_invalidateEnd    __migrate_device_pages: mmu_notifier_invalidate_range_end
//     finalizeAndMap         dmirror_migrate_finalize_and_map: xa_store of dst into the device page table
//     finalize               migrate_vma_finalize > __migrate_device_finalize: remove_migration_ptes(src,
//                            dst or src), folio_unlock and folio_put of src and dst
//   device[d]: a device page fault (dmirror_range_fault, the loop of Documentation/mm/hmm.rst)
//     fault_readBegin        mmu_interval_read_begin: sleeps while d was invalidated in the current cycle
//     fault_hmmRangeFault    hmm_range_fault: mmu_interval_check_retry (-EBUSY: again), then the walk:
//                            pte_none: handle_mm_fault (read, maps the zero page) and walk again; present
//                            or zero page: its pfn; d's own device page: its pfn; a migration entry:
//                            migration_entry_wait; another device's page: handle_mm_fault > do_swap_page,
//                            which the swapFault process runs (the page lock lets one run at a time)
//     fault_mapMirror        mutex_lock(&dmirror->mutex), mmu_interval_read_retry, dmirror_do_fault
//   cpuWrite: a CPU write fault
//     handleMmFault_write    do_anonymous_page on pte_none (allocate, map); on the zero page do_wp_page >
//                            wp_page_copy: allocate, mmu_notifier_invalidate_range_start(MMU_NOTIFY_CLEAR)
//     wpPageCopy_setPte      wp_page_copy under the PTE lock: pte_same, ptep_clear_flush, set_pte_at
//     wpPageCopy_invalidateEnd  wp_page_copy: mmu_notifier_invalidate_range_end
//   cpuRead.doAnonymousPage_read  do_anonymous_page, read fault on pte_none: the zero page (only with
//                            `unpopulated`)
//   swapFault: a fault on a device-private entry (by the CPU, or by a device's hmm_range_fault)
//     doSwapPage             do_swap_page under the PTE lock: pte_same, trylock_page, get_page; then
//                            pgmap->ops->migrate_to_ram = dmirror_devmem_fault (pgmap_owner = the page's
//                            device, MIGRATE_VMA_SELECT_DEVICE_PRIVATE, fault_page = the page)
//     setup_invalidateStart, collect, setup_invalidateEnd, unmap, pages_migrateMapping, finalize: as for
//                            migrate[d], on the fault page (already locked; finalize leaves it locked)
//     allocAndCopy           dmirror_devmem_fault_alloc_and_copy: alloc_page_vma + lock_page, xa_erase of
//                            the owner's device page table entry (no mmu_interval_set_seq), copy_highpage
//     doSwapPage_unlock      do_swap_page: unlock_page, put_page
//   pinner: pinUserPages (pin_user_pages, FOLL_PIN, on a present page, or get_user_pages, FOLL_GET: a
//           plain get_page), dmaWrite (the device writes the page), unpinUserPages (unpin_user_page, or
//           put_page)
//
// Abstractions: the notifier's sequence numbers are flags (spec/kernel/mmuNotifier.ts). Page data is a
// version: 0 zeroes, 1 the first contents of S0, 2 written by DMA. CPU stores and device writes through
// a mirror are not modelled (mirrors are read-only). The collect-time pin check of today's kernel
// (folio_try_share_anon_rmap_pte refuses a maybe-pinned anon-exclusive page) is not modelled: the
// variants are about the two reference checks (migrate_vma_check_page, folio_migrate_mapping).
import {
  allocPage,
  bool,
  current,
  defineSpec,
  enumOf,
  getPage,
  idName,
  int,
  mapOf,
  mmuIntervalNotifier,
  model,
  option,
  pageAddRmap,
  pageFields,
  pageIsFree,
  pageLockFields,
  pageRefCount,
  pageRemoveRmap,
  putPage,
  record,
  scalarset,
  trylockPage,
  tryGrabPin,
  unlockPage,
  unpinPage,
  usePage,
  type EffectContext,
  type Id,
  type ReadState,
  type Scalarset,
  type WriteState,
} from 'interleave';

/** The variants: the correct protocol first, then one mistake each. */
const VARIANTS = ['fixed', 'no-reinvalidate', 'no-pin-check', 'no-ref-checks', 'no-read-retry', 'owner-skip', 'owner-skip-to-ram'] as const;
type Variant = (typeof VARIANTS)[number];

type SystemPage = 'S0' | 'S1';
type PageName = 'none' | 'zero' | SystemPage | 'device';
/** A page: `device` pages are named by their device. */
type DevId = Id<'Dev'>;
type PageRef = { readonly page: PageName; readonly dev: DevId | null };

/** The state variables, for a set of devices. */
function schemaFor(Dev: Scalarset<'Dev'>, mmu: ReturnType<typeof notifierFor>) {
  const pageName = enumOf('none', 'zero', 'S0', 'S1', 'device');
  const page = record({ ...pageFields({ maxRefs: 3, maxPins: 1, maxMapcount: 1 }), ...pageLockFields(), data: int(0, 2) });
  return {
    /** The CPU page table entry of the virtual page. */
    pte: record({ entry: enumOf('none', 'zero', 'present', 'migration', 'devicePrivate'), page: pageName, dev: option(Dev) }),
    sysPage: mapOf(enumOf('S0', 'S1'), page),
    devPage: mapOf(Dev, page),
    /** Each device's page table entry for the page (dmirror->pt): it holds no page reference. */
    mirror: mapOf(Dev, record({ page: pageName, dev: option(Dev) })),
    /** What hmm_range_fault returned to the device's fault in progress. */
    hmmPfn: mapOf(Dev, record({ page: pageName, dev: option(Dev) })),
    /** The interval notifiers of the devices. */
    notifier: mmu.type,
    /** The src/dst arrays of each device's migration: src `hole` is MIGRATE without a page. */
    migration: mapOf(Dev, record({ src: enumOf('none', 'hole', 'S0', 'S1'), dst: bool, migrate: bool })),
    /** The swap fault's migrate_to_ram: src is a device page (by its device), dst a system page. */
    ram: record({ src: option(Dev), dst: enumOf('none', 'S0', 'S1'), migrate: bool }),
    /** The page wp_page_copy allocated. */
    cpuWriteNew: enumOf('none', 'S0', 'S1'),
    /** The page the pinner holds pinned (or holds a reference on, with `gupRef` get). */
    pinned: enumOf('none', 'S0', 'S1'),
    /** How the pinner holds it: a pin (FOLL_PIN) or a plain reference (FOLL_GET). */
    gupRef: enumOf('pin', 'get'),
  };
}
// at most four invalidations at once: two migrations, the swap fault, wp_page_copy
const notifierFor = (Dev: Scalarset<'Dev'>) => mmuIntervalNotifier(Dev, { maxActive: 4 });
type Vars = ReturnType<typeof schemaFor>;
type R = ReadState<Vars>;
type W = WriteState<Vars>;
type Ctx = EffectContext<Vars>;

/**
 * Parameters: `devices` (2); `unpopulated`: the page may also start as pte_none (doubles the states);
 * `liveness`: also check M5, that every migration finishes (temporal: symmetry reduction is then off).
 */
export default defineSpec(
  { name: 'migrate', params: { devices: 2, unpopulated: false, liveness: false }, variants: VARIANTS },
  ({ devices, unpopulated, liveness, variant }) => {
    if (devices < 1) throw new RangeError('migrate: devices must be at least 1');
    return buildMigrate(scalarset('Dev', devices), variant, { unpopulated, liveness });
  },
);

function buildMigrate(Dev: Scalarset<'Dev'>, variant: Variant, options: { unpopulated: boolean; liveness: boolean }) {
  const devs = Dev.values;
  const checkPage = variant !== 'no-pin-check' && variant !== 'no-ref-checks';
  const checkMapping = variant !== 'no-ref-checks';
  const reinvalidate = variant !== 'no-reinvalidate';
  const readRetry = variant !== 'no-read-retry';
  // owner-skip: the driver ignores every MIGRATE event it owns (as lib/test_hmm.c does); owner-skip-to-ram:
  // only those of migrate_to_ram, whose own xa_erase is then the only zap of its mirror
  const ownerSkip = variant === 'owner-skip' || variant === 'owner-skip-to-ram';
  const ownerSkipToDevice = variant === 'owner-skip';
  const mmu = notifierFor(Dev);

  const NONE: PageRef = { page: 'none', dev: null };
  const ZERO: PageRef = { page: 'zero', dev: null };
  const sys = (p: SystemPage): PageRef => ({ page: p, dev: null });
  const dev = (d: DevId): PageRef => ({ page: 'device', dev: d });
  const same = (a: PageRef, b: PageRef) => a.page === b.page && a.dev === b.dev;
  const ptePage = (s: R | W): PageRef => ({ page: s.pte.page, dev: s.pte.dev });
  const setRef = (to: { page: PageName; dev: DevId | null }, p: PageRef) => {
    to.page = p.page;
    to.dev = p.dev;
  };
  const setPte = (n: W, entry: R['pte']['entry'], p: PageRef) => {
    n.pte.entry = entry;
    setRef(n.pte, p);
  };

  /** The struct page of a refcounted page (not none, not the zero page). */
  function pageOf(s: W, p: PageRef): W['sysPage']['S0'];
  function pageOf(s: R, p: PageRef): R['sysPage']['S0'];
  function pageOf(s: R | W, p: PageRef) {
    return p.page === 'device' ? s.devPage[p.dev!]! : s.sysPage[p.page as SystemPage];
  }
  const refcounted = (p: PageRef) => p.page === 'device' || p.page === 'S0' || p.page === 'S1';
  const allocated = (s: R, p: PageRef) => !refcounted(p) || !pageIsFree(pageOf(s, p));
  const dataOf = (s: R | W, p: PageRef) => (refcounted(p) ? pageOf(s as R, p).data : 0);
  /** A free system page to allocate, S1 first. */
  const freeSystemPage = (s: R | W): SystemPage | null => (pageIsFree(s.sysPage.S1) ? 'S1' : pageIsFree(s.sysPage.S0) ? 'S0' : null);
  /** Allocates a page with `data` (alloc_page / the device allocator), locked when the caller locks it. */
  const allocate = (n: W, ctx: Ctx, who: string, p: PageRef, data: number, locked: boolean) => {
    const page = pageOf(n, p);
    allocPage(current(ctx, who), page);
    page.locked = locked;
    page.data = data;
  };
  /** folio_put; the final put frees the page, which forgets its contents. */
  const put = (n: W, ctx: Ctx, p: PageRef) => {
    const page = pageOf(n, p);
    if (putPage(ctx, page)) freed(ctx, page);
  };
  const freed = (ctx: Ctx, page: W['sysPage']['S0']) => {
    ctx.check('freedWhileLocked', !page.locked, 'the final put of a page that is still locked');
    page.data = 0;
  };
  /** remove_migration_ptes / set_pte_at of a mapping: the mapping's reference and rmap. */
  const map = (n: W, ctx: Ctx, entry: 'present' | 'devicePrivate', p: PageRef) => {
    getPage(ctx, pageOf(n, p));
    pageAddRmap(ctx, pageOf(n, p));
    setPte(n, entry, p);
  };

  /** mmu_notifier_invalidate_range_start; owner-skip: a device ignores MIGRATE events it owns. */
  const invalidateStart = (n: W, ctx: Ctx, event: 'migrate' | 'migrate_to_ram' | 'clear', owner: DevId | null) =>
    mmu.invalidateRangeStart(ctx, n.notifier, (d) => {
      const skipped = event === 'migrate_to_ram' ? ownerSkip : event === 'migrate' && ownerSkipToDevice;
      if (skipped && owner === d) return false;
      setRef(n.mirror[d]!, NONE); // dmirror_do_update
      return true;
    });
  const invalidateEnd = (n: W, ctx: Ctx) => mmu.invalidateRangeEnd(ctx, n.notifier);
  /** migrate_vma_check_page: references beyond the caller's `extra` and the mappings mean a pin. */
  const hasExtraRefs = (s: R | W, p: PageRef, faultPage: boolean) => {
    const extra = 1 + (faultPage ? 1 : 0) + (p.page === 'device' ? 1 : 0);
    const page = pageOf(s as R, p);
    return pageRefCount(page) - extra > page.mapcount;
  };

  const spec = model(schemaFor(Dev, mmu))
    .init((s, { choose }) => {
      // the page starts as the zero page (after a read fault) or as S0 (after a write fault), or unpopulated
      const start = choose(options.unpopulated ? (['zero', 'present', 'none'] as const) : (['zero', 'present'] as const));
      s.pte = { entry: start, page: start === 'present' ? 'S0' : start, dev: null };
      if (start === 'present') s.sysPage.S0 = { refs: 1, pins: 0, mapcount: 1, locked: false, data: 1 };
    })

    // ---- a device page fault: read_begin, hmm_range_fault, lock + read_retry + map ----
    .process('device', Dev, {
      fault_readBegin: {
        as: 'mmu_interval_read_begin',
        when: (s, { self }) => mmu.canReadBegin(s.notifier, self),
        effect: (n, { self }) => mmu.readBegin(n.notifier, self),
        next: 'fault_hmmRangeFault',
      },
      fault_hmmRangeFault: {
        as: 'hmm_range_fault',
        when: (s, { self }) => mmu.readRetry(s.notifier, self) || (s.pte.entry !== 'migration' && !(s.pte.entry === 'devicePrivate' && s.pte.dev !== self)),
        effect: (n, { self }) => {
          if (mmu.readRetry(n.notifier, self)) return mmu.readDone(n.notifier, self); // -EBUSY
          if (n.pte.entry === 'none') setPte(n, 'zero', ZERO); // handle_mm_fault, read
          else setRef(n.hmmPfn[self]!, ptePage(n));
        },
        next: (_n, { self }, prev) => (mmu.readRetry(prev.notifier, self) ? 'fault_readBegin' : prev.pte.entry === 'none' ? 'fault_hmmRangeFault' : 'fault_mapMirror'),
      },
      fault_mapMirror: {
        as: 'dmirror_do_fault',
        effect: (n, { self }) => {
          if (!readRetry || !mmu.readRetry(n.notifier, self)) setRef(n.mirror[self]!, n.hmmPfn[self]!);
          setRef(n.hmmPfn[self]!, NONE);
          mmu.readDone(n.notifier, self);
        },
        next: 'fault_readBegin',
      },
    })

    // ---- a driver migrating the page to its device ----
    .process(
      'migrate',
      Dev,
      {
        setup_invalidateStart: { as: 'mmu_notifier_invalidate_range_start', effect: (n, { self }, ctx) => invalidateStart(n, ctx, 'migrate', self), next: 'collect' },
        collect: {
          as: 'migrate_vma_collect_pmd',
          effect: (n, { self }, ctx) => {
            const m = n.migration[self]!;
            const e = n.pte.entry;
            if (e === 'none' || e === 'zero') {
              m.src = 'hole';
              m.migrate = true;
            } else if (e === 'present') {
              const p = ptePage(n);
              const page = pageOf(n, p);
              getPage(ctx, page);
              if (!trylockPage(page)) return void putPage(ctx, page); // skipped
              setPte(n, 'migration', p);
              pageRemoveRmap(ctx, page);
              putPage(ctx, page); // the mapping's reference is now the migration's
              m.src = p.page as SystemPage;
              m.migrate = true;
            }
          },
          next: 'setup_invalidateEnd',
        },
        setup_invalidateEnd: {
          as: 'mmu_notifier_invalidate_range_end',
          effect: (n, _a, ctx) => invalidateEnd(n, ctx),
          next: (n, { self }) => (({ none: 'done', hole: 'allocAndCopy', S0: 'unmap', S1: 'unmap' }) as const)[n.migration[self]!.src],
        },
        unmap: {
          as: 'migrate_vma_unmap',
          effect: (n, { self }, ctx) => {
            const m = n.migration[self]!;
            const src = sys(m.src as SystemPage);
            if (!checkPage || !hasExtraRefs(n, src, false)) return;
            map(n, ctx, 'present', src); // remove_migration_ptes(src, src)
            unlockPage(ctx, pageOf(n, src));
            put(n, ctx, src);
            m.src = 'none';
            m.migrate = false;
          },
          next: (n, { self }) => (n.migration[self]!.migrate ? 'allocAndCopy' : 'done'),
        },
        allocAndCopy: {
          as: 'dmirror_migrate_alloc_and_copy',
          effect: (n, { self }, ctx) => {
            const m = n.migration[self]!;
            if (!pageIsFree(n.devPage[self]!)) return; // no device memory: no dst
            const src = m.src === 'hole' ? ZERO : sys(m.src as SystemPage);
            if (refcounted(src)) usePage(ctx, pageOf(n, src), 'copy_highpage from the source');
            allocate(n, ctx, `migrate[${idName(self)}]`, dev(self), dataOf(n, src), true);
            m.dst = true;
          },
          next: (n, { self }) => {
            const m = n.migration[self]!;
            if (m.src !== 'hole') return 'pages_migrateMapping';
            return m.dst && reinvalidate ? 'pages_invalidateStart' : 'pages_insertPage';
          },
        },
        pages_invalidateStart: { as: 'mmu_notifier_invalidate_range_start', effect: (n, { self }, ctx) => invalidateStart(n, ctx, 'migrate', self), next: 'pages_insertPage' },
        pages_insertPage: {
          as: 'migrate_vma_insert_page',
          effect: (n, { self }, ctx) => {
            const m = n.migration[self]!;
            if (m.dst && (n.pte.entry === 'none' || n.pte.entry === 'zero')) map(n, ctx, 'devicePrivate', dev(self));
            else m.migrate = false;
          },
          next: (n, { self }) => (n.migration[self]!.dst && reinvalidate ? 'pages_invalidateEnd' : 'finalizeAndMap'),
        },
        pages_migrateMapping: {
          as: 'folio_migrate_mapping',
          effect: (n, { self }) => {
            const m = n.migration[self]!;
            if (!m.dst || (checkMapping && pageRefCount(pageOf(n, sys(m.src as SystemPage))) !== 1)) m.migrate = false;
          },
          next: 'finalizeAndMap',
        },
        pages_invalidateEnd: { as: 'mmu_notifier_invalidate_range_end', effect: (n, _a, ctx) => invalidateEnd(n, ctx), next: 'finalizeAndMap' },
        finalizeAndMap: {
          as: 'dmirror_migrate_finalize_and_map',
          effect: (n, { self }) => {
            const m = n.migration[self]!;
            if (m.migrate && m.dst) setRef(n.mirror[self]!, dev(self));
          },
          next: 'finalize',
        },
        finalize: {
          as: 'migrate_vma_finalize',
          effect: (n, { self }, ctx) => {
            const m = n.migration[self]!;
            const dst = dev(self);
            if (m.src === 'S0' || m.src === 'S1') {
              const src = sys(m.src);
              map(n, ctx, m.migrate && m.dst ? 'devicePrivate' : 'present', m.migrate && m.dst ? dst : src);
              unlockPage(ctx, pageOf(n, src));
              put(n, ctx, src);
            }
            if (m.dst) {
              unlockPage(ctx, pageOf(n, dst));
              put(n, ctx, dst);
            }
            m.src = 'none';
            m.dst = false;
            m.migrate = false;
          },
          next: 'done',
        },
      },
      { fair: 'weak' },
    )

    // ---- a CPU write fault ----
    .process('cpuWrite', {
      handleMmFault_write: {
        when: (s) => (s.pte.entry === 'none' || s.pte.entry === 'zero') && freeSystemPage(s) !== null,
        effect: (n, _a, ctx) => {
          const p = freeSystemPage(n)!;
          allocate(n, ctx, 'cpuWrite', sys(p), 0, false);
          if (n.pte.entry === 'none') {
            // do_anonymous_page: the allocation's reference becomes the mapping's
            pageAddRmap(ctx, n.sysPage[p]);
            setPte(n, 'present', sys(p));
          } else {
            n.cpuWriteNew = p;
            invalidateStart(n, ctx, 'clear', null);
          }
        },
        next: (_n, _a, prev) => (prev.pte.entry === 'zero' ? 'wpPageCopy_setPte' : 'done'),
      },
      wpPageCopy_setPte: {
        effect: (n, _a, ctx) => {
          const p = sys(n.cpuWriteNew as SystemPage);
          if (n.pte.entry === 'zero') {
            pageAddRmap(ctx, pageOf(n, p));
            setPte(n, 'present', p);
          } else {
            put(n, ctx, p); // pte_same failed
          }
          n.cpuWriteNew = 'none';
        },
        next: 'wpPageCopy_invalidateEnd',
      },
      wpPageCopy_invalidateEnd: { effect: (n, _a, ctx) => invalidateEnd(n, ctx), next: 'done' },
    })

    // ---- a fault on a device-private entry: do_swap_page > migrate_to_ram ----
    .process(
      'swapFault',
      {
        doSwapPage: {
          when: (s) => s.pte.entry === 'devicePrivate' && !s.devPage[s.pte.dev!]!.locked,
          effect: (n, _a, ctx) => {
            const page = pageOf(n, ptePage(n));
            trylockPage(page);
            getPage(ctx, page);
            n.ram.src = n.pte.dev;
          },
          next: 'setup_invalidateStart',
        },
        setup_invalidateStart: { effect: (n, _a, ctx) => invalidateStart(n, ctx, 'migrate_to_ram', n.ram.src), next: 'collect' },
        collect: {
          effect: (n, _a, ctx) => {
            // SELECT_DEVICE_PRIVATE with the page's owner; the fault page is locked already
            if (n.pte.entry !== 'devicePrivate' || n.pte.dev !== n.ram.src) return;
            const page = pageOf(n, ptePage(n));
            getPage(ctx, page);
            setPte(n, 'migration', dev(n.ram.src!));
            pageRemoveRmap(ctx, page);
            putPage(ctx, page);
            n.ram.migrate = true;
          },
          next: 'setup_invalidateEnd',
        },
        setup_invalidateEnd: { effect: (n, _a, ctx) => invalidateEnd(n, ctx), next: (n) => (n.ram.migrate ? 'unmap' : 'doSwapPage_unlock') },
        unmap: {
          effect: (n, _a, ctx) => {
            const src = dev(n.ram.src!);
            if (!checkPage || !hasExtraRefs(n, src, true)) return;
            map(n, ctx, 'devicePrivate', src); // restore; the fault page stays locked
            put(n, ctx, src);
            n.ram.migrate = false;
          },
          next: (n) => (n.ram.migrate ? 'allocAndCopy' : 'doSwapPage_unlock'),
        },
        allocAndCopy: {
          effect: (n, _a, ctx) => {
            const owner = n.ram.src!;
            const p = freeSystemPage(n);
            if (p === null) return; // no memory: no dst
            usePage(ctx, n.devPage[owner]!, 'copy_highpage from the device page');
            allocate(n, ctx, 'swapFault', sys(p), n.devPage[owner]!.data, true);
            setRef(n.mirror[owner]!, NONE); // xa_erase: the owner's own zap, its sequence number unchanged
            n.ram.dst = p;
          },
          next: 'pages_migrateMapping',
        },
        pages_migrateMapping: {
          effect: (n) => {
            // the fault page has one extra reference, do_swap_page's
            if (n.ram.dst === 'none' || (checkMapping && pageRefCount(n.devPage[n.ram.src!]!) !== 2)) n.ram.migrate = false;
          },
          next: 'finalize',
        },
        finalize: {
          effect: (n, _a, ctx) => {
            const src = dev(n.ram.src!);
            const dst = n.ram.dst === 'none' ? null : sys(n.ram.dst);
            map(n, ctx, n.ram.migrate && dst ? 'present' : 'devicePrivate', n.ram.migrate && dst ? dst : src);
            put(n, ctx, src); // the fault page stays locked for do_swap_page
            if (dst) {
              unlockPage(ctx, pageOf(n, dst));
              put(n, ctx, dst);
            }
            n.ram.dst = 'none';
            n.ram.migrate = false;
          },
          next: 'doSwapPage_unlock',
        },
        doSwapPage_unlock: {
          effect: (n, _a, ctx) => {
            const p = dev(n.ram.src!);
            unlockPage(ctx, pageOf(n, p));
            put(n, ctx, p);
            n.ram.src = null;
          },
          next: 'doSwapPage',
        },
      },
      { fair: 'weak' },
    )

    // ---- a DMA user: pin (or a plain reference), write, unpin (or put) ----
    .process('pinner', {
      pinUserPages: {
        when: (s) => s.pte.entry === 'present',
        effect: (n, _a, ctx) => {
          n.pinned = n.pte.page as SystemPage;
          // pin_user_pages (FOLL_PIN), or get_user_pages (FOLL_GET: a plain get_page, as O_DIRECT took
          // before it pinned): migrate_vma_check_page must see either as an extra reference
          n.gupRef = ctx.choose(['pin', 'get'] as const);
          if (n.gupRef === 'pin') tryGrabPin(n.sysPage[n.pinned]);
          else getPage(ctx, n.sysPage[n.pinned]);
        },
        next: 'dmaWrite',
      },
      dmaWrite: {
        effect: (n, _a, ctx) => {
          const page = n.sysPage[n.pinned as SystemPage];
          usePage(ctx, page, 'DMA write');
          page.data = 2;
        },
        next: 'unpinUserPages',
      },
      unpinUserPages: {
        effect: (n, _a, ctx) => {
          const page = n.sysPage[n.pinned as SystemPage];
          if (n.gupRef === 'get') put(n, ctx, sys(n.pinned as SystemPage)); // put_page
          else if (unpinPage(ctx, page)) freed(ctx, page);
          n.pinned = 'none';
          n.gupRef = 'pin';
        },
        next: 'done',
      },
    })

    // ---- properties ----
    // M1: a mirror maps only what the CPU page table maps, except inside an invalidation window
    .invariant('mirrorCoherent', (s) => mmu.isInvalidating(s.notifier) || devs.every((d) => mirrorMatchesPte(s, d)))
    // M2: no PTE, mirror, pin or migration array refers to a freed page (the primitives' own
    // use-after-free and refcount-underflow checks report misuse on the step)
    .invariant('noUseAfterFree', (s) => {
      const sysRef = (p: 'none' | SystemPage) => (p === 'none' ? NONE : sys(p));
      if (![ptePage(s), sysRef(s.pinned), sysRef(s.cpuWriteNew), sysRef(s.ram.dst)].every((p) => allocated(s, p))) return false;
      if (s.ram.src !== null && !allocated(s, dev(s.ram.src))) return false;
      return devs.every((d) => {
        const m = s.migration[d]!;
        return allocated(s, s.mirror[d]!) && (m.src !== 'S0' && m.src !== 'S1' ? true : allocated(s, sys(m.src))) && (!m.dst || allocated(s, dev(d)));
      });
    })
    // M3: a migration commits only an unpinned source, and the destination holds the source's data
    .actionInvariant('noPinnedSourceCommitted', (_prev, next, step) => {
      const c = committedBy(next, step);
      return c === null || !refcounted(c.src) || pageOf(next, c.src).pins === 0;
    })
    .actionInvariant('migrationKeepsData', (_prev, next, step) => {
      const c = committedBy(next, step);
      return c === null || dataOf(next, c.dst) === dataOf(next, c.src);
    })
    // M4: a migration entry's page is locked; at quiescence no entry, lock, window or stray reference is left
    .invariant('migrationEntryLocked', (s) => s.pte.entry !== 'migration' || pageOf(s, ptePage(s)).locked)
    .invariant('quiescentClean', (s) => {
      if (!quiescent(s)) return true;
      if (s.pte.entry === 'migration' || mmu.isInvalidating(s.notifier)) return false;
      const pages: PageRef[] = [sys('S0'), sys('S1'), ...devs.map(dev)];
      return pages.every((p) => {
        const page = pageOf(s, p);
        const mapped = (s.pte.entry === 'present' || s.pte.entry === 'devicePrivate') && same(ptePage(s), p) ? 1 : 0;
        const held = s.pinned === p.page ? 1 : 0;
        const got = s.gupRef === 'get' ? held : 0;
        return !page.locked && page.mapcount === mapped && page.refs === mapped + got && page.pins === held - got;
      });
    })
    // the interleavings the variants are about happen in the correct protocol too (non-vacuity)
    .cover('insertLosesRace', (s) => devs.some((d) => s.pc.migrate[d] === 'finalizeAndMap' && s.migration[d]!.src === 'hole' && s.migration[d]!.dst && !s.migration[d]!.migrate))
    .cover('pinnedPageRestored', (s) => s.pinned !== 'none' && devs.some((d) => s.pc.migrate[d] === 'done') && s.pte.entry === 'present' && s.pte.page === s.pinned)
    .cover('deviceMapsOwnPage', (s) => devs.some((d) => s.pte.entry === 'devicePrivate' && s.pte.dev === d && same(s.mirror[d]!, dev(d))))
    .cover('migratedBackToRam', (s) => s.pc.swapFault === 'doSwapPage_unlock' && s.pte.entry === 'present')
    .terminal((s) => quiescent(s));

  if (devs.length > 1) {
    spec.cover('secondDeviceMapsZeroPageBetweenWindows', (s) =>
      devs.some((a) => devs.some((b) => a !== b && s.migration[a]!.src === 'hole' && s.pc.migrate[a] === 'allocAndCopy' && s.mirror[b]!.page === 'zero')),
    );
  }
  if (options.unpopulated) {
    spec.process('cpuRead', {
      doAnonymousPage_read: { when: (s) => s.pte.entry === 'none', effect: (n) => setPte(n, 'zero', ZERO), next: 'done' },
    });
  }
  // M5: every migration that started finishes (the migrators and the swap fault are weakly fair)
  if (options.liveness) {
    spec.leadsTo(
      'migrationFinishes',
      { d: Dev },
      (s, { d }) => s.pc.migrate[d] !== 'setup_invalidateStart' && s.pc.migrate[d] !== 'done',
      (s, { d }) => s.pc.migrate[d] === 'done',
    );
  }
  return spec;

  /**
   * M1 for device d: its mirror is empty, or maps what the PTE maps (a device-private page only for its
   * owner). Two exceptions, both ended by the migrating driver's own dmirror_migrate_finalize_and_map:
   * after d's migration committed, d may map its new page while the PTE is still the migration entry
   * (finalizeAndMap to finalize); after d inserted its page over the zero page,
   * d may still map the zero page until finalizeAndMap overwrites it (the new page holds zeroes and
   * stays locked until finalize, so nobody can tell the difference).
   */
  function mirrorMatchesPte(s: R, d: DevId): boolean {
    const m: PageRef = s.mirror[d]!;
    const e = s.pte.entry;
    if (m.page === 'none') return true;
    if (e === 'zero') return m.page === 'zero';
    if (e === 'present') return same(ptePage(s), m);
    const own = s.migration[d]!;
    const pc = s.pc.migrate[d];
    if (e === 'devicePrivate') {
      if (s.pte.dev !== d) return false;
      if (same(m, dev(d))) return true;
      return m.page === 'zero' && own.src === 'hole' && own.migrate && (pc === 'pages_invalidateEnd' || pc === 'finalizeAndMap');
    }
    if (e === 'migration') {
      const committed = pc === 'finalize' && own.migrate && own.dst && (own.src === 'S0' || own.src === 'S1');
      return committed && same(ptePage(s), sys(own.src as SystemPage)) && same(m, dev(d));
    }
    return false;
  }

  /** No migration, swap fault or wp_page_copy is in flight. */
  function quiescent(s: R): boolean {
    return (
      devs.every((d) => s.pc.migrate[d] === 'setup_invalidateStart' || s.pc.migrate[d] === 'done') &&
      s.pc.swapFault === 'doSwapPage' &&
      s.pc.cpuWrite !== 'wpPageCopy_setPte' &&
      s.pc.cpuWrite !== 'wpPageCopy_invalidateEnd'
    );
  }

  /** The migration a step commits (pages_migrateMapping leaving MIGRATE set): its source and destination. */
  function committedBy(next: R, step: { action: string; args: Readonly<Record<string, unknown>> }): { src: PageRef; dst: PageRef } | null {
    if (step.action === 'migrate.pages_migrateMapping') {
      const d = step.args['self'] as DevId;
      const m = next.migration[d]!;
      return m.migrate ? { src: sys(m.src as SystemPage), dst: dev(d) } : null;
    }
    if (step.action === 'swapFault.pages_migrateMapping' && next.ram.migrate) {
      return { src: dev(next.ram.src!), dst: sys(next.ram.dst as SystemPage) };
    }
    return null;
  }
}
