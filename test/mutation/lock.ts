// A test-and-set lock around a critical section, for the mutation tests: small enough to know every mutant.
import { bool, defineSpec, int, model, scalarset } from 'interleave';

export default defineSpec({ name: 'lock', params: { threads: 2 }, variants: ['atomic', 'racy'] }, ({ threads, variant }) => {
  const Thread = scalarset('Thread', threads);
  return model({ locked: bool, inside: int(0, threads), entered: bool })
    .process('thread', Thread, {
      acquire: {
        when: (s) => variant === 'racy' || !s.locked,
        effect: (n) => void (n.locked = true),
        next: 'enter',
      },
      enter: {
        effect: (n) => {
          n.inside++;
          n.entered = true;
        },
        next: 'leave',
      },
      leave: {
        effect: (n) => {
          n.inside--;
          n.locked = false;
        },
        next: 'done',
      },
    })
    .invariant('mutualExclusion', (s) => s.inside <= 1)
    .cover('someoneInside', (s) => s.inside === 1);
});
