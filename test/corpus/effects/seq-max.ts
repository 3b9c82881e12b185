// A guard that reads a sequence's bound: `s.q.length < s.q.max` (max was declared but undefined at run time,
// so the guard was always false and the search stopped after the initial state).
import { defineSpec, int, model, seq } from 'interleave';

export default defineSpec({ name: 'seq-max' }, () =>
  model({ q: seq(int(0, 0), 2) })
    .action('push', { when: (s) => s.q.length < s.q.max, effect: (n) => void n.q.push(0) })
    .terminal((s) => s.q.length === s.q.max),
);
