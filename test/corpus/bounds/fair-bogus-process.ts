// A process whose fairness is a string outside 'weak' | 'strong'.
import { bool, defineSpec, model } from 'interleave';

const fairness: string = 'sometimes';

export default defineSpec({ name: 'fair-bogus-process', params: {} }, () =>
  model({ b: bool })
    .process('p', { a: { effect: (n) => void (n.b = true), next: 'a' } }, { fair: fairness as 'weak' })
    .eventually('set', (s) => s.b),
);
