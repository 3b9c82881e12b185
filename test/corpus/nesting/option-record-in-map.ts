// An optional record inside a map: once aborted every run with `internal: not a composite`.
import { bool, defineSpec, int, mapOf, model, option, record } from 'interleave';

export default defineSpec({ name: 'option-record-in-map' }, () =>
  model({ m: mapOf(int(0, 1), option(record({ a: bool }))) })
    .action('fill', { when: (s) => s.m[0] === null, effect: (n) => void (n.m[0] = { a: false }) })
    .action('flip', { when: (s) => s.m[0] !== null, effect: (n) => void (n.m[0]!.a = !n.m[0]!.a) })
    .action('clear', { when: (s) => s.m[0] !== null && s.m[0].a, effect: (n) => void (n.m[0] = null) }),
);
