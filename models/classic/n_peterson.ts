// Peterson's mutual exclusion for n processes: a port of the Murphi example ex/mux/n_peterson.m
// (Stanford, 1992; shipped with CMurphi). Each process climbs priorities 1..n-1: it publishes its
// level Q, names itself turn[level], and waits until every other process is below that level or it
// is no longer turn[level]. Pid is a scalarset, as in the original.
// The port keeps the original's quirks: the wait rule is always enabled (it changes nothing while
// the condition is false), and leaving the critical section sets Q to 1, not 0.
// Murphi's published counts: n = 3: 882 states (-nosym), 172 (-sym1); n = 5: 628,868 / 6,770.
import { defineSpec, int, mapOf, model, option, scalarset, type Id } from 'interleave';

type ByPid<V> = { readonly [k in Id<'Pid'>]: V };

export default defineSpec({ name: 'n_peterson', params: { n: 3 } }, ({ n }) => {
  if (n < 2) throw new RangeError('n_peterson: n must be at least 2');
  const Pid = scalarset('Pid', n);
  const Priority = int(0, n);
  // "Forall k: pid Do (k != i) -> (Q[k] < localj[i])" | turn[localj[i]] != i
  const mayAdvance = (s: { readonly Q: ByPid<number>; readonly turn: { readonly [level: number]: Id<'Pid'> | null }; readonly localj: ByPid<number> }, i: Id<'Pid'>): boolean => {
    const j = s.localj[i]!;
    if (s.turn[j] !== i) return true;
    for (const k of Pid.values) if (k !== i && s.Q[k]! >= j) return false;
    return true;
  };
  return (
    model({
      Q: mapOf(Pid, Priority),
      // undefined initially: null
      turn: mapOf(Priority, option(Pid)),
      localj: mapOf(Pid, Priority),
    })
      // the start state is every variable's first value: P = L0, Q = 0, turn undefined, localj cleared
      .process('P', Pid, {
        // "execute inc j and while"
        L0: { effect: (s, { self }) => void (s.localj[self] = 1), next: 'L1' },
        // "execute assign Qi j"
        L1: { effect: (s, { self }) => void (s.Q[self] = s.localj[self]), next: 'L2' },
        // "execute assign TURNj i"
        L2: { effect: (s, { self }) => void (s.turn[s.localj[self]] = self), next: 'L3' },
        // "execute wait until"
        L3: {
          effect: (s, { self }, { prev }) => {
            if (mayAdvance(prev, self)) s.localj[self] = prev.localj[self] + 1;
          },
          next: (s, { self }, prev) => (!mayAdvance(prev, self) ? 'L3' : s.localj[self] < n ? 'L1' : 'L4'),
        },
        // "execute critical and assign Qi 0" (the original assigns 1)
        L4: { effect: (s, { self }) => void (s.Q[self] = 1), next: 'L0' },
      })
      .invariant('mutex', (s) => {
        let critical = 0;
        for (const i of Pid.values) if (s.pc.P[i] === 'L4') critical++;
        return critical <= 1;
      })
  );
});
