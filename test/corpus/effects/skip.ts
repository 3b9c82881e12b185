// A bounded counter that steps by 1 or 2 and never past 5: the branch that would overflow calls ctx.skip().
import { defineSpec, int, model } from 'interleave';

export default defineSpec({ name: 'skip' }, () =>
  model({ x: int(0, 5) })
    .action('step', {
      effect: (n, _args, ctx) => {
        const d = ctx.choose([1, 2]);
        if (n.x + d > 5) return ctx.skip();
        n.x += d;
      },
    })
    .terminal((s) => s.x === 5),
);
