// A temporal property: with --workers it is refused, not checked on a partial graph.
import { bool, defineSpec, model } from 'interleave';

export default defineSpec({ name: 'liveness' }, () =>
  model({ on: bool })
    .action('flip', { fair: 'weak', effect: (n) => void (n.on = !n.on) })
    .eventually('switchedOn', (s) => s.on),
);
