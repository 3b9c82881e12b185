// Dining philosophers: the twin of ../shared/twins/dining*.{pml,m,qnt}. Each philosopher takes its
// first fork, then its second, eats, and puts both down. All take the left fork first, so the table
// can deadlock; with `asym`, philosopher 0 takes the right fork first and it cannot.
// n = 16: 1,331,714 states (deadlock checking off); asym 1,136,689 states, no deadlock.
import { bool, defineSpec, int, mapOf, model } from 'interleave';

export default defineSpec({ name: 'dining', params: { n: 5, asym: false, deadlock: true } }, ({ n, asym, deadlock }) => {
  const Phil = int(0, n - 1);
  const first = (i: number) => (asym && i === 0 ? 1 % n : i);
  const second = (i: number) => (asym && i === 0 ? 0 : (i + 1) % n);
  return model({ fork: mapOf(Phil, bool) })
    .process('phil', Phil, {
      think: { when: (s, { self }) => !s.fork[first(self)], effect: (s, { self }) => void (s.fork[first(self)] = true), next: 'hungry' },
      hungry: { when: (s, { self }) => !s.fork[second(self)], effect: (s, { self }) => void (s.fork[second(self)] = true), next: 'eat' },
      eat: {
        effect: (s, { self }) => {
          s.fork[first(self)] = false;
          s.fork[second(self)] = false;
        },
        next: 'think',
      },
    })
    .checkDeadlock(deadlock);
});
