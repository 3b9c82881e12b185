// ctx.choose([]) has no value to give: the branch ends there, like ctx.skip(), and the effect does not run on
// with undefined (which would write x = undefined and stop the search with a range error).
import { defineSpec, int, model } from 'interleave';

export default defineSpec({ name: 'empty-choose' }, () =>
  model({ x: int(0, 3) })
    .action('step', {
      effect: (n, _args, ctx) => {
        n.x = ctx.choose([1, 2, 3].filter((v) => v > n.x));
      },
    })
    .terminal((s) => s.x === 3),
);
