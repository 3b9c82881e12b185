// A fairness kind outside 'weak' | 'strong' (cast past the type): the liveness phase used to loop forever.
import { bool, defineSpec, model } from 'interleave';

export default defineSpec({ name: 'fair-bogus', params: {} }, () =>
  model({ b: bool, c: bool })
    .action('flip', { when: (s) => !s.c, effect: (n) => void (n.b = !n.b) })
    .action('stop', { when: (s) => !s.c, effect: (n) => void (n.c = true), fair: 'bogus' as 'weak' })
    .checkDeadlock(false)
    .eventually('stopped', (s) => s.c),
);
