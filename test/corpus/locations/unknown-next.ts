// A step names a next label that the process does not have.
import { defineSpec, int, model } from 'interleave';

export default defineSpec({ name: 'unknown-next' }, () =>
  model({ x: int(0, 2) })
    .process('p', {
      a: { next: 'b' },
    }),
);
