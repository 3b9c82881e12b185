// A seq pushed past its max: the write is validated after the effect returns, yet the error points here.
import { defineSpec, int, model, seq } from 'interleave';

export default defineSpec({ name: 'seq-overflow' }, () =>
  model({ q: seq(int(0, 1), 2) }).action('push', {
    effect: (s) => {
      s.q.push(1);
    },
  }),
);
