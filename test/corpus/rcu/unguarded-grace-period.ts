// synchronize_rcu's wait step without its guard: the updater would leave the grace period while a reader is inside.
import { current, defineSpec, enumOf, model, rcu } from 'interleave';

const Task = enumOf('reader', 'updater');
const R = rcu(Task);

export default defineSpec({ name: 'unguarded-grace-period' }, () =>
  model({ rcu: R.type })
    .process('reader', {
      lock: { effect: (n) => R.readLock(n.rcu, 'reader'), next: 'unlock' },
      unlock: { effect: (n, _a, ctx) => R.readUnlock(ctx, n.rcu, 'reader'), next: 'done' },
    })
    .process('updater', {
      sync: { effect: (n, _a, ctx) => R.synchronize(current(ctx, 'updater' as const), n.rcu), next: 'wait' },
      wait: { effect: (n) => R.synchronizeWait(n.rcu, 'updater'), next: 'done' },
    }),
);
