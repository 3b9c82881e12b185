import { describe, expect, it } from 'vitest';
import { checkMutant, verdictOf } from './checkMutant.ts';
import { actionsOf, expectStoredTraceMatches, expectVerdict } from './expectVerdict.ts';

const FILE = 'models/migrate-back.ts';

describe('migrate-back (seed 000: the 2016 helper migrating device memory back)', () => {
  it('fixed: allocation without the PTE lock, failed entries restored: no violation, no deadlock, 179 distinct states', async () => {
    await expectVerdict(FILE, 'fixed', { ok: true, distinct: 179 });
  });
  it("catches a first loop that also takes already-locked entries: its rollback unlocks the CPU fault's entry (12 states)", async () => {
    const r = await checkMutant(FILE, "if (n.pte[i] === 'device') {", "if (n.pte[i] === 'device' || n.pte[i] === 'locked') {");
    expect(verdictOf(r)).toEqual({ kind: 'action', property: 'entryLockRespected', states: 12 });
    expect(actionsOf(r)).toEqual([
      'cpu: do_swap_page',
      'migrate: pte_offset_map_lock',
      'migrate: mark_entry',
      'migrate: mark_entry',
      'migrate: pte_unmap_unlock',
      'migrate: alloc_zeroed_page',
      'migrate: pte_offset_map_lock_again',
      'migrate: restore_entry',
      'migrate: restore_entry',
      'migrate: pte_unmap_unlock_again',
      'cpu: cpu_map_page',
    ]);
  });
  it('alloc-under-ptl: the first allocation sleeps under the PTE lock (3 states)', async () => {
    const r = await expectVerdict(FILE, 'alloc-under-ptl', { ok: false, kind: 'action', property: 'sleep-under-spinlock', states: 3 });
    if (r.result === 'violation') expect(r.violation.message).toBe('alloc_zeroed_user_highpage_movable may sleep, called by migrate while holding ptl');
    expectStoredTraceMatches('counterexamples/migrate-back/alloc-under-ptl.json', r);
  });
  it('no-rollback: after -ENOMEM the helper returns with both entries still locked (7 states)', async () => {
    const r = await expectVerdict(FILE, 'no-rollback', { ok: false, kind: 'invariant', property: 'noEntryLeftLocked', states: 7 });
    expect(actionsOf(r)).toEqual([
      'migrate: pte_offset_map_lock',
      'migrate: mark_entry',
      'migrate: mark_entry',
      'migrate: pte_unmap_unlock',
      'migrate: alloc_zeroed_page',
      'migrate: update_cpu_ptes',
    ]);
    expectStoredTraceMatches('counterexamples/migrate-back/no-rollback.json', r);
  });
});
