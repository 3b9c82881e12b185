// The Chandy-Misra dining philosophers, from tlaplus/Examples specifications/DiningPhilosophers
// (DiningPhilosophers.tla, PlusCal): each philosopher is a fair process that hands a dirty fork it
// holds to the neighbour, and eats when it holds both of its forks clean.
// TLC (NP = 5): 67 distinct states, 336 generated, depth 29; NobodyStarves holds.
// The labels, guards and the translated IF-chains are kept as in the TLA+ translation: `Loop` is one
// atomic step that may give a fork away and then chooses the next label from the state it started in.
import { bool, defineSpec, int, mapOf, model, record } from 'interleave';

export default defineSpec({ name: 'DiningPhilosophers', params: { NP: 5, fair: true } }, ({ NP, fair }) => {
  const Phil = int(1, NP);
  const LeftFork = (p: number) => p;
  const RightFork = (p: number) => (p === NP ? 1 : p + 1);
  const LeftPhilosopher = (p: number) => (p === 1 ? NP : p - 1);
  const RightPhilosopher = (p: number) => (p === NP ? 1 : p + 1);
  type Forks = { readonly [fork: number]: { readonly holder: number; readonly clean: boolean } };
  const IsHoldingBothForks = (forks: Forks, p: number) => forks[LeftFork(p)]!.holder === p && forks[RightFork(p)]!.holder === p;
  const BothForksAreClean = (forks: Forks, p: number) => forks[LeftFork(p)]!.clean && forks[RightFork(p)]!.clean;
  const CanEat = (forks: Forks, p: number) => IsHoldingBothForks(forks, p) && BothForksAreClean(forks, p);

  return (
    model({
      forks: mapOf(Phil, record({ holder: Phil, clean: bool })),
      hungry: mapOf(Phil, bool),
    })
      .init((s) => {
        // each fork starts dirty, held by the lower-numbered of its two philosophers
        for (const fork of Phil.values) s.forks[fork] = { holder: fork === 2 ? 1 : fork, clean: false };
        for (const p of Phil.values) s.hungry[p] = true;
      })
      .process(
        'Philosopher',
        Phil,
        {
          Loop: {
            effect: (s, { self }, { prev }) => {
              const left = prev.forks[LeftFork(self)];
              const right = prev.forks[RightFork(self)];
              if (left.holder === self && !left.clean) s.forks[LeftFork(self)] = { holder: LeftPhilosopher(self), clean: true };
              else if (right.holder === self && !right.clean) s.forks[RightFork(self)] = { holder: RightPhilosopher(self), clean: true };
            },
            // IF hungry[self] THEN (IF CanEat(self) THEN "Eat" ELSE "Loop") ELSE "Think", on the unprimed forks
            next: (_next, { self }, prev) => (prev.hungry[self] ? (CanEat(prev.forks, self) ? 'Eat' : 'Loop') : 'Think'),
          },
          Eat: {
            effect: (s, { self }) => {
              s.hungry[self] = false;
              s.forks[LeftFork(self)].clean = false;
              s.forks[RightFork(self)].clean = false;
            },
            next: 'Loop',
          },
          Think: { effect: (s, { self }) => void (s.hungry[self] = true), next: 'Loop' },
        },
        fair ? { fair: 'weak' } : {},
      )
      .invariant('ExclusiveAccess', (s) => {
        for (const p of Phil.values) {
          for (const q of Phil.values) {
            const share = [LeftFork(p), RightFork(p)].some((f) => f === LeftFork(q) || f === RightFork(q));
            if (p !== q && share && s.pc.Philosopher[p] === 'Eat' && s.pc.Philosopher[q] === 'Eat') return false;
          }
        }
        return true;
      })
      // every philosopher eats again and again: \A p \in 1..NP : []<>(~hungry[p])
      .alwaysEventually('NobodyStarves', { p: Phil }, (s, { p }) => !s.hungry[p])
  );
});
