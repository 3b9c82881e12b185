// The spec of test/checker/undefined.test.ts, as a file for check(): per-process lookups whose result starts undefined.
import { defineSpec, int, mapOf, model, option, orUndefined, scalarset } from 'interleave';

const Proc = scalarset('Proc', 3);
export default defineSpec({ name: 'lookup' }, () =>
  model({ found: mapOf(Proc, orUndefined(option(int(0, 1)))), slot: int(0, 2) })
    .action('lookup', { p: Proc }, {
      when: (s, { p }) => s.found[p] === undefined,
      effect: (n, { p }) => void (n.found[p] = n.slot === 0 ? null : n.slot - 1),
    })
    .action('fill', { when: (s) => s.slot < 2, effect: (n) => void n.slot++ })
    .action('forget', { p: Proc }, {
      when: (s, { p }) => s.found[p] !== undefined && s.found[p] !== null,
      effect: (n, { p }) => void (n.found[p] = undefined),
    })
    .invariant('typed', (s) => Proc.values.every((p) => s.found[p] === undefined || s.found[p] === null || typeof s.found[p] === 'number'))
    .checkDeadlock(false),
);
