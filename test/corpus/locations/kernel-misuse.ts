// A kernel primitive used wrongly: the error points at the user's call, not into the kernel library.
import { completionType, current, defineSpec, model, waitForCompletion } from 'interleave';

export default defineSpec({ name: 'kernel-misuse' }, () =>
  model({ c: completionType() }).action('wait', {
    effect: (s, _args, ctx) => {
      waitForCompletion(current(ctx, 0), s.c);
    },
  }),
);
