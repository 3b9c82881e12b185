// Preemption: the scheduler runs between any two steps of a task where `when` holds, in task context, never
// inside itself or an interrupt handler. Two tasks on one CPU increment a counter in two steps (load, store):
// preemption between them loses an update unless preempt_disable() covers the pair. Counted against the naive
// search of the same semantics written out; the types of the declaration.
import { describe, expect, expectTypeOf, it } from 'vitest';
import { bfs } from '../../checker/bfs.ts';
import { compile } from '../../checker/compile.ts';
import type { CheckResult } from '../../checker/result.ts';
import { int, model, type ModelBuilder } from '../../spec/index.ts';
import { counter, other, Task } from './fixtures/preemptCounter.ts';
import { contextLevel } from '../../spec/kernel/context.ts';
import { naiveSearch, type Verdict } from './naiveSearch.ts';

const verdict = async (m: ModelBuilder<any, any, any>): Promise<Verdict & { property?: string; message?: string }> => {
  const r: CheckResult = await bfs(compile(m.build()));
  if (r.result === 'error') return { result: 'error', distinct: 0, generated: 0, depth: 0, message: r.error.message };
  if (r.result === 'incomplete') throw new Error('incomplete');
  const base = { result: r.result, distinct: r.distinctStates, generated: r.generatedStates, depth: r.depth };
  return r.result === 'violation' ? { ...base, kind: r.violation.kind, length: r.violation.trace.length, property: r.violation.property } : base;
};

/** The same, written out: a task's pc, its stack of return labels (schedule's frames) and the shared variables. */
function naiveCounter(guarded: boolean): Verdict {
  type S = { curr: number; cnt: number; tmp: number[]; pre: number[]; pc: string[]; st: string[][] };
  return naiveSearch<S>({
    init: [{ curr: 0, cnt: 0, tmp: [0, 0], pre: [0, 0], pc: ['a', 'a'], st: [[], []] }],
    successors: (x) => {
      const out: S[] = [];
      for (const t of [0, 1]) {
        const at = x.pc[t]!;
        const go = (f: (y: S) => void, pc: string) => {
          const y = structuredClone(x);
          f(y);
          y.pc[t] = pc;
          out.push(y);
        };
        const running = x.curr === t;
        // the task's own steps, then schedule's, then preemption (the engine's order: steps, procedure steps, interrupts)
        if (running && at === 'a') go((y) => void (guarded && y.pre[t]!++), 'ld');
        if (running && at === 'ld') go((y) => void (y.tmp[t] = y.cnt), 'st');
        if (running && at === 'st') go((y) => void (y.cnt = y.tmp[t]! + 1), 'b');
        if (running && at === 'b') go((y) => void (guarded && y.pre[t]!--), 'exit');
        if (running && at === 'exit') go((y) => void (y.curr = other(t)), 'done');
        if (at === 'sw1') go((y) => void (y.curr = other(t)), 'sw2');
        if (running && at === 'sw2') go((y) => void y.st[t]!.pop(), x.st[t]!.at(-1)!);
        if (at !== 'done' && x.st[t]!.length === 0 && running && x.pre[t] === 0) go((y) => void y.st[t]!.push(at), 'sw1');
      }
      return out;
    },
    invariant: (x) => !(x.pc[0] === 'done' && x.pc[1] === 'done') || x.cnt === 2,
    deadlock: false,
    key: (x) => JSON.stringify(x),
  });
}

describe('preemption against the naive search', () => {
  // a violation, not an error: were the scheduler preempted at sw1 or sw2, its one-frame stack would overflow
  it('unguarded: a preemption between load and store loses an update, in the naive search\'s shortest trace', async () => {
    const expected = naiveCounter(false);
    expect(expected).toMatchObject({ result: 'violation', kind: 'invariant', length: 14 });
    expect(await verdict(counter(false))).toEqual({ ...expected, property: 'noLostUpdate' });
  });
  it('with preempt_disable() around the pair: no lost update, the same counts', async () => {
    const expected = naiveCounter(true);
    expect(expected).toEqual({ result: 'ok', distinct: 83, generated: 92, depth: 19 });
    expect(await verdict(counter(true))).toEqual(expected);
  });
  it('contextLevel is task inside the scheduler', () => {
    const irqs = { preempt: { handler: 'schedule', level: 'task' as const }, timer: { handler: 'tick' } };
    expect(contextLevel({ depth: 1, frames: [{ proc: 'schedule' }] }, irqs)).toBe('task');
    expect(contextLevel({ depth: 2, frames: [{ proc: 'schedule' }, { proc: 'tick' }] }, irqs)).toBe('hardirq');
  });
});

describe('preempt declarations', () => {
  it('types: handler among the procedures, when gets self', () => {
    model({ x: int(0, 1) })
      .procedure('schedule', { over: Task }, { s: { next: 'return' } })
      .process('t', Task, { a: { next: 'a' } }, {
        stack: 1,
        preempt: {
          handler: 'schedule',
          when: (_s, args) => {
            expectTypeOf(args.self).toEqualTypeOf<number>();
            return true;
          },
        },
      });
    model({ x: int(0, 1) })
      .procedure('schedule', { over: Task }, { s: { next: 'return' } })
      // @ts-expect-error no such procedure
      .process('t', Task, { a: { next: 'a' } }, { stack: 1, preempt: { handler: 'nope' } });
  });
  it('needs a call stack', () => {
    expect(() =>
      model({ x: int(0, 1) })
        .procedure('schedule', {}, { s: { next: 'return' } })
        .process('t', { a: { next: 'a' } }, { preempt: { handler: 'schedule' } } as never),
    ).toThrow("process 't': preempt runs its handler on the call stack, but the process has none (give it one: { stack: frames })");
  });
  it('the scheduler may also be called by a step (a sleeping schedule()), unlike an interrupt handler', async () => {
    const m = model({ n: int(0, 1) })
      .procedure('schedule', {}, { s: { effect: (n) => void (n.n = 1 - n.n), next: 'return' } })
      .process('t', { a: { call: 'schedule', next: 'b' }, b: { next: 'done' } }, { stack: 1, preempt: { handler: 'schedule' } })
      .checkDeadlock(false);
    // (pc, return label, n): a0 -> s(b)0, s(a)0 [call, preempt]; s(b)0 -> b1; s(a)0 -> a1; b1 -> done1, s(b)1;
    // a1 -> s(b)1, s(a)1; s(b)1 -> b0; s(a)1 -> a0; b0 -> done0, s(b)0: 10 states, 13 generated, depth 6
    expect(await verdict(m)).toEqual({ result: 'ok', distinct: 10, generated: 13, depth: 6 });
  });
});
