// Three flawed locks over a scalarset of processes, one per variant:
// - `racy`: test, then set, in two steps: two processes can both see the lock free (invariant mutex);
// - `handoff`: releasing hands the lock straight to a waiting process, which the action property
//   noHandoff forbids (`checked`: the same rule as a check inside the release effect);
// - `stuck`: a process that finds the lock taken waits for good: a deadlock once the holder is done.
import { defineSpec, idName, model, option, scalarset, setOf } from 'interleave';

export default defineSpec({ name: 'racyLock', params: { n: 3 }, variants: ['racy', 'handoff', 'checked', 'stuck'] }, ({ n, variant }) => {
  const Proc = scalarset('Proc', n);
  const base = model({ holder: option(Proc), waiting: setOf(Proc), seenFree: setOf(Proc) });
  if (variant === 'racy') {
    return base
      .process('proc', Proc, {
        look: { effect: (s, { self }, { prev }) => void (prev.holder === null ? s.seenFree.add(self) : s.seenFree.delete(self)), next: (s, { self }) => (s.seenFree.has(self) ? 'take' : 'look') },
        take: { effect: (s, { self }) => void (s.holder = self), next: 'cs' },
        cs: { effect: (s) => void (s.holder = null), next: 'look' },
      })
      .invariant('mutex', (s) => Proc.values.filter((i) => s.pc.proc[i] === 'cs').length <= 1);
  }
  if (variant === 'stuck') {
    return base.process('proc', Proc, {
      acquire: { effect: (s, { self }, { prev }) => void (prev.holder === null && (s.holder = self)), next: (s, { self }) => (s.holder === self ? 'cs' : 'stuck') },
      stuck: { when: () => false, next: 'acquire' },
      cs: { effect: (s) => void (s.holder = null), next: 'done' },
    });
  }
  const m = base.process('proc', Proc, {
    acquire: {
      effect: (s, { self }, { prev }) => void (prev.holder === null ? (s.holder = self) : s.waiting.add(self)),
      next: (s, { self }) => (s.holder === self ? 'cs' : 'wait'),
    },
    wait: { when: (s, { self }) => s.holder === self, next: 'cs' },
    cs: {
      effect: (s, _args, ctx) => {
        const waiting = [...ctx.prev.waiting];
        if (waiting.length === 0) {
          s.holder = null;
          return;
        }
        const next = ctx.choose(waiting);
        s.waiting.delete(next);
        s.holder = next;
        if (variant === 'checked') ctx.check('noHandoff', false, `the lock went straight to ${idName(next)}`);
      },
      next: 'acquire',
    },
  });
  return variant === 'handoff' ? m.actionInvariant('noHandoff', (prev, next) => prev.holder === null || next.holder === null || prev.holder === next.holder) : m;
});
