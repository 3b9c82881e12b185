// Two actions with one name: the builder refuses the second, and the error points at its call.
import { defineSpec, int, model } from 'interleave';

export default defineSpec({ name: 'duplicate-action' }, () =>
  model({ x: int(0, 2) })
    .action('a', { effect: (s) => void (s.x = 1) })
    .action('a', { effect: (s) => void (s.x = 2) }),
);
