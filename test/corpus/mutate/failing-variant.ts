// A counter whose only variant already violates its invariant: there is nothing to mutate against.
import { defineSpec, int, model } from 'interleave';

export default defineSpec({ name: 'failing', params: {} }, () =>
  model({ x: int(0, 3) })
    .action('inc', { when: (s) => s.x < 3, effect: (n) => void n.x++ })
    .invariant('small', (s) => s.x < 2),
);
