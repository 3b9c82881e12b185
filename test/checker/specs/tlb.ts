// A TLB as a set of entries (`setOf(record(...))`): entries are filled, marked dirty (replaced by a
// record built field by field, found by value) and flushed per ASID. test/checker/recordSets.test.ts
// compares its counts with the naive reference search, with and without the compiler and symmetry.
import { bool, defineSpec, model, record, scalarset, setOf } from 'interleave';

export default defineSpec({ name: 'tlb', params: { asids: 2, tasks: 2, cap: 2, bad: false } }, ({ asids, tasks, cap, bad }) => {
  const Asid = scalarset('Asid', asids);
  const Task = scalarset('Task', tasks);
  const m = model({ tlb: setOf(record({ asid: Asid, task: Task, dirty: bool })) })
    .action('fill', { a: Asid, t: Task }, {
      when: (s, { a, t }) => s.tlb.size < cap && !s.tlb.has({ asid: a, task: t, dirty: false }) && !s.tlb.has({ asid: a, task: t, dirty: true }),
      effect: (n, { a, t }) => n.tlb.add({ asid: a, task: t, dirty: false }),
    })
    .action('write', { a: Asid, t: Task }, {
      when: (s, { a, t }) => s.tlb.has({ task: t, asid: a, dirty: false }),
      effect: (n, { a, t }) => {
        n.tlb.delete({ asid: a, task: t, dirty: false });
        n.tlb.add({ asid: a, task: t, dirty: true });
      },
    })
    .action('flushAsid', { a: Asid }, {
      when: (s, { a }) => [...s.tlb].some((e) => e.asid === a),
      effect: (n, { a }) => {
        for (const e of n.tlb) if (e.asid === a) n.tlb.delete({ ...e });
      },
    })
    .invariant('bounded', (s) => s.tlb.size <= cap)
    .checkDeadlock(false);
  // with `bad`: one task may not hold dirty entries under two ASIDs
  return bad ? m.invariant('oneDirtyAsid', (s) => Task.values.every((t) => [...s.tlb].filter((e) => e.task === t && e.dirty).length < 2)) : m;
});
