// Break: storing an id in a plain int variable through `as any`. tsc accepts the cast; at run time
// the write is range-checked: error[VALUE].
// Bug: a holder that forgets leaves the lock held by a process outside (invariant heldInside).
import { defineSpec, int, model, option, scalarset, setOf } from 'interleave';

export default defineSpec({ name: 'intAsAny', params: { n: 3 } }, ({ n }) => {
  const Proc = scalarset('Proc', n);
  return model({ holder: option(Proc), inside: setOf(Proc), last: int(0, 2) })
    .action('enter', { p: Proc }, {
      when: (s) => s.holder === null,
      effect: (s, { p }) => {
        s.holder = p;
        s.inside.add(p);
      },
    })
    .action('leave', { p: Proc }, {
      when: (s, { p }) => s.inside.has(p),
      effect: (s, { p }) => {
        s.inside.delete(p);
        s.last = p as any;
        if (s.last === 0) s.holder = null;
      },
    })
    .invariant('heldInside', (s) => s.holder === null || s.inside.has(s.holder));
});
