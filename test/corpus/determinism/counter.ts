// An effect that keeps a counter outside the state: the same step on the same state gives another
// successor on a second run, so the verdict would change from run to run.
import { bool, defineSpec, int, model } from 'interleave';

let calls = 0;
export default defineSpec({ name: 'counter' }, () =>
  model({ x: int(0, 3), flip: bool })
    .action('step', {
      effect: (n) => {
        n.x = (n.x + 1) % 4;
        n.flip = calls++ % 2 === 0;
      },
    })
    .checkDeadlock(false),
);
