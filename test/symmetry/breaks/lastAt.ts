// Break: the last element of a set of ids (`[...s.registered].at(-1)`): the last registered process
// forgets to release when others registered before it. Only the sampled symmetry test can see it
// (error[SYMMETRY]).
// Bug: a holder that forgets leaves the lock held by a process outside (invariant heldInside).
import { defineSpec, model, option, scalarset, setOf } from 'interleave';

export default defineSpec({ name: 'lastAt', params: { n: 3 } }, ({ n }) => {
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
        const regs = [...s.registered];
        if (!(regs.length > 1 && regs.at(-1) === p)) s.holder = null;
      },
    })
    .invariant('heldInside', (s) => s.holder === null || s.inside.has(s.holder));
});
