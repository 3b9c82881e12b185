// Break: a constant id in a property: the invariant only looks at the last process. The lock itself
// is right (heldInside holds), but lastNeverHolds fails once the last process takes the lock.
// With the reduction the lone holder is Proc0 in every representative, so only the sampled symmetry test
// (error[SYMMETRY]) or --no-symmetry can see it.
import { defineSpec, model, option, scalarset, setOf } from 'interleave';

export default defineSpec({ name: 'constInvariant', params: { n: 3 } }, ({ n }) => {
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
        s.holder = null;
      },
    })
    .invariant('heldInside', (s) => s.holder === null || s.inside.has(s.holder))
    .invariant('lastNeverHolds', (s) => s.holder !== last);
});
