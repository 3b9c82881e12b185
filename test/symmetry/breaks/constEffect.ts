// Break: a constant id in an effect. The last process (`Proc.values[n - 1]`) forgets to release the
// lock when it leaves. Bug: invariant heldInside fails at depth 3 without symmetry; a reduction
// that trusts the declaration stores the orbit's representative, in which the lone holder is Proc0,
// so the last process never holds the lock in an explored state and --no-check-symmetry says "no violation".
import { defineSpec, model, option, scalarset, setOf } from 'interleave';

export default defineSpec({ name: 'constEffect', params: { n: 3 } }, ({ n }) => {
  const Proc = scalarset('Proc', n);
  const last = Proc.values[n - 1]!;
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
        if (p !== last) s.holder = null;
      },
    })
    .invariant('heldInside', (s) => s.holder === null || s.inside.has(s.holder));
});
