// Peterson's filter lock with a flawed wait: a process may climb past a level while another
// process is at the same level (it checks lv[k] > l instead of lv[k] >= l), so mutual exclusion
// fails after a longer interleaving than a plain race. Process ids are a scalarset.
import { defineSpec, int, mapOf, model, option, scalarset } from 'interleave';

export default defineSpec({ name: 'filterSameLevel', params: { n: 3 } }, ({ n }) => {
  const Proc = scalarset('Proc', n);
  return model({ lv: mapOf(Proc, int(0, n - 1)), victim: mapOf(int(1, n - 1), option(Proc)) })
    .process('proc', Proc, {
      idle: { effect: (s, { self }) => void (s.lv[self] = 1), next: 'setv' },
      setv: { effect: (s, { self }) => void (s.victim[s.lv[self]] = self), next: 'wait' },
      wait: {
        when: (s, { self }) => {
          const l = s.lv[self];
          if (s.victim[l] !== self) return true;
          for (const k of Proc.values) if (k !== self && s.lv[k] > l) return false;
          return true;
        },
        effect: (s, { self }) => {
          if (s.lv[self] < n - 1) s.lv[self]++;
        },
        next: (_s, { self }, prev) => (prev.lv[self] === n - 1 ? 'cs' : 'setv'),
      },
      cs: { effect: (s, { self }) => void (s.lv[self] = 0), next: 'idle' },
    })
    .invariant('mutex', (s) => Proc.values.filter((i) => s.pc.proc[i] === 'cs').length <= 1);
});
