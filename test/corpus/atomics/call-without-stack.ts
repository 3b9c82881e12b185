// A process that calls a procedure needs a call stack, and its size is the modeller's claim (how deep the
// kernel's calls nest): no default. tsc accepts the spec; the builder refuses it, naming the step.
import { defineSpec, int, model } from 'interleave';

export default defineSpec({ name: 'call-without-stack' }, () =>
  model({ x: int(0, 1) })
    .procedure('bump', {}, { inc: { effect: (n) => void (n.x = 1), next: 'return' } })
    .process('cpu', { go: { call: 'bump', next: 'done' } }),
);
