// Break: an id converted to an int through the symbol's description (`p.description`), stored in an
// int variable. Type-checks and runs; only the sampled symmetry test can see it (error[SYMMETRY]).
// Bug: a holder that forgets leaves the lock held by a process outside (invariant heldInside).
import { defineSpec, int, model, option, scalarset, setOf } from 'interleave';

export default defineSpec({ name: 'intDescription', params: { n: 3 } }, ({ n }) => {
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
        s.last = Number(p.description!.split('#')[1]);
        if (s.last === 0) s.holder = null;
      },
    })
    .invariant('heldInside', (s) => s.holder === null || s.inside.has(s.holder));
});
