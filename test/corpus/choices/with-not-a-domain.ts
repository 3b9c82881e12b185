// A step parameter ranges over a finite domain (or subsets(...), oneOf(...)); a plain array is none: tsc
// refuses it, and the builder says so, naming the step and the parameter, at the user's line.
import { defineSpec, int, model } from 'interleave';

export default defineSpec({ name: 'with-not-a-domain' }, () =>
  model({ x: int(0, 3) })
    .process('p', {
      // @ts-expect-error: [1, 2, 3] is not a domain
      set: ($) => $.with({ v: [1, 2, 3] }, { effect: (n, { v }) => void (n.x = v), next: 'done' }),
    }),
);
