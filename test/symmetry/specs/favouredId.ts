// Specs that declare a scalarset and then treat one id specially, which a symmetry reduction must
// not accept silently; one flaw per variant (`symmetric` has none):
// - `guard`: only Proc0 may take the lock when others are waiting;
// - `effect`: releasing hands the lock to Proc0 whoever held it;
// - `invariant`: a property that only looks at Proc0 (it fails, but only a check finds that by symmetry).
import { defineSpec, model, option, scalarset, setOf } from 'interleave';

export default defineSpec({ name: 'favouredId', params: { n: 3 }, variants: ['guard', 'effect', 'invariant', 'symmetric'] }, ({ n, variant }) => {
  const Proc = scalarset('Proc', n);
  const proc0 = Proc.values[0]!; // a constant id: the flaw, which no type can refuse
  const m = model({ holder: option(Proc), waiting: setOf(Proc) })
    .action('request', { p: Proc }, {
      when: (s, { p }) => s.holder !== p && !s.waiting.has(p),
      effect: (s, { p }) => s.waiting.add(p),
    })
    .action('take', { p: Proc }, {
      when: (s, { p }) => s.holder === null && s.waiting.has(p) && (variant !== 'guard' || s.waiting.size === 1 || p === proc0),
      effect: (s, { p }) => {
        s.waiting.delete(p);
        s.holder = p;
      },
    })
    .action('release', { p: Proc }, {
      when: (s, { p }) => s.holder === p,
      effect: (s) => void (s.holder = variant === 'effect' && s.waiting.has(proc0) ? proc0 : null),
    });
  return variant === 'invariant' ? m.invariant('proc0NeverAlone', (s) => !(s.holder === proc0 && s.waiting.size === 0)) : m;
});
