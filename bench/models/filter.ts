// Peterson's filter lock for n processes: the twin of ../shared/twins/filter*.{pml,m,qnt}.
// Each process climbs levels 1..n-1; at each level it names itself victim and waits until it is not
// the victim or no other process is at its level or above. As in the twins, process ids are plain
// integers (filter6.m) unless `symmetric` makes them a scalarset (filter6_sym.m), which turns on
// symmetry reduction. n = 6: 2,111,008 states, 7,861,932 transitions; symmetric: 4,789 orbits.
// The two bodies differ only in the type of an id: integers index arrays, scalarset ids are opaque.
import { defineSpec, int, mapOf, model, option, scalarset } from 'interleave';

export default defineSpec({ name: 'filter', params: { n: 3, symmetric: false } }, ({ n, symmetric }) => {
  if (n < 2) throw new RangeError('filter: n must be at least 2');
  return symmetric ? filterOverIds(n) : filterOverInts(n);
});

function filterOverInts(n: number) {
  const Proc = int(0, n - 1);
  return model({ lv: mapOf(Proc, int(0, n - 1)), victim: mapOf(int(1, n - 1), option(Proc)) })
    .process('proc', Proc, {
      idle: { effect: (s, { self }) => void (s.lv[self] = 1), next: 'setv' },
      setv: { effect: (s, { self }) => void (s.victim[s.lv[self]] = self), next: 'wait' },
      wait: {
        when: (s, { self }) => {
          const l = s.lv[self];
          if (s.victim[l] !== self) return true;
          for (const k of Proc.values) if (k !== self && s.lv[k] >= l) return false;
          return true;
        },
        effect: (s, { self }) => {
          if (s.lv[self] < n - 1) s.lv[self]++;
        },
        next: (_s, { self }, prev) => (prev.lv[self] === n - 1 ? 'cs' : 'setv'),
      },
      cs: { effect: (s, { self }) => void (s.lv[self] = 0), next: 'idle' },
    })
    .invariant('mutex', (s) => {
      let inCs = 0;
      for (const i of Proc.values) if (s.pc.proc[i] === 'cs') inCs++;
      return inCs <= 1;
    });
}

function filterOverIds(n: number) {
  const Proc = scalarset('Proc', n);
  return model({ lv: mapOf(Proc, int(0, n - 1)), victim: mapOf(int(1, n - 1), option(Proc)) })
    .process('proc', Proc, {
      idle: { effect: (s, { self }) => void (s.lv[self] = 1), next: 'setv' },
      setv: { effect: (s, { self }) => void (s.victim[s.lv[self]] = self), next: 'wait' },
      wait: {
        when: (s, { self }) => {
          const l = s.lv[self];
          if (s.victim[l] !== self) return true;
          for (const k of Proc.values) if (k !== self && s.lv[k] >= l) return false;
          return true;
        },
        effect: (s, { self }) => {
          if (s.lv[self] < n - 1) s.lv[self]++;
        },
        next: (_s, { self }, prev) => (prev.lv[self] === n - 1 ? 'cs' : 'setv'),
      },
      cs: { effect: (s, { self }) => void (s.lv[self] = 0), next: 'idle' },
    })
    .invariant('mutex', (s) => {
      let inCs = 0;
      for (const i of Proc.values) if (s.pc.proc[i] === 'cs') inCs++;
      return inCs <= 1;
    });
}
