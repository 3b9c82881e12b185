// A variable whose "type" is an array literal of types, which the types refuse but a cast (or plain
// JavaScript) lets through: a clear error at the model's line, not a crash in the checker.
import { defineSpec, int, model } from 'interleave';

export default defineSpec({ name: 'var-not-a-type' }, () =>
  model({ tmp: [int(0, 2), int(0, 2)] as never, y: int(0, 1) })
    .action('a', { effect: (n) => void (n.y = 1) }),
);
