// migrate-back: the 2016 HMM helper that migrates device memory back to system memory over the
// entries of one PMD, with a concurrent CPU fault (seed 000, "[PATCH v12 21/29] HMM: mm add helper
// to update page table when migrating memory back", Jérôme Glisse; brief
// models/migrate-back-and-2016.md). A code-level model: each loop iteration is a step.
//
// Steps and the code they stand for (the posted helper, quoted in the seed):
//   migrate  pte_offset_map_lock        ptep = pte_offset_map_lock(mm, pmdp, addr, &ptl).
//            mark_entry                 first loop, under the PTE lock: an unlocked HMM special swap
//                                       entry becomes the locked entry (set_pte_at(hmm_entry)) and is
//                                       marked in new_pte[i] (the zero pfn); others are skipped.
//            pte_unmap_unlock           pte_unmap_unlock: "we do not want to hold any spin lock while
//                                       doing allocation".
//            alloc_zeroed_page          second loop: alloc_zeroed_user_highpage_movable for a marked
//                                       entry (may sleep, may fail: -ENOMEM, break).
//            mem_cgroup_try_charge      charge it (may fail: page_cache_release, -ENOMEM, break);
//                                       new_pte[i] = mk_pte(page).
//            pte_offset_map_lock_again  re-take the PTE lock.
//            restore_entry              third loop: an entry still marked with the zero pfn (its
//                                       allocation failed or was never tried) gets its unlocked
//                                       special entry back and new_pte[i] cleared.
//            pte_unmap_unlock_again     drop the PTE lock; the helper returns.
//            update_cpu_ptes            the final migration step: under the PTE lock, each entry
//                                       with a new page maps it (set_pte_at(new_pte[i])).
//   cpu      do_swap_page               a CPU fault on the entry at `cpuAddr`, under the PTE lock: a
//                                       locked HMM entry -> wait; a new page -> done; an unlocked
//                                       device entry -> the fault migrates it back itself: it locks
//                                       the entry (set_pte_at(hmm_entry), as the helper's first loop).
//            hmm_entry_wait             sleeps until the entry is unlocked, then faults again.
//            cpu_map_page               the fault's own migration maps its page over the entry it
//                                       locked (the copy and the allocation are not modelled).
// Variants: fixed; alloc-under-ptl (allocate and charge in the first loop, under the PTE lock);
// no-rollback (skip the third loop: the helper returns with marked entries still locked).
import {
  allocPage,
  bool,
  current,
  defineSpec,
  enumOf,
  int,
  mapOf,
  mightSleep,
  model,
  pageAddRmap,
  pageFields,
  pageIsFree,
  putPage,
  record,
  spinCanLock,
  spinLock,
  spinlockType,
  spinUnlock,
  type EffectContext,
  type ReadState,
  type StepArgs,
  type StepDef,
  type WriteState,
} from 'interleave';

const Task = enumOf('migrate', 'cpu');
const VARIANTS = ['fixed', 'alloc-under-ptl', 'no-rollback'] as const;

export default defineSpec({ name: 'migrate-back', params: { pages: 2 }, variants: VARIANTS }, ({ variant, pages }) => {
  if (!Number.isInteger(pages) || pages < 1 || pages > 4) throw new RangeError('migrate-back: pages must be 1..4');
  const Entry = int(0, pages - 1);
  const entries = Entry.values;
  const vars = {
    /**
     * The CPU PTE of each entry: an unlocked HMM special swap entry, the locked one, the helper's new
     * page, or the page the CPU fault's own migration mapped.
     */
    pte: mapOf(Entry, enumOf('device', 'locked', 'page', 'cpuPage')),
    /** The helper's private new_pte[] array: nothing, marked (the zero pfn), or a charged new page. */
    newPte: mapOf(Entry, enumOf('none', 'zero', 'page')),
    /** The page allocated for each entry, and whether it is charged to the memcg. */
    newPage: mapOf(Entry, record({ ...pageFields({ maxRefs: 1, maxPins: 0, maxMapcount: 1 }), charged: bool })),
    ptl: spinlockType(Task),
    /** The loop index `i`. */
    i: int(0, pages),
    enomem: bool,
    /** The address the concurrent CPU fault touches. */
    cpuAddr: Entry,
  };
  type Vars = typeof vars;
  type N = WriteState<Vars>;
  type Ctx = EffectContext<Vars>;
  type Step = StepDef<Vars, StepArgs<undefined, {}>>;

  const me = (ctx: Ctx, n: N, self: 'migrate' | 'cpu') => current(ctx, self, { ptl: n.ptl });
  /** The loop goes on to entry i + 1, or leaves to `after`. */
  const advance = (n: N): void => void (n.i = n.i + 1);
  const loop = (label: string, after: string) => (n: { i: number }) => (n.i < pages ? label : after);
  /** The alloc step left entry i with a page still to charge (rather than skipping to i + 1). */
  const allocatedUncharged = (n: ReadState<Vars>): boolean => n.i < pages && n.newPte[n.i] === 'zero' && !pageIsFree(n.newPage[n.i]!);

  /** alloc_zeroed_user_highpage_movable, then mem_cgroup_try_charge; `fail` picks where it fails. */
  const allocAndCharge = (n: N, ctx: Ctx, fail: 'alloc' | 'charge' | 'none'): boolean => {
    const i = n.i;
    mightSleep(me(ctx, n, 'migrate'), 'alloc_zeroed_user_highpage_movable'); // whether or not it fails
    if (fail === 'alloc') return false;
    allocPage(me(ctx, n, 'migrate'), n.newPage[i]!, 'alloc_zeroed_user_highpage_movable');
    mightSleep(me(ctx, n, 'migrate'), 'mem_cgroup_try_charge(GFP_KERNEL)');
    if (fail === 'charge') {
      putPage(ctx, n.newPage[i]!); // page_cache_release
      return false;
    }
    n.newPage[i]!.charged = true;
    n.newPte[i] = 'page';
    return true;
  };

  const afterAllocLoop = variant === 'no-rollback' ? 'update_cpu_ptes' : 'pte_offset_map_lock_again';
  const migrate: Record<string, Step> = {
    pte_offset_map_lock: {
      when: (s) => spinCanLock(s.ptl),
      effect: (n, _a, ctx) => {
        spinLock(ctx, n.ptl, 'migrate');
        n.i = 0;
      },
      next: 'mark_entry',
    },
    mark_entry: {
      effect: (n, _a, ctx) => {
        const i = n.i;
        if (n.pte[i] === 'device') {
          n.pte[i] = 'locked';
          n.newPte[i] = 'zero';
          // the variant allocates right here, with the PTE lock held
          if (variant === 'alloc-under-ptl' && !allocAndCharge(n, ctx, ctx.choose(['none', 'alloc', 'charge'] as const))) n.enomem = true;
        }
        advance(n);
      },
      next: loop('mark_entry', 'pte_unmap_unlock'),
    },
    pte_unmap_unlock: {
      effect: (n, _a, ctx) => {
        spinUnlock(ctx, n.ptl, 'migrate');
        n.i = 0;
      },
      next: variant === 'alloc-under-ptl' ? 'pte_offset_map_lock_again' : 'alloc_zeroed_page',
    },
    alloc_zeroed_page: {
      effect: (n, _a, ctx) => {
        if (n.newPte[n.i] !== 'zero') return advance(n); // not marked: continue
        const task = me(ctx, n, 'migrate');
        mightSleep(task, 'alloc_zeroed_user_highpage_movable');
        if (ctx.choose([true, false])) allocPage(task, n.newPage[n.i]!, 'alloc_zeroed_user_highpage_movable');
        else n.enomem = true; // -ENOMEM, break
      },
      next: (n) => (n.enomem ? afterAllocLoop : allocatedUncharged(n) ? 'mem_cgroup_try_charge' : loop('alloc_zeroed_page', afterAllocLoop)(n)),
    },
    mem_cgroup_try_charge: {
      effect: (n, _a, ctx) => {
        const i = n.i;
        mightSleep(me(ctx, n, 'migrate'), 'mem_cgroup_try_charge(GFP_KERNEL)');
        if (ctx.choose([true, false])) {
          n.newPage[i]!.charged = true;
          n.newPte[i] = 'page';
          advance(n);
        } else {
          putPage(ctx, n.newPage[i]!); // page_cache_release
          n.enomem = true;
        }
      },
      next: (n) => (n.enomem ? afterAllocLoop : loop('alloc_zeroed_page', afterAllocLoop)(n)),
    },
    pte_offset_map_lock_again: {
      when: (s) => spinCanLock(s.ptl),
      effect: (n, _a, ctx) => {
        spinLock(ctx, n.ptl, 'migrate');
        n.i = 0;
      },
      next: 'restore_entry',
    },
    restore_entry: {
      effect: (n) => {
        const i = n.i;
        if (n.newPte[i] === 'zero') {
          n.pte[i] = 'device';
          n.newPte[i] = 'none';
        }
        advance(n);
      },
      next: loop('restore_entry', 'pte_unmap_unlock_again'),
    },
    pte_unmap_unlock_again: {
      effect: (n, _a, ctx) => {
        spinUnlock(ctx, n.ptl, 'migrate');
        n.i = 0;
      },
      next: 'update_cpu_ptes',
    },
    update_cpu_ptes: {
      when: (s) => spinCanLock(s.ptl),
      effect: (n, _a, ctx) => {
        spinLock(ctx, n.ptl, 'migrate');
        for (const i of entries) {
          if (n.newPte[i] !== 'page') continue;
          pageAddRmap(ctx, n.newPage[i]!);
          n.pte[i] = 'page';
          n.newPte[i] = 'none';
        }
        spinUnlock(ctx, n.ptl, 'migrate');
        n.i = 0;
      },
      next: 'done',
    },
  };

  return model(vars)
    .init((s, ctx) => {
      for (const i of entries) s.pte[i] = 'device';
      s.cpuAddr = ctx.choose(entries);
    })
    .process('migrate', migrate)
    .process('cpu', {
      do_swap_page: {
        when: (s) => spinCanLock(s.ptl),
        effect: (n, _a, ctx) => {
          spinLock(ctx, n.ptl, 'cpu');
          if (n.pte[n.cpuAddr] === 'device') n.pte[n.cpuAddr] = 'locked'; // its own migration takes the entry
          spinUnlock(ctx, n.ptl, 'cpu');
        },
        next: (n, _a, prev) => (prev.pte[prev.cpuAddr] === 'device' ? 'cpu_map_page' : n.pte[n.cpuAddr] === 'locked' ? 'hmm_entry_wait' : 'done'),
      },
      hmm_entry_wait: {
        when: (s) => s.pte[s.cpuAddr] !== 'locked',
        next: 'do_swap_page',
      },
      cpu_map_page: {
        when: (s) => spinCanLock(s.ptl),
        effect: (n, _a, ctx) => {
          spinLock(ctx, n.ptl, 'cpu');
          // the entry is the fault's, locked: nobody else may have changed it
          ctx.check('entryLockRespected', n.pte[n.cpuAddr] === 'locked', `entry ${n.cpuAddr}, locked by the CPU fault's migration, was changed by the helper`);
          n.pte[n.cpuAddr] = 'cpuPage';
          spinUnlock(ctx, n.ptl, 'cpu');
        },
        next: 'done',
      },
    })
    // after the helper and the final step: no entry stays locked (each is back to its special
    // entry or maps its new page)
    // (but the entry the CPU fault's own migration holds)
    .invariant('noEntryLeftLocked', (s) => s.pc.migrate !== 'done' || entries.every((i) => s.pte[i] !== 'locked' || (i === s.cpuAddr && s.pc.cpu === 'cpu_map_page')))
    // allocated = mapped + freed: every page the helper allocated is mapped, charged, or was released
    .invariant('noPageLeaked', (s) =>
      s.pc.migrate !== 'done' || entries.every((i) => pageIsFree(s.newPage[i]!) || (s.pte[i] === 'page' && s.newPage[i]!.mapcount === 1 && s.newPage[i]!.charged)),
    )
    // a mapped new page is the charged page of that entry
    .invariant('mappedPageIsCharged', (s) => entries.every((i) => s.pte[i] !== 'page' || (s.newPage[i]!.charged && s.newPage[i]!.mapcount === 1)))
    .terminal((s) => s.pc.migrate === 'done' && s.pc.cpu === 'done')
    .cover('migratesEveryEntry', (s) => entries.every((i) => s.pte[i] === 'page'))
    .cover('rollsBackAfterEnomem', (s) => s.pc.migrate === 'done' && s.enomem && entries.some((i) => s.pte[i] === 'device'))
    .cover('cpuWaitsOnLockedEntry', (s) => s.pc.cpu === 'hmm_entry_wait')
    .cover('cpuMigratesItsEntry', (s) => s.pc.cpu === 'done' && s.pte[s.cpuAddr] === 'cpuPage');
});
