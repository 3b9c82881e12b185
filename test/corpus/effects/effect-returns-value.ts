// An arrow whose body is an assignment returns the assigned value: `(n) => (n.busy = false)` returns false.
// tsc refuses it (the directive below says so); run anyway, it is an error at the first call, not "no successor".
import { bool, defineSpec, model } from 'interleave';

export default defineSpec({ name: 'returns-value' }, () =>
  model({ busy: bool })
    .action('start', { when: (s) => !s.busy, effect: (n) => void (n.busy = true) })
    // @ts-expect-error the effect returns a boolean
    .action('finish', { when: (s) => s.busy, effect: (n) => (n.busy = false) }),
);
