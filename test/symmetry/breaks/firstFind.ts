// Break: the first id in `Proc.values` order that is in a set (`Proc.values.find((q) => s.registered.has(q))`):
// an iteration whose order decides the result. A registered holder that is not that first one forgets to
// release. Only the sampled symmetry test can see it (error[SYMMETRY]).
// Bug: a holder that forgets leaves the lock held by a process outside (invariant heldInside).
import { defineSpec, model, option, scalarset, setOf } from 'interleave';

export default defineSpec({ name: 'firstFind', params: { n: 3 } }, ({ n }) => {
  const Proc = scalarset('Proc', n);
  return model({ holder: option(Proc), inside: setOf(Proc), registered: setOf(Proc) })
    .action('register', { p: Proc }, {
      when: (s, { p }) => !s.registered.has(p),
      effect: (s, { p }) => s.registered.add(p),
    })
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
        if (!s.registered.has(p) || Proc.values.find((q) => s.registered.has(q)) === p) s.holder = null;
      },
    })
    .invariant('heldInside', (s) => s.holder === null || s.inside.has(s.holder));
});
