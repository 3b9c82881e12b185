// Break: the last element of a set of ids by iteration (`for (const q of s.registered) last = q`): as
// lastAt.ts, written as a loop. Only the sampled symmetry test can see it (error[SYMMETRY]).
// Bug: a holder that forgets leaves the lock held by a process outside (invariant heldInside).
import { defineSpec, model, option, scalarset, setOf } from 'interleave';

export default defineSpec({ name: 'lastLoop', params: { n: 3 } }, ({ n }) => {
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
        let last = null;
        let count = 0;
        for (const q of s.registered) {
          last = q;
          count++;
        }
        if (!(count > 1 && last === p)) s.holder = null;
      },
    })
    .invariant('heldInside', (s) => s.holder === null || s.inside.has(s.holder));
});
