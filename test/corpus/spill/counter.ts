// A counter of 2,001 states with nothing wrong: the spec the --disk cases run.
import { defineSpec, int, model } from 'interleave';

export default defineSpec({ name: 'counter' }, () =>
  model({ x: int(0, 2000) })
    .action('inc', { when: (s) => s.x < 2000, effect: (n) => void n.x++ })
    .invariant('inRange', (s) => s.x <= 2000)
    .checkDeadlock(false),
);
