// Break: a constant id in a guard: the last process (`Proc.values[n - 1]`) may step inside while
// another holds the lock (a priority bypass).
// Bug: two processes inside (invariant mutex). The reduction would not hide this one (the representative
// of "one process holds the lock" has Proc0 as holder, so the last process may bypass it), but the
// sampled symmetry test, which tries every transposition in the first states, stops the default run
// first with error[SYMMETRY]; --no-symmetry reports the violation.
import { defineSpec, model, option, scalarset, setOf } from 'interleave';

export default defineSpec({ name: 'constGuard', params: { n: 3 } }, ({ n }) => {
  const Proc = scalarset('Proc', n);
  const last = Proc.values[n - 1]!;
  return model({ holder: option(Proc), inside: setOf(Proc) })
    .action('bypass', { p: Proc }, {
      when: (s, { p }) => p === last && s.holder !== null && s.holder !== p && !s.inside.has(p),
      effect: (s, { p }) => void s.inside.add(p),
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
        s.holder = null;
      },
    })
    .invariant('mutex', (s) => s.inside.size <= 1);
});
