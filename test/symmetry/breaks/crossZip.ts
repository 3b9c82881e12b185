// Break: pairing the ids of two scalarsets by position (`Proc.values[i]` with `Dev.values[i]`), so that
// "the process's own device" is a fixed Dev for each Proc, while symmetry permutes the two scalarsets
// independently. A holder releases the lock only when it used its own device. Type-checks and runs;
// only the sampled symmetry test can see it (error[SYMMETRY]).
// Bug: a holder that used another device leaves the lock held by a process outside (invariant
// heldInside). With the reduction, the representative pairs Proc0 with Dev0, which is "its own".
import { defineSpec, model, option, scalarset, setOf } from 'interleave';

export default defineSpec({ name: 'crossZip', params: { n: 2 } }, ({ n }) => {
  const Proc = scalarset('Proc', n);
  const Dev = scalarset('Dev', n);
  const own = new Map(Proc.values.map((p, i) => [p, Dev.values[i]!]));
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
        if (own.get(p) === d) s.holder = null;
      },
    })
    .invariant('heldInside', (s) => s.holder === null || s.inside.has(s.holder));
});
