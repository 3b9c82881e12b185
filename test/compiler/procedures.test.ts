// Compiled vs interpreted on processes with a call stack (checker/compiler/frames.ts): calls with args and with
// ctx.call, return labels, tail calls, recursion, ctx.goto (to 'return' too), interrupts at three levels and
// preemption, each searched with the compiler's code and through the views only. The two runs agree exactly
// (verdict, counts, depth, the violation and its trace, the error's code, message, location and context), and
// every action of the spec compiles, so the agreement is not won by falling back to the views. The errors (a
// full stack, locals that do not fit, an unknown label) are found by compiled code bailing to the views.
import { describe, expect, it } from 'vitest';
import { bfs } from '../../checker/bfs.ts';
import { compile } from '../../checker/compile.ts';
import { codeFor, compileStats, interpretOnly } from '../../checker/compiler/index.ts';
import { bool, int, mapOf, model, type ModelBuilder } from '../../spec/index.ts';
import { counter } from '../checker/fixtures/preemptCounter.ts';
import { outcome } from './outcome.ts';

/** Both ways; the compiled run's report (actions compiled / all) and how many times its code bailed. */
async function both(m: ModelBuilder<any, any, any>): Promise<{ compiled: any; views: any; ratio: string; bails: number }> {
  const compiled = compile(m.build());
  const views = compile(m.build());
  interpretOnly(views);
  const { report } = codeFor(compiled);
  const before = compileStats.bails;
  const a = outcome(await bfs(compiled));
  const bails = compileStats.bails - before;
  const b = outcome(await bfs(views));
  return { compiled: a, views: b, ratio: `${report.actions.filter((x) => x.compiled).length}/${report.actions.length}`, bails };
}

const P = int(0, 1);
type Fault = 'none' | 'badLocals' | 'badGoto' | 'processReturn' | 'bothDeep';

/**
 * Two cpus. `a` calls dec(1) on one branch and put(self) returning to `c` on the other; `b` calls down(x % 3),
 * which recurses down to 0 (one frame per level) and returns through every frame; put tail-calls dec with its
 * argument; dec leaves early with ctx.goto('return') when it reaches 0; `c` ends with ctx.goto('done').
 */
function calls(stack: number, fault: Fault = 'none') {
  return model({ x: int(0, 3), log: mapOf(P, int(0, 2)), seen: bool })
    .procedure('dec', { over: P, locals: { m: int(0, 2) } }, {
      d1: {
        effect: (n, { locals }, ctx) => {
          n.x = Math.max(0, n.x - locals.m);
          if (n.x === 0) ctx.goto('return');
        },
        next: 'd2',
      },
      d2: { when: (_s, { locals }) => locals.m < 3, effect: (n) => void (n.seen = !n.seen), next: 'return' },
    })
    .procedure('down', { over: P, locals: { k: int(0, 2) } }, {
      w1: {
        effect: (n, { self, locals }, ctx) => {
          n.log[self] = locals.k;
          if (locals.k > 0) (ctx as any).call('down', { k: locals.k - 1 }); // itself: the types know only the procedures declared before
        },
        next: 'w2',
      },
      w2: { effect: (n) => void (n.x = (n.x + 1) % 4), next: (_n, { locals }) => (locals.k === 2 ? 'w3' : 'return') },
      w3: { effect: (n, _a, ctx) => ctx.call('dec', { m: fault === 'badLocals' ? 3 : 1 }, 'return'), next: 'return' },
    })
    .procedure('put', { over: P, locals: { k: int(0, 1) } }, {
      p1: { effect: (n) => void (n.x = Math.min(3, n.x + 1)), call: 'dec', args: (_n, { locals }) => ({ m: locals.k }), next: 'return' },
    })
    .process('cpu', P, {
      a: {
        effect: (n, { self }, ctx) => {
          if (n.x > 1) ctx.call('dec', { m: 1 });
          else ctx.call('put', { k: self }, 'c');
        },
        next: 'b',
      },
      b: { call: 'down', args: (s) => ({ k: s.x % 3 }), next: () => (fault === 'processReturn' ? 'return' : 'c') as 'c' },
      c: {
        effect: (n, _a, ctx) => {
          if (n.x === 3) ctx.goto('done');
          if (fault === 'badGoto' && n.seen) ctx.goto('nowhere' as 'a');
        },
        next: 'a',
      },
    }, { stack })
    .invariant('notBothDeep', (s) => fault !== 'bothDeep' || !(s.log[0] === 1 && s.log[1] === 1))
    .checkDeadlock(false);
}

/** A task with a softirq, a hardirq and an NMI (each at any label where its `when` holds), the hardirq's handler calling a helper. */
function irqs(stack: number) {
  return model({ count: int(0, 2), nmis: int(0, 1), on: bool, soft: int(0, 1) })
    .init((s) => void (s.on = true))
    .procedure('bump', {}, { b1: { effect: (n) => void (n.count = (n.count + 1) % 3), next: 'return' } })
    .procedure('tick', {}, { h1: { call: 'bump', next: 'h2' }, h2: { next: 'return' } })
    .procedure('softh', {}, { s1: { effect: (n) => void (n.soft = 1 - n.soft), next: 'return' } })
    .procedure('nmih', {}, { n1: { effect: (n) => void (n.nmis = 1 - n.nmis), next: 'return' } })
    .process('task', {
      t1: { effect: (n) => void (n.on = !n.on), next: 't2' },
      t2: { effect: (n, _a, ctx) => void (ctx.choose([true, false]) && ctx.call('bump')), next: 'done' },
    }, {
      stack,
      interrupts: {
        softirq: { handler: 'softh', level: 'softirq', when: (s) => s.soft === 0 },
        timer: { handler: 'tick', level: 'hardirq', when: (s) => s.on },
        nmi: { handler: 'nmih', level: 'nmi', when: (s) => s.count < 2 },
      },
    })
    .checkDeadlock(false);
}
describe('compiled vs interpreted: procedures, calls and interrupts', () => {
  it('calls, tail calls, recursion and gotos: every action compiles, the same counts, without a bail', async () => {
    const r = await both(calls(3));
    expect(r.ratio).toBe('9/9');
    expect(r.compiled).toMatchObject({ result: 'ok', distinct: 2482, generated: 4733, depth: 59 });
    expect(r.compiled).toEqual(r.views);
    expect(r.bails).toBe(0);
  });
  it('both cpus deep in the recursion: the same violation and trace', async () => {
    const r = await both(calls(3, 'bothDeep'));
    expect(r.compiled).toMatchObject({ result: 'violation', property: 'notBothDeep', distinct: 854, generated: 1471, depth: 26 });
    expect(r.compiled.trace).toHaveLength(26);
    expect(r.compiled).toEqual(r.views);
  });
  it('recursion past the stack: the same error with the stack it would have made, found by a bail', async () => {
    const r = await both(calls(2));
    expect(r.compiled).toMatchObject({ result: 'error', code: 'VALUE' });
    expect(r.compiled.message).toContain('stack.cpu[0] = "[down -> w2, down -> w2, down -> c]" is outside its type a call stack of 2 frames: down.w1 calls down with every frame in use');
    expect(r.compiled).toEqual(r.views);
    expect(r.bails).toBeGreaterThan(0);
  });
  for (const [fault, code, says] of [
    ['badLocals', 'VALUE', 'stack.cpu[0].frames[0].locals.dec.m = 3 is outside its type int(0..2)'],
    ['badGoto', 'SPEC_THROW', 'ctx.goto("nowhere"): no such label'],
    ['processReturn', 'SPEC_THROW', "calls down returning to 'return', but it is a step of a process"],
  ] as const) {
    it(`${fault}: the same ${code} error, with its context`, async () => {
      const r = await both(calls(3, fault));
      expect(r.compiled).toMatchObject({ result: 'error', code });
      expect(r.compiled.message).toContain(says);
      expect(r.compiled).toEqual(r.views);
    });
  }
  it('softirq, hardirq and NMI nesting: every action compiles, the same counts', async () => {
    const r = await both(irqs(4));
    expect(r.ratio).toBe('28/28');
    expect(r.compiled).toMatchObject({ result: 'ok', distinct: 192, generated: 301, depth: 17 });
    expect(r.compiled).toEqual(r.views);
    expect(r.bails).toBe(0);
  });
  it('interrupts nested past the stack: the same error', async () => {
    const r = await both(irqs(2));
    expect(r.compiled).toMatchObject({ result: 'error', code: 'VALUE' });
    expect(r.compiled.message).toContain('stack.task = "[bump -> h2, tick -> s1, softh -> t1]" is outside its type a call stack of 2 frames: tick.h1 calls bump with every frame in use');
    expect(r.compiled).toEqual(r.views);
  });
  for (const guarded of [false, true]) {
    it(`preemption (${guarded ? 'guarded: 83 states' : 'unguarded: the lost update in 14 states'}), compiled as through the views`, async () => {
      const r = await both(counter(guarded));
      expect(r.ratio).toBe('14/14');
      expect(r.compiled).toMatchObject(guarded ? { result: 'ok', distinct: 83, generated: 92, depth: 19 } : { result: 'violation', property: 'noLostUpdate', distinct: 224, generated: 261, depth: 14 });
      if (!guarded) expect(r.compiled.trace).toHaveLength(14);
      expect(r.compiled).toEqual(r.views);
    });
  }
});
