// A small correct spec that the parameter cases run with bad command lines.
import { bool, defineSpec, model } from 'interleave';

export default defineSpec({ name: 'lock', params: { n: 2 } }, () =>
  model({ locked: bool })
    .action('take', { when: (s) => !s.locked, effect: (n) => void (n.locked = true) })
    .action('drop', { when: (s) => s.locked, effect: (n) => void (n.locked = false) }),
);
