// A small spec with a bug (two holders of the lock) that the trace-file cases name, with bad fields.
import { defineSpec, int, model } from 'interleave';

export default defineSpec({ name: 'lock', params: { n: 2, careful: false, label: 'x' }, variants: ['racy', 'fixed'] }, ({ n, careful, variant }) =>
  model({ holders: int(0, n) })
    .action('take', { when: (s) => s.holders < n && (variant === 'racy' || !careful || s.holders === 0), effect: (x) => void (x.holders += 1) })
    .action('drop', { when: (s) => s.holders > 0, effect: (x) => void (x.holders -= 1) })
    .invariant('exclusive', (s) => s.holders <= 1),
);
