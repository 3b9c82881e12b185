// Break: an id converted to an int through a helper that parses its printed name, stored in an int
// variable and used as a number. Type-checks and runs; only the sampled symmetry test can see it
// (error[SYMMETRY]).
// Bug: a holder that forgets leaves the lock held by a process outside (invariant heldInside).
import { defineSpec, idName, int, model, option, scalarset, setOf } from 'interleave';

export default defineSpec({ name: 'intIdName', params: { n: 3 } }, ({ n }) => {
  const Proc = scalarset('Proc', n);
  const number = (p: (typeof Proc.values)[number]) => Number(idName(p).slice('Proc'.length));
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
        s.last = number(p);
        if (s.last === 0) s.holder = null;
      },
    })
    .invariant('heldInside', (s) => s.holder === null || s.inside.has(s.holder));
});
