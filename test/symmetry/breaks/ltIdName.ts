// Break: ordering ids by their printed names (`idName(p) < idName(q)`), which type-checks and does
// not throw: only the least id by name releases the lock. Only the sampled symmetry test can see it
// (error[SYMMETRY]). Bug: a holder that forgets leaves the lock held by a process outside (invariant heldInside).
// Hidden by an unsound reduction: every representative puts the lone holder at Proc0, the least.
import { defineSpec, idName, model, option, scalarset, setOf } from 'interleave';

export default defineSpec({ name: 'ltIdName', params: { n: 3 } }, ({ n }) => {
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
        if (!Proc.values.some((q) => idName(q) < idName(p))) s.holder = null;
      },
    })
    .invariant('heldInside', (s) => s.holder === null || s.inside.has(s.holder));
});
