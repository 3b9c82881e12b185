// The MCS queue lock with compare-and-swap: a port of the Murphi example ex/mux/mcslock1.m (Stanford,
// 1992-93; shipped with CMurphi), after Mellor-Crummey and Scott, "Algorithms for Scalable
// Synchronization on Shared-Memory Multiprocessors", ACM TOCS 9(1), 1991.
// Each process owns a queue node R[i] (next pointer, locked flag); `lock` points at the queue's tail.
// Murphi's pointer records { nil: boolean; p: pid } with p undefined when nil are option(Pid) here.
// Pid is a scalarset, as in the original. Busy-wait rules are always enabled and change nothing
// while they wait.
// Murphi's published counts: n = 2: 159 states (-nosym), 81 (-sym1); n = 3: 7,597 / 1,285.
import { bool, defineSpec, mapOf, model, option, record, scalarset } from 'interleave';

export default defineSpec({ name: 'mcslock1', params: { n: 2 } }, ({ n }) => {
  if (n < 2) throw new RangeError('mcslock1: n must be at least 2');
  const Pid = scalarset('Pid', n);
  return (
    model({
      R: mapOf(Pid, record({ next: option(Pid), locked: bool })),
      localpred: mapOf(Pid, option(Pid)),
      lock: option(Pid),
    })
      // the start state is every variable's first value: P = L0, next nil, unlocked, pred nil, lock nil
      .process('P', Pid, {
        // "execute non crit and assign next nil"
        L0: { effect: (s, { self }) => void (s.R[self].next = null), next: 'L1' },
        // "execute assign pred FandS L I": predecessor := fetch_and_store(lock, I)
        L1: {
          effect: (s, { self }, { prev }) => {
            s.localpred[self] = prev.lock;
            s.lock = self;
          },
          next: 'L2',
        },
        // "execute if pred nil"
        L2: { next: (_s, { self }, prev) => (prev.localpred[self] === null ? 'L6' : 'L3') },
        // "execute assign Ilocked true"
        L3: { effect: (s, { self }) => void (s.R[self].locked = true), next: 'L4' },
        // "execute assign prednext I"
        L4: { effect: (s, { self }, { prev }) => void (s.R[prev.localpred[self]!].next = self), next: 'L5' },
        // "execute repeat while Ilocked"
        L5: { next: (_s, { self }, prev) => (prev.R[self].locked ? 'L5' : 'L6') },
        // "execute crit and if Inext nil"
        L6: { next: (_s, { self }, prev) => (prev.R[self].next === null ? 'L7' : 'L9') },
        // "execute if CandS L I nil": compare_and_swap(lock, I, nil)
        L7: {
          effect: (s, { self }, { prev }) => {
            if (prev.lock === self) s.lock = null;
          },
          next: (_s, { self }, prev) => (prev.lock === self ? 'L0' : 'L8'),
        },
        // "execute repeat while Inext nil"
        L8: { next: (_s, { self }, prev) => (prev.R[self].next !== null ? 'L9' : 'L8') },
        // "execute assign Inextlocked false"
        L9: { effect: (s, { self }, { prev }) => void (s.R[prev.R[self].next!].locked = false), next: 'L0' },
      })
      .invariant('mutex', (s) => {
        let critical = 0;
        for (const i of Pid.values) if (s.pc.P[i] === 'L6') critical++;
        return critical <= 1;
      })
  );
});
