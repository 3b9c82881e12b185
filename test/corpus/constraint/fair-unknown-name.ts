// A fairness group naming an action that does not exist (a typo): refused, not silently an empty group.
import { bool, defineSpec, model } from 'interleave';

export default defineSpec({ name: 'fair-unknown-name' }, () =>
  model({ done: bool })
    .action('finish', { when: (s) => !s.done, effect: (n) => void (n.done = true) })
    .fair('weak', ['finish', 'finsh'])
    .eventually('finishes', (s) => s.done),
);
