// Ids in slots that hold no value: the elements of a sequence past its length and the payload of a
// null option hold 0, which must not be renamed as if it were id P0. 21 states, 11 orbits (Burnside:
// the swap of P0 and P1 fixes only the state with an empty queue and no record).
import { defineSpec, model, scalarset, seq, option, record, bool } from 'interleave';
export default defineSpec({ name: 'unusedSlots', params: {} }, () => {
  const P = scalarset('P', 2);
  return model({ q: seq(P, 2), o: option(record({ who: P, b: bool })) })
    .action('push', { p: P }, { when: (s) => s.q.length < 2, effect: (n, { p }) => void n.q.push(p) })
    .action('set', { p: P }, { when: (s) => s.o === null, effect: (n, { p }) => void (n.o = { who: p, b: false }) })
    .action('clear', { when: (s) => s.o !== null, effect: (n) => void (n.o = null) })
    .checkDeadlock(false);
});
