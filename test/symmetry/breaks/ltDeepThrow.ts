// Break: a plain `p > q` (here `q < p`) that is evaluated only deep in the search: the lock opens
// when `tick` has climbed to 200 (the issue's example of a break that `--check-symmetry`'s prefix
// never reaches). tsc refuses it; at run time the comparison throws on the first `leave`, at depth 202
// whatever the sample: error[SPEC_THROW]. Same state space as constDeep.ts.
import { array, bool, defineSpec, int, model, option, scalarset, setOf } from 'interleave';

export default defineSpec({ name: 'ltDeepThrow', params: { n: 3, climb: 200 } }, ({ n, climb }) => {
  const Proc = scalarset('Proc', n);
  return model({ holder: option(Proc), inside: setOf(Proc), tick: int(0, climb), noise: array(bool, 12) })
    .action('climb', { when: (s) => s.tick < climb, effect: (s) => void s.tick++ })
    .action('flip', { i: int(0, 11) }, {
      when: (s, { i }) => s.tick === climb || i < 5,
      effect: (s, { i }) => void (s.noise[i] = !s.noise[i]),
    })
    .action('enter', { p: Proc }, {
      when: (s) => s.tick === climb && s.holder === null,
      effect: (s, { p }) => {
        s.holder = p;
        s.inside.add(p);
      },
    })
    .action('leave', { p: Proc }, {
      when: (s, { p }) => s.inside.has(p),
      effect: (s, { p }) => {
        s.inside.delete(p);
        // @ts-expect-error ids have no order
        if (!Proc.values.some((q) => q < p)) s.holder = null;
      },
    })
    .invariant('heldInside', (s) => s.holder === null || s.inside.has(s.holder));
});
