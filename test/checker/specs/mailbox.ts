// Tagged unions (`union({ ... })`): a mailbox per CPU holds nothing, a request from a CPU or a reply value
// (TLA+'s `Msg ∪ Val ∪ {NoVal}`), and a lock is held by a CPU or by nobody. test/checker/unions.test.ts compares
// the counts with the naive reference search, with and without the compiler and symmetry.
import { defineSpec, int, mapOf, model, record, scalarset, union } from 'interleave';

export default defineSpec({ name: 'mailbox', params: { cpus: 2, bad: false } }, ({ cpus, bad }) => {
  const Cpu = scalarset('Cpu', cpus);
  return model({
    box: mapOf(Cpu, union({ none: null, msg: record({ from: Cpu, seq: int(0, 1) }), val: int(0, 2) })),
    owner: union({ nobody: null, cpu: Cpu }),
  })
    .action('send', { from: Cpu, to: Cpu }, {
      when: (s, { from, to }) => from !== to && s.box[to].tag === 'none',
      effect: (n, { from, to }) => void (n.box[to] = { tag: 'msg', value: { from, seq: n.owner.tag === 'cpu' && n.owner.value === from ? 1 : 0 } }),
    })
    .action('reply', { c: Cpu }, {
      when: (s, { c }) => s.box[c].tag === 'msg',
      effect: (n, { c }) => {
        const m = n.box[c];
        if (m.tag !== 'msg') return;
        n.box[c] = { tag: 'none' };
        n.box[m.value.from] = { tag: 'val', value: m.value.seq + 1 };
      },
    })
    .action('consume', { c: Cpu }, {
      when: (s, { c }) => s.box[c].tag === 'val',
      effect: (n, { c }) => void (n.box[c] = { tag: 'none' }),
    })
    .action('claim', { c: Cpu }, {
      when: (s) => s.owner.tag === 'nobody',
      effect: (n, { c }) => void (n.owner = { tag: 'cpu', value: c }),
    })
    .action('release', { c: Cpu }, {
      when: (s, { c }) => s.owner.tag === 'cpu' && s.owner.value === c,
      effect: (n) => void (n.owner = { tag: 'nobody' }),
    })
    .invariant('replyFromOwner', (s) => !bad || Cpu.values.every((c) => { const b = s.box[c]; return b.tag !== 'val' || b.value < 2; }))
    .checkDeadlock(false);
});
