// A refcount of int(0, 2): a leaked reference lets two CPUs overflow it.
import { defineSpec, int, model, scalarset } from 'interleave';

export default defineSpec({ name: 'refcount-overflow' }, () => {
  const Cpu = scalarset('Cpu', 2);
  return model({ refs: int(0, 2) })
    .process('cpu', Cpu, {
      get: { effect: (n) => void n.refs++, next: 'put' },
      put: { effect: (n) => void n.refs--, next: 'get' },
    })
    .action('leak', { when: (s) => s.refs === 0, effect: (n) => void n.refs++ });
});
