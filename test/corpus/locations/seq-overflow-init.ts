// The second push of the initial state overflows the seq: the error names that push, not the first.
import { defineSpec, int, mapOf, model, seq } from 'interleave';

export default defineSpec({ name: 'seq-overflow-init' }, () =>
  model({ q: seq(int(0, 1), 1), m: mapOf(int(0, 1), int(0, 3)) }).init((s) => {
    s.q.push(0);
    s.m[1] = 2;
    s.q.push(1);
  }),
);
