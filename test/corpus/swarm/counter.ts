// A counter that overflows its bound only after 1,000 steps: a buggy spec that a small state budget stops short of.
import { defineSpec, int, model } from 'interleave';

export default defineSpec({ name: 'counter', params: { limit: 1000 } }, ({ limit }) =>
  model({ x: int(0, 100000) })
    .action('inc', { when: (s) => s.x < 100000, effect: (n) => void n.x++ })
    .invariant('belowLimit', (s) => s.x < limit)
    .checkDeadlock(false),
);
