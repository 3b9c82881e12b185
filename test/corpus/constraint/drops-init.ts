// A constraint that no initial state satisfies: nothing is explored, so every property would hold vacuously.
import { defineSpec, int, model } from 'interleave';

export default defineSpec({ name: 'constraint-drops-init' }, () =>
  model({ x: int(0, 3) })
    .init((s) => void (s.x = 3))
    .action('dec', { when: (s) => s.x > 0, effect: (n) => void n.x-- })
    .constraint('small', (s) => s.x <= 2),
);
