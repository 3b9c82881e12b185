// Break: ordering ids with `<` (in a guard). The holder releases the lock only when it is the least
// id ("the smallest id wins"). tsc refuses `p < q`; at run time the comparison throws a TypeError
// inside the effect: error[SPEC_THROW].
// Bug: a holder that forgets leaves the lock held by a process outside (invariant heldInside).
import { defineSpec, model, option, scalarset, setOf } from 'interleave';

export default defineSpec({ name: 'ltGuard', params: { n: 3 } }, ({ n }) => {
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
        // @ts-expect-error ids have no order: `<` on two ids does not type-check
        if (!Proc.values.some((q) => q < p)) s.holder = null;
      },
    })
    .invariant('heldInside', (s) => s.holder === null || s.inside.has(s.holder));
});
