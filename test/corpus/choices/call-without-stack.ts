// A call made on one branch only (ctx.call) from a process without a call stack: the step runs, and the
// call is an error at the user's line, naming the procedure and the fix.
import { defineSpec, int, model } from 'interleave';

export default defineSpec({ name: 'ctx-call-without-stack' }, () =>
  model({ x: int(0, 1) })
    .procedure('bump', {}, { inc: { effect: (n) => void (n.x = 1), next: 'return' } })
    .process('cpu', {
      go: {
        effect: (n, _args, ctx) => {
          if (n.x === 0) ctx.call('bump');
        },
        next: 'done',
      },
    }),
);
