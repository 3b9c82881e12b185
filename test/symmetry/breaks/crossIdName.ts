// Break: comparing ids of two scalarsets through their printed numbers
// (`idName(p).slice(4) === idName(d).slice(3)`: Proc1 "is" Dev1). A holder releases the lock only
// when it used its own device. Type-checks and runs; only the sampled symmetry test can see it
// (error[SYMMETRY]).
// Bug: a holder that used another device leaves the lock held by a process outside (invariant
// heldInside).
import { defineSpec, idName, model, option, scalarset, setOf } from 'interleave';

export default defineSpec({ name: 'crossIdName', params: { n: 2 } }, ({ n }) => {
  const Proc = scalarset('Proc', n);
  const Dev = scalarset('Dev', n);
  return model({ holder: option(Proc), dev: option(Dev), inside: setOf(Proc) })
    .action('enter', { p: Proc, d: Dev }, {
      when: (s) => s.holder === null,
      effect: (s, { p, d }) => {
        s.holder = p;
        s.dev = d;
        s.inside.add(p);
      },
    })
    .action('leave', { p: Proc }, {
      when: (s, { p }) => s.inside.has(p),
      effect: (s, { p }) => {
        const d = s.dev!;
        s.inside.delete(p);
        s.dev = null;
        if (idName(p).slice('Proc'.length) === idName(d).slice('Dev'.length)) s.holder = null;
      },
    })
    .invariant('heldInside', (s) => s.holder === null || s.inside.has(s.holder));
});
