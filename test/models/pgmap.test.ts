import { describe, expect, it } from 'vitest';
import 'interleave/vitest';
import { checkMutant, verdictOf } from './checkMutant.ts';
import { actionsOf, expectStoredTraceMatches, expectVerdict } from './expectVerdict.ts';

const FILE = 'models/pgmap.ts';

describe('pgmap (seed 003: get_dev_pagemap / put_dev_pagemap against memunmap_pages)', () => {
  it('fixed: references held until the pfns are used: no violation, no deadlock, 110 distinct states (both pagemaps torn down)', async () => {
    await expectVerdict(FILE, 'fixed', { ok: true, distinct: 110 });
  });
  it('fixed stays clean with the strong form (a use requires a held reference)', async () => {
    await expectVerdict(FILE, 'fixed', { ok: true, distinct: 110 }, { strong: true });
  });
  it("catches a put_dev_pagemap of B before B's last use, now that B is torn down too (9 states)", async () => {
    const fixed = "fixed: [get('pa'), get('pb'), use('pa'), use('pb'), put('A'), put('B')],";
    const r = await checkMutant(FILE, fixed, "fixed: [get('pa'), get('pb'), use('pa'), put('B'), use('pb'), put('A')],");
    expect(verdictOf(r)).toEqual({ kind: 'action', property: 'pgmap-use-after-teardown', states: 9 });
    expect(actionsOf(r).slice(-4)).toEqual(['teardown[B]: percpu_ref_kill', 'teardown[B]: wait_for_completion', 'teardown[B]: remove_pages', 'walker: use_pfn_pb']);
    // and a walker that never puts B leaves B's teardown waiting forever
    const dropped = await checkMutant(FILE, fixed, "fixed: [get('pa'), get('pb'), use('pa'), use('pb'), put('A')],");
    expect(verdictOf(dropped)).toEqual({ kind: 'deadlock', property: 'deadlock', states: 11 });
  });
  it('check-put-use: the pfn is used after teardown removed the pages (9 states, the race Jason called)', async () => {
    const r = await expectVerdict(FILE, 'check-put-use', { ok: false, kind: 'action', property: 'pgmap-use-after-teardown', states: 9 });
    expect(actionsOf(r)).toEqual([
      'walker: get_dev_pagemap_pa',
      'walker: put_dev_pagemap_a',
      'walker: get_dev_pagemap_pb',
      'walker: put_dev_pagemap_b',
      'teardown[A]: percpu_ref_kill',
      'teardown[A]: wait_for_completion',
      'teardown[A]: remove_pages',
      'walker: use_pfn_pa',
    ]);
    expectStoredTraceMatches('counterexamples/pgmap/check-put-use.json', r);
  });
  it('check-put-use: the strong form fails as soon as the pfn is used without a reference (6 states)', async () => {
    await expect(FILE).toViolate('use-without-pgmap-ref', { variant: 'check-put-use', params: { strong: true }, kind: 'action', traceLength: 6 });
  });
  it("cache-across-pgmaps: get_dev_pagemap(pb, A) drops A, teardown of A completes, pa is used (7 states)", async () => {
    const r = await expectVerdict(FILE, 'cache-across-pgmaps', { ok: false, kind: 'action', property: 'pgmap-use-after-teardown', states: 7 });
    expect(actionsOf(r)).toEqual([
      'walker: get_dev_pagemap_pa',
      'walker: get_dev_pagemap_pb',
      'teardown[A]: percpu_ref_kill',
      'teardown[A]: wait_for_completion',
      'teardown[A]: remove_pages',
      'walker: use_pfn_pa',
    ]);
    expectStoredTraceMatches('counterexamples/pgmap/cache-across-pgmaps.json', r);
  });
  it("missing-put: the walker exits holding A, A's teardown waits forever in wait_for_completion once B's is done (deadlock, 11 states)", async () => {
    const r = await expectVerdict(FILE, 'missing-put', { ok: false, kind: 'deadlock', property: 'deadlock', states: 11 });
    if (r.result === 'violation') expect(r.violation.trace.at(-1)!.state).toMatchObject({ pc: { walker: 'done', teardown: { A: 'wait_for_completion', B: 'done' } } });
    expectStoredTraceMatches('counterexamples/pgmap/missing-put.json', r);
  });
  it('double-put: the put of A that matches no get is a refcount underflow at the put (6 states)', async () => {
    const r = await expectVerdict(FILE, 'double-put', { ok: false, kind: 'action', property: 'refcount-underflow', states: 6 });
    expect(actionsOf(r).at(-1)).toBe('walker: put_dev_pagemap_a');
    expectStoredTraceMatches('counterexamples/pgmap/double-put.json', r);
  });
  it('double-put, as the kernel sees it: the underflow shows only at percpu_ref_kill (7 states)', async () => {
    const r = await expectVerdict(FILE, 'double-put', { ok: false, kind: 'action', property: 'refcount-underflow', states: 7 }, { underflow: 'kernel' });
    expect(actionsOf(r).at(-1)).toBe('teardown[A]: percpu_ref_kill');
  });
});
