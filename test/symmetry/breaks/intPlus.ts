// Break: arithmetic on an id (`p + 1`) to store it in an int. tsc refuses it; at run time the
// conversion throws: error[SPEC_THROW].
// Bug: a holder that forgets leaves the lock held by a process outside (invariant heldInside).
import { defineSpec, int, model, option, scalarset, setOf } from 'interleave';

export default defineSpec({ name: 'intPlus', params: { n: 3 } }, ({ n }) => {
  const Proc = scalarset('Proc', n);
  return model({ holder: option(Proc), inside: setOf(Proc), last: int(0, 3) })
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
        // @ts-expect-error ids have no arithmetic
        s.last = p + 1;
        if (s.last === 1) s.holder = null;
      },
    })
    .invariant('heldInside', (s) => s.holder === null || s.inside.has(s.holder));
});
