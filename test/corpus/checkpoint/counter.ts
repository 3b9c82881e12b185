// A small safety spec for the checkpoint cases.
import { defineSpec, int, model } from 'interleave';

export default defineSpec({ name: 'counter' }, () =>
  model({ x: int(0, 9) })
    .action('tick', { effect: (n) => void (n.x = (n.x + 1) % 10) })
    .invariant('inRange', (s) => s.x >= 0 && s.x <= 9),
);
