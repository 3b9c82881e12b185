// An init whose only choice has no value: no initial state, so nothing would be checked.
import { bool, defineSpec, model } from 'interleave';

export default defineSpec({ name: 'empty-init', params: {} }, () =>
  model({ b: bool })
    .init((s, { choose }) => {
      const b = choose<boolean>([]);
      if (b !== undefined) s.b = b;
    })
    .action('flip', { effect: (n) => void (n.b = !n.b) })
    .invariant('neverTrue', (s) => !s.b),
);
