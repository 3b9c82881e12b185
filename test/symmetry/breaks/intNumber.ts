// Break: `Number(p)` to store an id in an int. It type-checks (Number takes anything); at run time
// converting a symbol throws: error[SPEC_THROW].
// Bug: a holder that forgets leaves the lock held by a process outside (invariant heldInside).
import { defineSpec, int, model, option, scalarset, setOf } from 'interleave';

export default defineSpec({ name: 'intNumber', params: { n: 3 } }, ({ n }) => {
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
        s.last = Number(p);
        if (s.last === 0) s.holder = null;
      },
    })
    .invariant('heldInside', (s) => s.holder === null || s.inside.has(s.holder));
});
