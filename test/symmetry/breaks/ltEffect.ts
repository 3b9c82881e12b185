// Break: ordering ids with `>` in an effect: a leaving holder releases only when it is greater
// than some other id. tsc refuses it; at run time it throws:
// error[SPEC_THROW].
// Bug: a holder that forgets leaves the lock held by a process outside (invariant heldInside).
import { defineSpec, model, option, scalarset, setOf } from 'interleave';

export default defineSpec({ name: 'ltEffect', params: { n: 3 } }, ({ n }) => {
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
        const other = Proc.values.find((q) => q !== p)!;
        // @ts-expect-error ids have no order: `>` on two ids does not type-check
        s.holder = p > other ? null : s.holder;
      },
    })
    .invariant('heldInside', (s) => s.holder === null || s.inside.has(s.holder));
});
