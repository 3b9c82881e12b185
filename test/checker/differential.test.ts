// Differential test: fast-check generates small random specs; the engine's counts and verdicts must
// equal those of a deliberately naive search (naiveSearch.ts).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bfs } from '../../checker/bfs.ts';
import { instantiate } from '../../checker/loadSpec.ts';
import { defineSpec, int, model } from '../../spec/index.ts';
import { naiveSearch, type Verdict } from './naiveSearch.ts';

interface Effect {
  target: number;
  kind: 'const' | 'add' | 'param' | 'choose';
  src: number;
  c: number;
  alts: number[];
}
interface ActionSpec {
  param: number; // 0: no parameter; else values 0..param-1
  guard: { v: number; op: '<' | '==' | '!='; c: number; withParam: boolean };
  effects: Effect[];
}
interface Gen {
  his: number[];
  init: number[][];
  actions: ActionSpec[];
  inv: { v: number; c: number } | null;
  deadlock: boolean;
  /** A state constraint `x[v] <= c` (TLC's CONSTRAINT), in the second property only. */
  constraint?: { v: number; c: number };
}

const gen: fc.Arbitrary<Gen> = fc
  .array(fc.integer({ min: 1, max: 3 }), { minLength: 1, maxLength: 3 })
  .chain((his) => {
    const nv = his.length;
    const value = (v: number) => fc.integer({ min: 0, max: his[v]! });
    const state = fc.tuple(...his.map((_, v) => value(v)));
    const effect: fc.Arbitrary<Effect> = fc.record({
      target: fc.integer({ min: 0, max: nv - 1 }),
      kind: fc.constantFrom('const' as const, 'add' as const, 'param' as const, 'choose' as const),
      src: fc.integer({ min: 0, max: nv - 1 }),
      c: fc.integer({ min: 0, max: 3 }),
      alts: fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 0, maxLength: 3 }),
    });
    const action: fc.Arbitrary<ActionSpec> = fc.record({
      param: fc.integer({ min: 0, max: 3 }),
      guard: fc.record({
        v: fc.integer({ min: 0, max: nv - 1 }),
        op: fc.constantFrom('<' as const, '==' as const, '!=' as const),
        c: fc.integer({ min: 0, max: 3 }),
        withParam: fc.boolean(),
      }),
      effects: fc.array(effect, { minLength: 1, maxLength: 2 }),
    });
    return fc.record({
      his: fc.constant(his),
      init: fc.array(state, { minLength: 1, maxLength: 2 }),
      actions: fc.array(action, { minLength: 1, maxLength: 4 }),
      inv: fc.option(fc.record({ v: fc.integer({ min: 0, max: nv - 1 }), c: fc.integer({ min: 0, max: 3 }) }), { nil: null }),
      deadlock: fc.boolean(),
    });
  });

/** The same specs with a state constraint `x[v] <= c`. */
const genConstrained: fc.Arbitrary<Gen> = gen.chain((g) =>
  fc.record({ v: fc.integer({ min: 0, max: g.his.length - 1 }), c: fc.integer({ min: 0, max: 2 }) }).map((constraint) => ({ ...g, constraint })),
);

const guardHolds = (g: ActionSpec['guard'], x: readonly number[], p: number) => {
  const rhs = g.withParam ? p : g.c;
  const lhs = x[g.v]!;
  return g.op === '<' ? lhs < rhs : g.op === '==' ? lhs === rhs : lhs !== rhs;
};

/** Applies an action's effects; `pick` resolves each choice point in order. */
function apply(g: Gen, a: ActionSpec, x: readonly number[], p: number, pick: (alts: number[]) => number | undefined): number[] | null {
  const next = [...x];
  for (const e of a.effects) {
    const mod = g.his[e.target]! + 1;
    if (e.kind === 'const') next[e.target] = e.c % mod;
    else if (e.kind === 'add') next[e.target] = (next[e.src]! + e.c) % mod;
    else if (e.kind === 'param') next[e.target] = p % mod;
    else {
      const v = pick(e.alts.map((k) => k % mod));
      if (v === undefined) return null;
      next[e.target] = v;
    }
  }
  return next;
}

/** Every successor of one action instance, in the engine's order (choices enumerated like an odometer). */
function successors(g: Gen, a: ActionSpec, x: readonly number[], p: number): number[][] {
  const out: number[][] = [];
  const choices = a.effects.filter((e) => e.kind === 'choose').map((e) => e.alts.length);
  if (choices.some((n) => n === 0)) {
    // a choice with no value cuts its branch; choices before it still enumerate but yield nothing
    return out;
  }
  const idx = choices.map(() => 0);
  for (;;) {
    let k = 0;
    const s = apply(g, a, x, p, (alts) => alts[idx[k++]!]);
    if (s) out.push(s);
    let i = idx.length - 1;
    while (i >= 0 && idx[i]! + 1 >= choices[i]!) idx[i--] = 0;
    if (i < 0) return out;
    idx[i]!++;
  }
}

function naive(g: Gen, deadlockMode: 'tlc' | 'murphi' = 'tlc'): Verdict {
  const params = (a: ActionSpec) => (a.param ? Array.from({ length: a.param }, (_, i) => i) : [0]);
  return naiveSearch<readonly number[]>({
    init: g.init,
    successors: (x) => g.actions.flatMap((a) => params(a).flatMap((p) => (guardHolds(a.guard, x, p) ? successors(g, a, x, p) : []))),
    invariant: (x) => !g.inv || x[g.inv.v] !== g.inv.c,
    deadlock: g.deadlock,
    deadlockMode,
    ...(g.constraint ? { constraint: (x: readonly number[]) => x[g.constraint!.v]! <= g.constraint!.c } : {}),
    key: (x) => x.join(','),
  });
}

async function engine(g: Gen, deadlock: 'tlc' | 'murphi' = 'tlc'): Promise<Verdict> {
  const spec = defineSpec({ name: 'random' }, () => {
    const vars = Object.fromEntries(g.his.map((hi, v) => [`x${v}`, int(0, hi)]));
    let m = model(vars)
      .init((s, { choose }) => {
        const x = choose(g.init);
        x.forEach((v, i) => ((s as unknown as Record<string, number>)[`x${i}`] = v));
      })
      .checkDeadlock(g.deadlock);
    const read = (s: any) => g.his.map((_, v) => s[`x${v}`] as number);
    g.actions.forEach((a, i) => {
      m = m.action(`a${i}`, a.param ? { p: int(0, a.param - 1) } : {}, {
        when: (s, args: any) => guardHolds(a.guard, read(s), args.p ?? 0),
        effect: (n: any, args: any, ctx) => {
          const s = apply(g, a, read(n), args.p ?? 0, (alts) => (alts.length ? ctx.choose(alts) : ctx.choose([])));
          if (!s) return ctx.skip();
          s.forEach((v, k) => (n[`x${k}`] = v));
        },
      });
    });
    if (g.inv) m = m.invariant('inv', (s: any) => s[`x${g.inv!.v}`] !== g.inv!.c);
    if (g.constraint) m = m.constraint('bound', (s: any) => s[`x${g.constraint!.v}`] <= g.constraint!.c);
    return m;
  });
  const r = await bfs(instantiate(spec, 'random.ts').model, { deadlock });
  // only a constraint that drops every initial state is an expected error (the naive search's 'error')
  if (r.result === 'error' && g.constraint && r.error.code === 'SPEC_DEFINITION' && /every initial state fails/.test(r.error.message)) {
    return { result: 'error', distinct: 0, generated: g.init.length, depth: 0 };
  }
  if (r.result === 'error') throw r.error;
  if (r.result === 'incomplete') throw new Error('incomplete');
  const base = { result: r.result, distinct: r.distinctStates, generated: r.generatedStates, depth: r.depth };
  return r.result === 'violation' ? { ...base, kind: r.violation.kind, length: r.violation.trace.length } : base;
}

describe('differential: engine vs a naive search', () => {
  it('agree on distinct, generated, depth, verdict and trace length for random small specs', async () => {
    await fc.assert(
      fc.asyncProperty(gen, async (g) => {
        expect(await engine(g)).toEqual(naive(g));
      }),
      { numRuns: 300, seed: 20261121 },
    );
  });
  it('agree with a state constraint too (TLC: counted, invariant-checked, neither stored nor explored)', async () => {
    await fc.assert(
      fc.asyncProperty(genConstrained, async (g) => {
        expect(await engine(g)).toEqual(naive(g));
      }),
      { numRuns: 300, seed: 20261203 },
    );
  });
  it('agree with Murphi deadlocks too (a state whose every successor is itself)', async () => {
    await fc.assert(
      fc.asyncProperty(gen, async (g) => {
        expect(await engine(g, 'murphi')).toEqual(naive(g, 'murphi'));
      }),
      { numRuns: 300, seed: 20261204 },
    );
  });
});
