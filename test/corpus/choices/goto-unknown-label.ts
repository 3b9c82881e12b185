// ctx.goto takes a label computed at run time, so tsc cannot always check it (here a string built from the
// state): the checker reports the label it was given and the labels there are, at the user's step.
import { defineSpec, int, model } from 'interleave';

export default defineSpec({ name: 'goto-unknown-label' }, () =>
  model({ x: int(0, 2) })
    .process('p', {
      a: {
        effect: (n, _args, ctx) => {
          n.x++;
          ctx.goto(`step${n.x}` as 'b');
        },
        next: 'b',
      },
      b: { next: 'done' },
    }),
);
