// A temporal property: its state graph is not saved in a checkpoint, so --checkpoint is refused.
import { bool, defineSpec, model } from 'interleave';

export default defineSpec({ name: 'liveness' }, () =>
  model({ on: bool })
    .action('flip', { fair: 'weak', effect: (n) => void (n.on = !n.on) })
    .eventually('switchedOn', (s) => s.on),
);
