// A mailbox as a tagged union; `wrong` sends a request without its value, `setInUnion` declares a variant holding a set.
import { defineSpec, model, scalarset, setOf, union } from 'interleave';

export default defineSpec({ name: 'mailbox', params: { wrong: false, setInUnion: false } }, ({ wrong, setInUnion }) => {
  const Cpu = scalarset('Cpu', 2);
  const box = setInUnion ? union({ none: null, many: setOf(Cpu) }) : union({ none: null, msg: Cpu });
  return model({ box }).action('send', { from: Cpu }, {
    when: (s) => s.box.tag === 'none',
    effect: (n, { from }) => void (n.box = (wrong ? { tag: 'msg' } : { tag: 'msg', value: from }) as never),
  });
});
