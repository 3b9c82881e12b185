// The start-up bench's spec (bench/startup.ts): ten states, so that a check's wall time is all start-up.
import { defineSpec, int, model } from 'interleave';

export default defineSpec({ name: 'counter10' }, () =>
  model({ x: int(0, 9) })
    .action('tick', { effect: (n) => void (n.x = (n.x + 1) % 10) })
    .invariant('inRange', (s) => s.x >= 0 && s.x <= 9),
);
