// Break: comparing ids of two different scalarsets (`d === p`, a Dev with a Proc), meaning "the
// process's own device" (Proc i with Dev i, as numbers once did). A holder releases the lock only when
// it used its own device. tsc refuses the comparison; at run time ids of two scalarsets are distinct
// symbols, so it is always false, which is symmetric: every holder forgets, and the default run finds
// the violation (invariant heldInside), with or without symmetry. The break cannot hide a bug; the
// spec just does not mean what its author meant.
import { defineSpec, model, option, scalarset, setOf } from 'interleave';

export default defineSpec({ name: 'crossEq', params: { n: 2 } }, ({ n }) => {
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
        // @ts-expect-error Dev and Proc ids never compare equal: different scalarsets
        if (d === p) s.holder = null;
      },
    })
    .invariant('heldInside', (s) => s.holder === null || s.inside.has(s.holder));
});
