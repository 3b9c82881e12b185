// Break: indexOf on a copy of `Proc.values` (`[...Proc.values].indexOf(p)`): the copy is a plain
// array, so nothing throws. Only id 0 releases. Only the sampled symmetry test can see it
// (error[SYMMETRY]).
// Bug: a holder that forgets leaves the lock held by a process outside (invariant heldInside).
import { defineSpec, model, option, scalarset, setOf } from 'interleave';

export default defineSpec({ name: 'indexOfValuesCopy', params: { n: 3 } }, ({ n }) => {
  const Proc = scalarset('Proc', n);
  return model({ holder: option(Proc), inside: setOf(Proc) })
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
        if ([...Proc.values].indexOf(p) === 0) s.holder = null;
      },
    })
    .invariant('heldInside', (s) => s.holder === null || s.inside.has(s.holder));
});
