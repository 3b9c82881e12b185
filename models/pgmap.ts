// pgmap: a page-table walker takes and drops references on ZONE_DEVICE pagemaps while the driver
// tears pagemap A down (seed 003, "[PATCH 04/15] mm: remove the pgmap field from struct
// hmm_vma_walk", 2019; brief models/pgmap.md).
//
// Steps and the kernel functions they stand for (mm/memremap.c, mm/hmm.c of v5.2/v5.3):
//   walker: get_dev_pagemap_pa / _pb   get_dev_pagemap(pfn, cached) from hmm_vma_handle_pte/pmd:
//                                      cached covers pfn -> return it; else put_dev_pagemap(cached),
//                                      rcu_read_lock, xa_load(&pgmap_array), percpu_ref_tryget_live.
//                                      NULL -> -EBUSY (the walk ends, the caller drops what it holds).
//           put_dev_pagemap_a / _b     put_dev_pagemap = percpu_ref_put (dev_pagemap_percpu_release
//                                      completes pgmap->done on the final put of a killed ref).
//           use_pfn_pa / _pb           the driver consumes a pfn of hmm_range->pfns: derefs its
//                                      struct page or DMA-maps it.
//           unwind_ebusy               hmm_range_fault returned -EBUSY: the caller puts what it holds.
//   teardown (memunmap_pages for A, also devm_memremap_pages_release):
//           percpu_ref_kill            dev_pagemap_kill: percpu_ref_kill (dead, drops the initial ref).
//           wait_for_completion        dev_pagemap_cleanup: wait_for_completion(&pgmap->done).
//           remove_pages               percpu_ref_exit + pageunmap_range / __remove_pages: the struct
//                                      pages are gone.
//           pgmap_array_delete         xa_store(&pgmap_array, NULL) + synchronize_rcu.
// get_dev_pagemap is one step: it runs under rcu_read_lock, and pgmap_array_delete waits for it.
//
// Walker programs (the variant picks one; pa belongs to pagemap A, pb to B):
//   fixed                get pa, get pb (a reference per pagemap, none dropped by the cache),
//                        use pa, use pb, put A, put B: references outlive the use of the pfns.
//   check-put-use        v5.2: get pa, put A, get pb, put B at the end of each PMD, then the driver
//                        uses the pfns ("what is the point of getting ... and then immediately
//                        releasing it? ... It feels racy", Jason Gunthorpe).
//   cache-across-pgmaps  Jason's proposal (hold the cached ref until the end) on a range spanning two
//                        pagemaps: get(pb, cached=A) puts A, so pa is used without a reference
//                        (Dan Williams: "If that guarantee is not met, then I think we're back to
//                        your race concern").
//   missing-put          fixed without put A: teardown waits forever.
//   double-put           cache-across-pgmaps whose caller also puts A at the end, not knowing that
//                        get_dev_pagemap already dropped it.
import {
  complete,
  completionDone,
  completionType,
  current,
  defineSpec,
  enumOf,
  mapOf,
  model,
  option,
  percpuRefInit,
  percpuRefKill,
  percpuRefPut,
  percpuRefTrygetLive,
  percpuRefType,
  record,
  setOf,
  waitForCompletion,
  bool,
  type EffectContext,
  type PercpuRefUnderflowCheck,
  type StepDef,
  type StepArgs,
  type WriteState,
} from 'interleave';

const Pgmap = enumOf('A', 'B');
const Pfn = enumOf('pa', 'pb');
type PgmapId = (typeof Pgmap.values)[number];
type PfnId = (typeof Pfn.values)[number];
/** The pagemap each pfn belongs to: one pfn per pagemap. */
const pgmapOf: Record<PfnId, PgmapId> = { pa: 'A', pb: 'B' };

const vars = {
  pgmap: mapOf(
    Pgmap,
    record({
      ref: percpuRefType(3),
      done: completionType(),
      pages: enumOf('present', 'removed'),
      inArray: bool,
    }),
  ),
  /** The pagemap the walk keeps in `hmm_vma_walk->pgmap` (variants with the cached argument). */
  cached: option(Pgmap),
  /** The pagemaps the walker really holds a reference on (what the code does, not what it believes). */
  held: setOf(Pgmap),
};
type Vars = typeof vars;
type Step = StepDef<Vars, StepArgs<undefined, {}>>;

const VARIANTS = ['fixed', 'check-put-use', 'cache-across-pgmaps', 'missing-put', 'double-put'] as const;
type Variant = (typeof VARIANTS)[number];

/** One operation of a walker program. */
type Op =
  | { readonly op: 'get'; readonly pfn: PfnId; readonly cached: boolean }
  | { readonly op: 'put'; readonly pgmap: PgmapId; readonly cached?: boolean }
  | { readonly op: 'use'; readonly pfn: PfnId };

const get = (pfn: PfnId, cached = false): Op => ({ op: 'get', pfn, cached });
const put = (pgmap: PgmapId, cached = false): Op => ({ op: 'put', pgmap, cached });
const use = (pfn: PfnId): Op => ({ op: 'use', pfn });

const PROGRAMS: Record<Variant, readonly Op[]> = {
  fixed: [get('pa'), get('pb'), use('pa'), use('pb'), put('A'), put('B')],
  'check-put-use': [get('pa'), put('A'), get('pb'), put('B'), use('pa'), use('pb')],
  'cache-across-pgmaps': [get('pa', true), get('pb', true), use('pa'), use('pb'), put('B', true)],
  'missing-put': [get('pa'), get('pb'), use('pa'), use('pb'), put('B')],
  'double-put': [get('pa', true), get('pb', true), use('pa'), use('pb'), put('A'), put('B', true)],
};

const labelOf = (o: Op): string => (o.op === 'get' ? `get_dev_pagemap_${o.pfn}` : o.op === 'put' ? `put_dev_pagemap_${o.pgmap.toLowerCase()}` : `use_pfn_${o.pfn}`);

export default defineSpec(
  { name: 'pgmap', params: { strong: false, underflow: 'strict' }, variants: VARIANTS },
  ({ variant, strong, underflow }) => {
    if (underflow !== 'strict' && underflow !== 'kernel') throw new RangeError(`pgmap: underflow must be 'strict' or 'kernel', not '${underflow}'`);
    const underflowCheck = underflow as PercpuRefUnderflowCheck;

    /** put_dev_pagemap: percpu_ref_put; the final put of a killed ref completes pgmap->done. */
    const putDevPagemap = (n: WriteState<Vars>, id: PgmapId, ctx: EffectContext<Vars>): void => {
      n.held.delete(id);
      if (percpuRefPut(ctx, n.pgmap[id].ref, underflowCheck)) complete(n.pgmap[id].done);
    };

    /** The walker's steps for its program: each op's label leads to the next op's. */
    const walker: Record<string, Step> = {};
    const program = PROGRAMS[variant];
    program.forEach((o, i) => {
      const next = i + 1 < program.length ? labelOf(program[i + 1]!) : 'done';
      if (o.op === 'get') {
        const target = pgmapOf[o.pfn];
        walker[labelOf(o)] = {
          effect: (n, _args, ctx) => {
            if (o.cached && n.cached === target) return; // cached covers pfn: no new reference
            if (o.cached && n.cached !== null) {
              putDevPagemap(n, n.cached, ctx);
              n.cached = null;
            }
            const pg = n.pgmap[target];
            const ok = pg.inArray && percpuRefTrygetLive(pg.ref);
            if (!ok) return;
            n.held.add(target);
            if (o.cached) n.cached = target;
          },
          // NULL from get_dev_pagemap: -EBUSY, the walk stops
          next: (n) => (n.held.has(target) ? next : 'unwind_ebusy'),
        };
      } else if (o.op === 'put') {
        walker[labelOf(o)] = {
          effect: (n, _args, ctx) => {
            putDevPagemap(n, o.pgmap, ctx);
            if (o.cached) n.cached = null;
          },
          next,
        };
      } else {
        const target = pgmapOf[o.pfn];
        walker[labelOf(o)] = {
          effect: (n, _args, ctx) => {
            ctx.check('pgmap-use-after-teardown', n.pgmap[target].pages === 'present', `the driver uses ${o.pfn} after pagemap ${target}'s pages were removed`);
            if (strong) ctx.check('use-without-pgmap-ref', n.held.has(target), `the driver uses ${o.pfn} without holding a reference on pagemap ${target}`);
          },
          next,
        };
      }
    });
    walker['unwind_ebusy'] = {
      effect: (n, _args, ctx) => {
        for (const id of Pgmap.values) if (n.held.has(id)) putDevPagemap(n, id, ctx);
        n.cached = null;
      },
      next: 'done',
    };

    return model(vars)
      .init((s) => {
        for (const id of Pgmap.values) {
          percpuRefInit(s.pgmap[id].ref);
          s.pgmap[id].pages = 'present';
          s.pgmap[id].inArray = true;
        }
      })
      // both sides keep running (weak fairness): what "teardown eventually completes" assumes
      .process('walker', walker, { fair: 'weak' })
      // memunmap_pages of each pagemap: a put of B before B's last use is then a use after teardown too
      .process('teardown', Pgmap, {
        percpu_ref_kill: {
          effect: (n, { self }, ctx) => {
            if (percpuRefKill(ctx, n.pgmap[self].ref)) complete(n.pgmap[self].done);
          },
          next: 'wait_for_completion',
        },
        wait_for_completion: {
          when: (s, { self }) => completionDone(s.pgmap[self].done),
          effect: (n, { self }, ctx) => waitForCompletion(current(ctx, `teardown[${self}]`), n.pgmap[self].done),
          next: 'remove_pages',
        },
        remove_pages: {
          effect: (n, { self }) => void (n.pgmap[self].pages = 'removed'),
          next: 'pgmap_array_delete',
        },
        pgmap_array_delete: {
          effect: (n, { self }) => void (n.pgmap[self].inArray = false),
          next: 'done',
        },
      }, { fair: 'weak' })
      // P5: pages are removed only once every reference is gone
      .invariant('removedPgmapUnreferenced', (s) => Pgmap.values.every((id) => s.pgmap[id].pages === 'present' || s.pgmap[id].ref.count === 0))
      // no reference outlives the pages it protects (P3, no get of a dead pagemap, holds by
      // construction: percpu_ref_tryget_live refuses it, and no pagemap covers two pfns, so the
      // cached path that skips the check is never taken)
      .invariant('noReferenceToRemovedPgmap', (s) => Pgmap.values.every((id) => s.pgmap[id].pages === 'present' || !s.held.has(id)))
      .terminal((s) => s.pc.walker === 'done' && s.pc.teardown.A === 'done' && s.pc.teardown.B === 'done')
      .cover('teardownCompletes', (s) => s.pc.teardown.A === 'done' && s.pc.teardown.B === 'done')
      .cover('walkerRefusedByDeadPgmap', (s) => s.pc.walker === 'unwind_ebusy')
      // liveness: memunmap_pages returns; a reference never put leaves it in wait_for_completion forever
      .eventually('teardownEventuallyCompletes', (s) => s.pc.teardown.A === 'done' && s.pc.teardown.B === 'done');
  },
);
