// A constraint that singles out one id: the search would keep a state and drop its image under a renaming.
import { defineSpec, model, option, scalarset } from 'interleave';

export default defineSpec({ name: 'asymmetric-constraint' }, () => {
  const Proc = scalarset('Proc', 2);
  return model({ owner: option(Proc) })
    .action('take', { p: Proc }, { when: (s) => s.owner === null, effect: (n, { p }) => void (n.owner = p) })
    .action('release', { when: (s) => s.owner !== null, effect: (n) => void (n.owner = null) })
    .constraint('notTheFirst', (s) => s.owner !== Proc.values[0]);
});
