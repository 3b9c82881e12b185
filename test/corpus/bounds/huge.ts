// A scalarset whose size is a parameter.
import { bool, defineSpec, mapOf, model, scalarset } from 'interleave';

export default defineSpec({ name: 'huge', params: { procs: 2 } }, ({ procs }) => {
  const Proc = scalarset('Proc', procs);
  return model({ flag: mapOf(Proc, bool) }).action('set', { p: Proc }, { effect: (s, { p }) => void (s.flag[p] = true) });
});
