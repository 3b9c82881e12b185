// A step names a next label that the process does not have.
import { defineSpec, int, model } from 'interleave';

export default defineSpec({ name: 'unknown-next' }, () =>
  model({ x: int(0, 2) })
    .process('p', {
      // @ts-expect-error 'b' is not a label of this process (tsc says so too)
      a: { next: 'b' },
    }),
);
