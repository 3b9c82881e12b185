// Interrupts: a handler may run between any two steps of its process where its `when` holds, nesting only in a
// lower context (task < softirq < hardirq < NMI); steps that call a procedure chosen in their effect (ctx.call) and
// tail calls. Counted against the naive search; the types of the declarations; a handler that would re-enter
// itself cannot, and a stack too small for the nesting is an error with the trace.
import { describe, expect, expectTypeOf, it } from 'vitest';
import { bfs } from '../../checker/bfs.ts';
import { compile } from '../../checker/compile.ts';
import type { CheckResult } from '../../checker/result.ts';
import { bool, int, model, type Id, type ModelBuilder } from '../../spec/index.ts';
import { scalarset } from '../../spec/types.ts';
import { naiveSearch, type Verdict } from './naiveSearch.ts';

const verdict = async (m: ModelBuilder<any, any, any>): Promise<Verdict & { message?: string }> => {
  const r: CheckResult = await bfs(compile(m.build()));
  if (r.result === 'error') return { result: 'error', distinct: 0, generated: 0, depth: 0, message: r.error.message };
  if (r.result === 'incomplete') throw new Error('incomplete');
  const base = { result: r.result, distinct: r.distinctStates, generated: r.generatedStates, depth: r.depth };
  return r.result === 'violation' ? { ...base, kind: r.violation.kind, length: r.violation.trace.length } : base;
};

/**
 * A task disables interrupts (a), re-enables them and maybe calls `sub` (b), then ends (c). `sub` tail-calls `sub2`.
 * A timer tick (hardirq) fires while interrupts are on; an NMI fires at any step, even in the tick's handler.
 */
function irqModel(stack = 3) {
  return model({ count: int(0, 2), nmis: int(0, 1), irqsOn: bool })
    .init((s) => void (s.irqsOn = true))
    .procedure('tick', {}, { h1: { effect: (n) => void (n.count = (n.count + 1) % 3), next: 'return' } })
    .procedure('nmi_handler', {}, { n1: { effect: (n) => void (n.nmis = 1 - n.nmis), next: 'return' } })
    .procedure('sub2', {}, { s2: { effect: (n) => void (n.count = 0), next: 'return' } })
    .procedure('sub', {}, { s1: { call: 'sub2', next: 'return' } })
    .process('task', {
      a: { effect: (n) => void (n.irqsOn = false), next: 'b' },
      b: {
        calls: ['sub'],
        effect: (n, _args, ctx) => {
          n.irqsOn = true;
          if (ctx.choose([true, false])) ctx.call('sub');
        },
        next: 'c',
      },
      c: { next: 'done' },
    }, {
      stack,
      interrupts: {
        timer: { handler: 'tick', level: 'hardirq', when: (s) => s.irqsOn },
        nmi: { handler: 'nmi_handler', level: 'nmi' },
      },
    })
    .checkDeadlock(false);
}

/** The same semantics written out: a stack of { proc, ret } frames, levels hardirq 1 and NMI 2. */
function naiveIrq(): Verdict {
  type F = { proc: string; ret: string };
  type S = { pc: string; st: F[]; count: number; nmis: number; irqsOn: boolean };
  const level: Record<string, number> = { tick: 1, nmi_handler: 2 };
  const pop = (y: S) => void (y.pc = y.st.pop()!.ret);
  return naiveSearch<S>({
    init: [{ pc: 'a', st: [], count: 0, nmis: 0, irqsOn: true }],
    successors: (x) => {
      const out: S[] = [];
      const y = () => structuredClone(x);
      const at = x.pc;
      if (at === 'a') out.push({ ...y(), irqsOn: false, pc: 'b' });
      if (at === 'b') {
        const called = y();
        called.irqsOn = true;
        called.st.push({ proc: 'sub', ret: 'c' });
        called.pc = 's1';
        out.push(called, { ...y(), irqsOn: true, pc: 'c' });
      }
      if (at === 'c') out.push({ ...y(), pc: 'done' });
      if (at === 'h1') out.push(((z) => (pop(z), (z.count = (x.count + 1) % 3), z))(y()));
      if (at === 'n1') out.push(((z) => (pop(z), (z.nmis = 1 - x.nmis), z))(y()));
      if (at === 's2') out.push(((z) => (pop(z), (z.count = 0), z))(y()));
      if (at === 's1') out.push(((z) => ((z.st[z.st.length - 1]!.proc = 'sub2'), (z.pc = 's2'), z))(y()));
      const maxLevel = Math.max(0, ...x.st.map((f) => level[f.proc] ?? 0));
      if (at !== 'done' && x.irqsOn && maxLevel < 1) out.push(((z) => (z.st.push({ proc: 'tick', ret: at }), (z.pc = 'h1'), z))(y()));
      if (at !== 'done' && maxLevel < 2) out.push(((z) => (z.st.push({ proc: 'nmi_handler', ret: at }), (z.pc = 'n1'), z))(y()));
      return out;
    },
    invariant: () => true,
    deadlock: false,
    key: (x) => JSON.stringify(x),
  });
}

describe('interrupts against the naive search', () => {
  it('a tick and an NMI between any two steps, a call chosen in the effect and a tail call: the same counts', async () => {
    const expected = naiveIrq();
    expect(expected).toEqual({ result: 'ok', distinct: 114, generated: 193, depth: 12 });
    expect(await verdict(irqModel())).toEqual(expected);
  });
  it('nesting is bounded by the levels: a stack of two frames is too small for sub, the tick and the NMI, an error with the stack', async () => {
    const r = await verdict(irqModel(2));
    expect(r.result).toBe('error');
    expect(r.message).toContain('interrupt nmi at h1 with every frame in use');
  });
});

describe('an interrupt whose handler re-enables it at once cannot re-enter itself', () => {
  // fpsimd's mistake: `when` still holds at the handler's first label (it disables interrupts only there)
  const reentrant = (level: 'softirq' | 'hardirq' | 'nmi') =>
    model({ on: bool, n: int(0, 1) })
      .init((s) => void (s.on = true))
      .procedure('handler', {}, {
        first: { effect: (n) => void (n.on = false), next: 'second' },
        second: { effect: (n) => void ((n.on = true), (n.n = 1 - n.n)), next: 'return' },
      })
      .process('task', { loop: { next: 'loop' } }, { stack: 1, interrupts: { irq: { handler: 'handler', level, when: (s) => s.on } } });
  // loop (+irq) -> first -> second -> loop with n flipped (+irq) -> first -> second: 6 states, 2 + 1 + 1 + 2 + 1 + 1
  // successors and the initial state; without the rule the irq would fire again at `first`, a frame each time
  it('at every level: the handler runs to its end before the next interrupt, 6 states, 9 generated', async () => {
    for (const level of ['softirq', 'hardirq', 'nmi'] as const) {
      expect(await verdict(reentrant(level))).toEqual({ result: 'ok', distinct: 6, generated: 9, depth: 6 });
    }
  });
});

describe('the types of interrupts and calls follow the declarations', () => {
  it('self in when, handler and calls among the procedures', () => {
    const Cpu = scalarset('Cpu', 2);
    model({ on: bool })
      .procedure('h', { over: Cpu }, { x: { next: 'return' } })
      .procedure('p', { over: Cpu }, { y: { next: 'return' } })
      .process('t', Cpu, { a: { calls: ['p'], effect: (_n, _a, ctx) => ctx.call('p'), next: 'a' } }, {
        stack: 2,
        interrupts: {
          irq: {
            handler: 'h',
            when: (s, { self }) => {
              expectTypeOf(self).toEqualTypeOf<Id<'Cpu'>>();
              expectTypeOf(s.on).toEqualTypeOf<boolean>();
              return s.on;
            },
          },
        },
      });
    // types only, never built
    const _refused = () => {
      const m = model({ on: bool }).procedure('h', {}, { x: { next: 'return' } });
      // @ts-expect-error no procedure is named 'nope'
      m.process('t', { a: { next: 'a' } }, { stack: 1, interrupts: { bad: { handler: 'nope' } } });
      // @ts-expect-error levels are softirq, hardirq and nmi
      m.process('t', { a: { next: 'a' } }, { stack: 1, interrupts: { worse: { handler: 'h', level: 'task' } } });
      // @ts-expect-error 'q' is no procedure
      m.process('t', { a: { calls: ['q'], next: 'a' } }, { stack: 1 });
    };
    const m = model({ on: bool }).procedure('h', {}, { x: { next: 'return' } });
    expect(() => m.process('t', { a: { next: 'a' } }, { stack: 1, interrupts: { irq: { handler: 'h', level: 'task' as 'nmi' } } })).toThrow(
      "process 't': interrupt 'irq': level must be one of softirq, hardirq, nmi, not 'task'",
    );
  });
});
