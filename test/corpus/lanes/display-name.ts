// A display name that is not a string (a parameter of the wrong type, a number typed through `as never`).
import { bool, defineSpec, model } from 'interleave';

export default defineSpec({ name: 'display-name' }, () =>
  model({ b: bool }).process('cpu', {
    flip: { as: 42 as never, effect: (n) => void (n.b = !n.b), next: 'done' },
  }),
);
