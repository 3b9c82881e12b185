// A TLB as a set of { asid, task } entries, sized by parameters; `wrong` adds an entry with a field missing.
import { defineSpec, model, option, record, scalarset, setOf } from 'interleave';

export default defineSpec({ name: 'tlb', params: { asids: 2, tasks: 2, wrong: false, optional: false } }, ({ asids, tasks, wrong, optional }) => {
  const Asid = scalarset('Asid', asids);
  const Task = scalarset('Task', tasks);
  const tlb = setOf(optional ? (record({ asid: Asid, task: option(Task) }) as never) : record({ asid: Asid, task: Task }));
  return model({ tlb }).action('fill', { a: Asid, t: Task }, {
    effect: (n, { a, t }) => n.tlb.add((wrong ? { asid: a } : { asid: a, task: t }) as never),
  });
});
