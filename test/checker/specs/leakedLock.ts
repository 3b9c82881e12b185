// A test-and-set spinlock whose holder never releases it: the other thread then spins forever. TLC's deadlock check
// sees the spin (a step back to the same state) and says "ok"; CMurphi and Rumur call it a deadlock. The Murphi twin
// (test/checker/deadlockMurphi.test.ts) gives Rumur 2.x's verdict: deadlock, 5 states, 7 rules fired, a 3-state trace.
import { bool, defineSpec, int, model } from 'interleave';

export default defineSpec({ name: 'leakedLock', variants: ['leak', 'release'] }, ({ variant }) =>
  model({ locked: bool })
    .process('thread', int(0, 1), {
      // while (test_and_set(&locked)) ; — a failed test-and-set changes nothing
      acquire: {
        effect: (n, _, { prev }) => void (prev.locked || (n.locked = true)),
        next: (_n, _a, prev) => (prev.locked ? 'acquire' : 'crit'),
      },
      crit: { effect: (n) => void (variant === 'release' && (n.locked = false)), next: 'done' },
    }),
);
