// A constraint with a temporal property: liveness under a state constraint is refused, not half-checked.
import { defineSpec, int, model } from 'interleave';

export default defineSpec({ name: 'constraint-with-liveness' }, () =>
  model({ x: int(0, 3) })
    .action('inc', { when: (s) => s.x < 3, effect: (n) => void n.x++, fair: 'weak' })
    .constraint('small', (s) => s.x <= 2)
    .eventually('reachesTwo', (s) => s.x === 2),
);
