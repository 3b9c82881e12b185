// A computed next label that is not a label of the process: told at the process.
import { defineSpec, int, model } from 'interleave';

export default defineSpec({ name: 'computed-next' }, () =>
  model({ x: int(0, 2) })
    .process('p', {
      a: { next: () => 'zz' as 'a' },
    }),
);
