// Choices that control flow can see: step parameters (`withArgs` over a domain, `oneOf` a state-dependent
// list, `subsets` of a small domain), `either` branches, `ctx.goto`, and calls on some branches only
// (`ctx.call`) and tail calls. Each counts exactly like the naive search of its hand-written twin, compiled
// and through the views alike, and traces show the choices as step arguments.
import { describe, expect, expectTypeOf, it } from 'vitest';
import { bfs } from '../../checker/bfs.ts';
import { compile } from '../../checker/compile.ts';
import { interpretOnly } from '../../checker/compiler/index.ts';
import type { CheckResult } from '../../checker/result.ts';
import { bool, enumOf, int, mapOf, model, oneOf, setOf, subsets, type ModelBuilder } from '../../spec/index.ts';
import { cli } from '../cli/run.ts';
import { naiveSearch, type Verdict } from './naiveSearch.ts';

const T = int(0, 1);
const R = enumOf('a', 'b', 'c');
type Res = 'a' | 'b' | 'c';

const run = async (m: ModelBuilder<any, any, any>, views = false): Promise<{ verdict: Verdict; r: CheckResult }> => {
  const c = compile(m.build());
  if (views) interpretOnly(c);
  const r: CheckResult = await bfs(c);
  if (r.result === 'error') throw r.error;
  if (r.result === 'incomplete') throw new Error('incomplete');
  const base = { result: r.result, distinct: r.distinctStates, generated: r.generatedStates, depth: r.depth };
  return { verdict: r.result === 'violation' ? { ...base, kind: r.violation.kind, length: r.violation.trace.length } : base, r };
};
/** The verdict, the same compiled and through the views. */
const verdict = async (m: ModelBuilder<any, any, any>): Promise<Verdict> => {
  const compiled = (await run(m)).verdict;
  expect((await run(m, true)).verdict).toEqual(compiled);
  return compiled;
};

/** Two tasks grab any non-empty subset of the free resources at once, then give them back one at a time. */
function allocator() {
  return model({ free: setOf(R), held: mapOf(T, setOf(R)) })
    .init((s) => {
      for (const r of R.values) s.free.add(r);
    })
    .process('task', T, {
      grab: ($) => $.with({ S: subsets(R, (s) => s.free) }, {
        when: (_s, { S }) => S.length > 0,
        effect: (n, { self, S }) => {
          for (const r of S) {
            n.free.delete(r);
            n.held[self]!.add(r);
          }
        },
        next: 'drop',
      }),
      drop: ($) => $.with({ r: oneOf(R, (s, { self }) => s.held[self]!) }, {
        effect: (n, { self, r }) => {
          n.held[self]!.delete(r);
          n.free.add(r);
        },
        next: (n, { self }) => (n.held[self]!.size === 0 ? 'grab' : 'drop'),
      }),
    })
    .invariant('conserved', (s) => R.values.every((r) => [s.free.has(r), s.held[0]!.has(r), s.held[1]!.has(r)].filter(Boolean).length === 1));
}

function naiveAllocator(): Verdict {
  type S = { free: Res[]; held: Res[][]; pc: string[] };
  const norm = (xs: Res[]) => [...xs].sort();
  return naiveSearch<S>({
    init: [{ free: ['a', 'b', 'c'], held: [[], []], pc: ['grab', 'grab'] }],
    successors: (x) => {
      const out: S[] = [];
      for (const label of ['grab', 'drop']) {
        for (let t = 0; t < 2; t++) {
          if (x.pc[t] !== label) continue;
          if (label === 'grab') {
            for (let mask = 1; mask < 8; mask++) {
              const S = (['a', 'b', 'c'] as Res[]).filter((_, i) => mask & (1 << i));
              if (!S.every((r) => x.free.includes(r))) continue;
              const y = structuredClone(x);
              y.free = y.free.filter((r) => !S.includes(r));
              y.held[t] = norm([...y.held[t]!, ...S]);
              y.pc[t] = 'drop';
              out.push(y);
            }
          } else {
            for (const r of x.held[t]!) {
              const y = structuredClone(x);
              y.held[t] = y.held[t]!.filter((h) => h !== r);
              y.free = norm([...y.free, r]);
              y.pc[t] = y.held[t]!.length === 0 ? 'grab' : 'drop';
              out.push(y);
            }
          }
        }
      }
      return out;
    },
    invariant: () => true,
    deadlock: true,
    key: (x) => JSON.stringify(x),
  });
}

/** `either`: count up or flip a bit; flipping at 3 ends the process (`ctx.goto`); a second process sets the count. */
function counter(bad: boolean) {
  return model({ x: int(0, 3), y: bool })
    .process('p', {
      loop: {
        either: {
        inc: { when: (s) => s.x < 3, effect: (n) => void n.x++, next: 'loop' },
        flip: {
          effect: (n, _a, ctx) => {
            n.y = !n.y;
            if (n.x === 3) ctx.goto('done');
          },
          next: 'loop',
        },
        },
      },
    })
    .process('q', {
      set: ($) => $.with({ v: int(0, 3) }, { either: {
        low: { when: (_s, { v }) => v < 2, effect: (n, { v }) => void (n.x = v), next: (_n, { v }) => (v === 0 ? 'done' : 'set') },
        high: { when: (s, { v }) => v >= 2 && !s.y, effect: (n, { v }) => void (n.x = v), next: 'done' },
      } }),
    })
    .invariant('notBoth', (s) => !bad || !(s.x === 3 && s.y))
    .checkDeadlock(false);
}

function naiveCounter(bad: boolean): Verdict {
  type S = { x: number; y: boolean; p: string; q: string };
  return naiveSearch<S>({
    init: [{ x: 0, y: false, p: 'loop', q: 'set' }],
    successors: (s) => {
      const out: S[] = [];
      if (s.p === 'loop') {
        if (s.x < 3) out.push({ ...s, x: s.x + 1 });
        out.push({ ...s, y: !s.y, p: s.x === 3 ? 'done' : 'loop' });
      }
      if (s.q === 'set') {
        for (const v of [0, 1, 2, 3]) if (v < 2) out.push({ ...s, x: v, q: v === 0 ? 'done' : 'set' });
        for (const v of [0, 1, 2, 3]) if (v >= 2 && !s.y) out.push({ ...s, x: v, q: 'done' });
      }
      return out;
    },
    invariant: (s) => !bad || !(s.x === 3 && s.y),
    deadlock: false,
    key: (s) => JSON.stringify(s),
  });
}

describe('step parameters', () => {
  it('subsets of the free resources and oneOf the held ones: 27 states, as the naive search', async () => {
    const expected = naiveAllocator();
    expect(expected).toEqual({ result: 'ok', distinct: 27, generated: 93, depth: 3 });
    expect(await verdict(allocator())).toEqual(expected);
  });
  it('either branches, withArgs over either, ctx.goto to done: as the naive search', async () => {
    expect(await verdict(counter(false))).toEqual(naiveCounter(false));
    expect(naiveCounter(false)).toEqual({ result: 'ok', distinct: 25, generated: 65, depth: 7 });
  });
  it('a trace shows the branch and the values as step arguments', async () => {
    const expected = naiveCounter(true);
    expect(await verdict(counter(true))).toEqual(expected);
    const { r } = await run(counter(true));
    if (r.result !== 'violation') throw new Error('expected a violation');
    expect(expected).toEqual({ result: 'violation', kind: 'invariant', length: 3, distinct: 12, generated: 22, depth: 3 });
    expect(r.violation.trace.map((t) => [t.process, t.action, t.args])).toEqual([
      [undefined, null, {}],
      ['q', 'q.set', { either: 'high', v: 3 }],
      ['p', 'p.loop', { either: 'flip' }],
    ]);
  });
});

/**
 * Calls on some branches only and a tail call: `a` calls `put` only when x reaches 2 (`ctx.call`); `put` logs,
 * then tail-calls `dec` (`call: 'dec', next: 'return'`), whose frame replaces put's, so one frame is enough;
 * `b` calls `dec` only when x > 0 (a conditional call returning to done).
 */
function calls(dynamic = false) {
  return model({ x: int(0, 2), log: int(0, 2) })
    .procedure('dec', { locals: { m: int(0, 1) } }, {
      d1: {
        effect: (n, { locals }, ctx) => {
          n.x = Math.max(0, n.x - locals.m);
          if (dynamic) ctx.goto('return'); // the same as next: 'return'
        },
        next: dynamic ? 'd1' : 'return',
      },
    })
    .procedure('put', { locals: { k: int(0, 1) } }, {
      p1: dynamic
        ? // the same, said in the effect: a tail call with ctx.call(..., 'return')
          {
            effect: (n, { locals }, ctx) => {
              n.log = Math.min(2, n.log + 1);
              ctx.call('dec', { m: locals.k }, 'return');
            },
            next: 'p1',
          }
        : { effect: (n) => void (n.log = Math.min(2, n.log + 1)), call: 'dec', args: (_n, { locals }) => ({ m: locals.k }), next: 'return' },
    })
    .process('cpu', T, {
      a: {
        effect: (n, _a, ctx) => {
          n.x = Math.min(2, n.x + 1);
          if (n.x === 2) ctx.call('put', { k: 1 });
        },
        next: 'b',
      },
      b: {
        effect: (n, _a, ctx) => {
          if (n.x > 0) ctx.call('dec', { m: 1 });
        },
        next: 'done',
      },
    }, { stack: 1 });
}

/** The naive twin: per cpu its pc and its one frame (procedure, locals, return label), zero when not live. */
function naiveCalls(): Verdict {
  type Frame = { proc: string; k: number; m: number; ret: string };
  type S = { x: number; log: number; pc: string[]; frame: Frame[] };
  const none: Frame = { proc: '-', k: 0, m: 0, ret: '-' };
  const order = ['a', 'b', 'd1', 'p1'];
  return naiveSearch<S>({
    init: [{ x: 0, log: 0, pc: ['a', 'a'], frame: [none, none] }],
    successors: (s) => {
      const out: S[] = [];
      for (const label of order) {
        for (let t = 0; t < 2; t++) {
          if (s.pc[t] !== label) continue;
          const y = structuredClone(s);
          if (label === 'a') {
            y.x = Math.min(2, y.x + 1);
            if (y.x === 2) [y.frame[t], y.pc[t]] = [{ proc: 'put', k: 1, m: 0, ret: 'b' }, 'p1'];
            else y.pc[t] = 'b';
          } else if (label === 'b') {
            if (y.x > 0) [y.frame[t], y.pc[t]] = [{ proc: 'dec', k: 0, m: 1, ret: 'done' }, 'd1'];
            else y.pc[t] = 'done';
          } else if (label === 'p1') {
            y.log = Math.min(2, y.log + 1);
            // the tail call: dec's frame replaces put's, returning where put would have
            y.frame[t] = { proc: 'dec', k: 0, m: s.frame[t]!.k, ret: s.frame[t]!.ret };
            y.pc[t] = 'd1';
          } else {
            y.x = Math.max(0, y.x - s.frame[t]!.m);
            y.pc[t] = s.frame[t]!.ret;
            y.frame[t] = none;
          }
          out.push(y);
        }
      }
      return out;
    },
    invariant: () => true,
    deadlock: false,
    key: (s) => JSON.stringify(s),
  });
}

describe('calls on some branches, tail calls', () => {
  it('ctx.call on a branch and call P; return in one frame (static, or ctx.call and ctx.goto(return)): as the naive search: 33 states', async () => {
    const expected = naiveCalls();
    expect(expected).toEqual({ result: 'ok', distinct: 33, generated: 49, depth: 8 });
    expect(await verdict(calls().checkDeadlock(false))).toEqual(expected);
    expect(await verdict(calls(true).checkDeadlock(false))).toEqual(expected);
  });
});

describe('types of choices', () => {
  it('step parameters, branches, goto and call are typed from the declarations', () => {
    const Cpu = int(0, 1);
    const m = model({ x: int(0, 3), free: setOf(R) })
      .procedure('dec', { locals: { m: int(0, 1) } }, { d1: { next: 'return' } })
      .process('p', Cpu, {
        pick: ($) =>
          $.with({ v: int(0, 3), S: subsets(R), r: oneOf(R, (s) => s.free), Q: oneOf(subsets(R), () => [['a'], ['a', 'b']] as const) }, {
            when: (s, args) => {
              expectTypeOf(args.v).toEqualTypeOf<number>();
              expectTypeOf(args.S).toEqualTypeOf<readonly Res[]>();
              expectTypeOf(args.r).toEqualTypeOf<Res>();
              expectTypeOf(args.Q).toEqualTypeOf<readonly Res[]>();
              expectTypeOf(args.self).toEqualTypeOf<number>();
              expectTypeOf(s.pc.p[0]!).toEqualTypeOf<'pick' | 'branch' | 'd1' | 'done'>();
              return true;
            },
            effect: (_n, _args, ctx) => {
              ctx.goto('branch');
              ctx.goto('done');
              // @ts-expect-error: no such label
              ctx.goto('nowhere');
              ctx.call('dec', { m: 1 });
              // @ts-expect-error: no such procedure
              ctx.call('inc');
              // @ts-expect-error: no such local
              ctx.call('dec', { k: 1 });
            },
            next: (_n, { v }) => (v === 0 ? 'branch' : 'done'),
          }),
        branch: {
          either: {
            one: { effect: (_n, args) => void expectTypeOf(args.either).toEqualTypeOf<string>(), next: 'pick' },
            two: { next: 'done' },
          },
        },
      }, { stack: 1 });
    expect(compile(m.build()).instances.filter((i) => i.name === 'p.pick').length).toBe(2 * 4 * 8 * 3 * 8);
    // tsc refuses a next label that is no label of the process; so does the builder
    expect(() =>
      // @ts-expect-error: a step parameter's next label must be a label of the process
      model({ x: int(0, 1) }).process('q', { a: ($) => $.with({ v: bool }, { next: 'nowhere' }) }),
    ).toThrow("process 'q', step 'a': next label 'nowhere' is not a step of this process");
  });
});

describe('choices through the CLI (test/checker/fixtures/choices.ts)', () => {
  const spec = 'test/checker/fixtures/choices.ts';
  it('the allocator: 27 states, 93 generated, compiled (both steps) and through the views', async () => {
    for (const flags of [[], ['--no-compile']]) {
      const run = await cli('check', spec, '--variant', 'alloc', ...flags);
      expect(run.code).toBe(0);
      expect(run.out).toContain('27 distinct states, 93 generated, depth 3');
      // the state-dependent choices are checked apart from the guards, which compile
      if (flags.length === 0) expect(run.out + run.err).toContain('compiled 2 of 2 actions');
    }
  });
  it('over scalarsets, symmetry renames ids in step arguments: 6 orbits standing for the 27 states', async () => {
    const run = await cli('check', 'test/checker/fixtures/choicesSym.ts');
    expect(run.code).toBe(0);
    expect(run.out).toContain('6 distinct states, 30 generated, depth 3');
    expect(run.out).toContain('standing for 27 states');
    const all = await cli('check', 'test/checker/fixtures/choicesSym.ts', '--no-symmetry');
    expect(all.out).toContain('27 distinct states, 93 generated, depth 3');
  });
  it('a fair step is fair to the step, not to each choice: taken holds though no instance is enabled throughout', async () => {
    for (const flags of [[], ['--no-compile']]) {
      const run = await cli('check', spec, '--variant', 'fair', ...flags);
      expect(run.code).toBe(0);
      expect(run.out).toContain('no violation in 4 distinct states');
    }
  });
});
