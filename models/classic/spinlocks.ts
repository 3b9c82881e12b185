// Two spinlocks and who gets the lock: a test-and-set spinlock (the kernel's spinlock primitive from
// spec/kernel: `spin_lock` runs when the lock is free) and a ticket spinlock (x86's FIFO ticket lock:
// take a ticket, wait until `owner` serves it, release by serving the next ticket).
// Each CPU loops: idle -> trying -> holding -> idle, as a weakly fair process (`fairness=strong`
// makes the CPUs strongly fair).
// - test-and-set, weak fairness: a CPU can starve. The other CPU takes the lock whenever it is free,
//   so the starving CPU's `spin_lock` is enabled only now and then, never continuously, and weak
//   fairness does not force it: `everyCpuGetsLock` fails with a lasso, `someCpuGetsLock` holds.
// - test-and-set, strong fairness: enabled infinitely often forces it: both hold.
// - ticket: FIFO order, so weak fairness is enough: both hold.
import { defineSpec, int, mapOf, model, scalarset, spinCanLock, spinLock, spinlockType, spinUnlock, type Id, type ModelBuilder, type PcView, type Scalarset, type Schema } from 'interleave';

type Label = 'idle' | 'trying' | 'holding';

export default defineSpec(
  { name: 'spinlocks', params: { cpus: 2, fairness: 'weak' }, variants: ['test-and-set', 'ticket'] },
  ({ cpus, fairness, variant }) => {
    if (fairness !== 'weak' && fairness !== 'strong') throw new RangeError(`spinlocks: fairness is weak or strong, not ${fairness}`);
    const Cpu = scalarset('Cpu', cpus);
    const Ticket = int(0, cpus - 1); // at most `cpus` tickets are out at once: counting modulo cpus keeps FIFO order
    const fair = { fair: fairness } as const;
    if (variant === 'test-and-set') {
      const tas = model({ lock: spinlockType(Cpu) }).process(
        'cpu',
        Cpu,
        {
          idle: { next: 'trying' },
          // spin_lock: the step runs once the lock is free (spinning changes nothing)
          trying: { when: (s) => spinCanLock(s.lock), effect: (n, { self }, ctx) => spinLock(ctx, n.lock, self), next: 'holding' },
          holding: { effect: (n, { self }, ctx) => spinUnlock(ctx, n.lock, self), next: 'idle' },
        },
        fair,
      );
      return withLockProperties(tas, Cpu);
    }
    const ticket = model({ next: Ticket, owner: Ticket, ticket: mapOf(Cpu, Ticket) }).process(
      'cpu',
      Cpu,
      {
        idle: {
          effect: (n, { self }, { prev }) => {
            n.ticket[self] = prev.next;
            n.next = (prev.next + 1) % cpus;
          },
          next: 'trying',
        },
        trying: { when: (s, { self }) => s.owner === s.ticket[self], next: 'holding' },
        holding: { effect: (n, _args, { prev }) => void (n.owner = (prev.owner + 1) % cpus), next: 'idle' },
      },
      fair,
    );
    return withLockProperties(ticket, Cpu);
  },
);

const at = (s: { readonly pc: PcView }, c: Id<'Cpu'>, label: Label) => s.pc['cpu'][c] === label;

/** Mutual exclusion, and the two progress properties, for CPUs `Cpu`. */
function withLockProperties<S extends Schema>(b: ModelBuilder<S>, Cpu: Scalarset<'Cpu'>): ModelBuilder<S> {
  return b
    .invariant('mutualExclusion', (s) => Cpu.values.filter((c) => at(s, c, 'holding')).length <= 1)
    .leadsTo(
      'someCpuGetsLock',
      (s) => Cpu.values.some((c) => at(s, c, 'trying')),
      (s) => Cpu.values.some((c) => at(s, c, 'holding')),
    )
    .leadsTo(
      'everyCpuGetsLock',
      { cpu: Cpu },
      (s, { cpu }) => at(s, cpu, 'trying'),
      (s, { cpu }) => at(s, cpu, 'holding'),
    );
}
