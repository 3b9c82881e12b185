// A set has no atomics (the kernel has none either): tsc refuses the call (the directive below says so);
// run anyway, it is an error naming the step, not a silent copy of the set.
import { cmpxchg, defineSpec, int, model, setOf } from 'interleave';

export default defineSpec({ name: 'cmpxchg-on-set' }, () =>
  model({ cpus: setOf(int(0, 1)) }).process('cpu', {
    // @ts-expect-error a set is no atomic location
    claim: { effect: (n) => void cmpxchg(n, 'cpus', [], [0]), next: 'done' },
  }),
);
