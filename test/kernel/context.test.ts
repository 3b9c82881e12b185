// Execution contexts: a spinlock taken from task and interrupt context (lockdep's rule), sleeping in an interrupt
// handler or with preemption off, a per-CPU counter bumped through the current CPU. Exact counts and verdicts.
import { describe, expect, it } from 'vitest';
import { bfs } from '../../checker/bfs.ts';
import { compile } from '../../checker/compile.ts';
import type { CheckResult } from '../../checker/result.ts';
import { naiveSearch } from '../checker/naiveSearch.ts';
import {
  contextLevel,
  current,
  enumOf,
  int,
  irqFlagsType,
  irqsDisabled,
  localIrqEnable,
  localIrqSave,
  mightSleep,
  model,
  perCpuType,
  preemptCountType,
  preemptDisable,
  preemptEnable,
  smpProcessorId,
  spinCanLock,
  spinLock,
  spinlockType,
  spinUnlock,
  thisCpuAdd,
  type ModelBuilder,
} from '../../spec/index.ts';

const Cpu = enumOf('cpu0');
const Who = enumOf('task', 'irq');
const verdict = async (m: ModelBuilder<any, any, any>) => {
  const r: CheckResult = await bfs(compile(m.build()));
  if (r.result === 'error') throw r.error;
  if (r.result === 'incomplete') throw new Error('incomplete');
  const base = { result: r.result, distinct: r.distinctStates, generated: r.generatedStates, depth: r.depth };
  return r.result === 'violation'
    ? { ...base, kind: r.violation.kind, property: r.violation.property, length: r.violation.trace.length, message: r.violation.message }
    : base;
};

/** A task takes `lock` (with spin_lock, or spin_lock_irqsave), a timer interrupt on its CPU takes it too and counts its ticks per CPU. */
function irqLock(variant: 'spin_lock' | 'spin_lock_irqsave' | 'sleeping-handler', tickAnywhere = false) {
  const irqs = { timer: { handler: 'timer_interrupt', level: 'hardirq' } } as const;
  const me = (ctx: any, n: any, who: 'task' | 'irq') =>
    current(ctx, who, { lock: n.lock }, { cpu: 'cpu0', level: contextLevel(n.stack.task, irqs), irqsDisabled: irqsDisabled(n.irqs, 'cpu0') });
  return model({ lock: spinlockType(Who, { lockdep: true }), irqs: irqFlagsType(Cpu), ticks: perCpuType(Cpu, int(0, 3)) })
    .procedure('timer_interrupt', {}, {
      tick: {
        when: (s) => spinCanLock(s.lock),
        effect: (n, _a, ctx) => {
          if (variant === 'sleeping-handler') mightSleep(me(ctx, n, 'irq'), 'kmalloc(GFP_KERNEL)');
          spinLock(ctx, n.lock, 'irq', me(ctx, n, 'irq'));
          thisCpuAdd(n.ticks, me(ctx, n, 'irq'), 1);
        },
        next: 'tick_done',
      },
      tick_done: { effect: (n, _a, ctx) => spinUnlock(ctx, n.lock, 'irq'), next: 'return' },
    })
    .process('task', {
      take: {
        when: (s) => spinCanLock(s.lock),
        effect: (n, _a, ctx) => {
          if (variant === 'spin_lock_irqsave') localIrqSave(n.irqs, 'cpu0');
          spinLock(ctx, n.lock, 'task', me(ctx, n, 'task'));
        },
        next: 'release',
      },
      release: {
        effect: (n, _a, ctx) => {
          spinUnlock(ctx, n.lock, 'task');
          localIrqEnable(n.irqs, 'cpu0');
        },
        next: 'take',
      },
    }, { stack: 1, interrupts: { timer: { handler: 'timer_interrupt', level: 'hardirq', when: (s) => !irqsDisabled(s.irqs, 'cpu0') && s.ticks.cpu0 < 3 && (tickAnywhere || s.pc.task === 'take') } } });
}

/** irqLock('spin_lock_irqsave', true) written out: the task's two steps, the tick's frame, the usage bits. */
function naiveIrqsave() {
  type S = { pc: string; ret: string | null; owner: string | null; inIrq: boolean; irqsOn: boolean; irqsOff: boolean; ticks: number };
  return naiveSearch<S>({
    init: [{ pc: 'take', ret: null, owner: null, inIrq: false, irqsOn: false, irqsOff: false, ticks: 0 }],
    successors: (x) => {
      const out: S[] = [];
      if (x.pc === 'take' && x.owner === null) out.push({ ...x, irqsOff: true, owner: 'task', pc: 'release' }); // saved: interrupts off, no usage bit
      if (x.pc === 'release') out.push({ ...x, owner: null, irqsOff: false, pc: 'take' });
      if (x.pc === 'tick' && x.owner === null) out.push({ ...x, owner: 'irq', inIrq: true, ticks: x.ticks + 1, pc: 'tick_done' });
      if (x.pc === 'tick_done') out.push({ ...x, owner: null, pc: x.ret!, ret: null });
      if ((x.pc === 'take' || x.pc === 'release') && !x.irqsOff && x.ticks < 3) out.push({ ...x, ret: x.pc, pc: 'tick' });
      return out;
    },
    invariant: (x) => !(x.inIrq && x.irqsOn),
    deadlock: true,
    key: (x) => JSON.stringify(x),
  });
}

describe("lockdep's rule: a lock taken in interrupt context and with interrupts on in task context", () => {
  it('spin_lock in the task, the tick anywhere: the tick spins on the lock its task holds, a deadlock in 3 states', async () => {
    expect(await verdict(irqLock('spin_lock', true))).toMatchObject({ result: 'violation', kind: 'deadlock', length: 3 });
  });
  it('spin_lock in the task, the tick only outside the critical section: no deadlock, lockdep reports it all the same', async () => {
    expect(await verdict(irqLock('spin_lock'))).toEqual({
      result: 'violation',
      kind: 'action',
      property: 'inconsistent-lock-state',
      // take (interrupts on), release, the tick, its spin_lock: the second usage bit
      message: 'spin_lock by irq in hardirq, of a lock taken in task context with interrupts enabled',
      distinct: 7,
      generated: 9,
      depth: 4,
      length: 5,
    });
  });
  it('spin_lock_irqsave in the task, the tick anywhere: no report, and the tick never spins on the lock; as the naive search', async () => {
    const expected = naiveIrqsave();
    expect(expected).toEqual({ result: 'ok', distinct: 14, generated: 18, depth: 11 });
    expect(await verdict(irqLock('spin_lock_irqsave', true))).toEqual(expected);
  });
  it('a handler that may sleep: sleep-in-atomic, naming the context', async () => {
    const r = await verdict(irqLock('sleeping-handler'));
    expect([r.result, 'property' in r && r.property, 'message' in r && r.message]).toEqual([
      'violation',
      'sleep-in-atomic',
      'kmalloc(GFP_KERNEL) may sleep, called by irq in atomic context (in hardirq)',
    ]);
  });
});

describe('preemption and per-CPU variables', () => {
  /** A task reads its CPU id and bumps a per-CPU counter, inside preempt_disable() or not. */
  const counter = (disable: boolean) =>
    model({ preempt: preemptCountType(Who), hits: perCpuType(Cpu, int(0, 1)) })
      .process('task', {
        inc: {
          effect: (n, _a, ctx) => {
            if (disable) preemptDisable(n.preempt, 'task');
            const me = current(ctx, 'task', {}, { cpu: 'cpu0', preemptCount: n.preempt.task });
            n.hits[smpProcessorId(me)]!++;
            if (disable) preemptEnable(ctx, n.preempt, 'task');
          },
          next: 'done',
        },
      })
      .checkDeadlock(false);
  it('smp_processor_id() in preemptible code is reported; inside preempt_disable() it is not', async () => {
    expect(await verdict(counter(false))).toMatchObject({ result: 'violation', property: 'smp-processor-id-preemptible', message: 'smp_processor_id() by task in preemptible code' });
    expect(await verdict(counter(true))).toEqual({ result: 'ok', distinct: 2, generated: 2, depth: 2 });
  });
  it('preempt_enable without preempt_disable is an unbalanced call; sleeping with preemption off is sleep-in-atomic', async () => {
    const m = model({ preempt: preemptCountType(Who) })
      .process('task', {
        a: { effect: (n, _a, ctx) => preemptEnable(ctx, n.preempt, 'task'), next: 'done' },
      })
      .checkDeadlock(false);
    expect(await verdict(m)).toMatchObject({ property: 'unbalanced-call' });
    const sleeper = model({ preempt: preemptCountType(Who) })
      .process('task', {
        a: {
          effect: (n, _a, ctx) => {
            preemptDisable(n.preempt, 'task');
            mightSleep(current(ctx, 'task', {}, { preemptCount: n.preempt.task }), 'mutex_lock');
          },
          next: 'done',
        },
      })
      .checkDeadlock(false);
    expect(await verdict(sleeper)).toMatchObject({ property: 'sleep-in-atomic', message: 'mutex_lock may sleep, called by task in atomic context (preempt_count 1)' });
  });
});
