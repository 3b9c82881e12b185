// Differential test of symmetry reduction: the same spec checked with and without it must give the
// same verdict (ok, the violated property, or the error's code) and, for a violation, a trace of the
// same length (orbits keep distances); a complete search under symmetry stands for exactly the states
// of the search without it (fullStates), and the sampled symmetry test never fires on a symmetric
// spec. (a) the symmetric models of the repository; (b) random specs that are symmetric by
// construction (fast-check).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bfs } from '../../checker/bfs.ts';
import { check } from '../../checker/check.ts';
import type { CompiledModel } from '../../checker/compile.ts';
import { Explorer } from '../../checker/Explorer.ts';
import { instantiate } from '../../checker/loadSpec.ts';
import type { CheckResult } from '../../checker/result.ts';
import { SpecAudit } from '../../checker/SpecAudit.ts';
import { compareWithImage } from '../../checker/symmetry/checkSymmetry.ts';
import { reductionOf } from '../../checker/symmetry/reduction.ts';
import { symmetryOf } from '../../checker/symmetry/Symmetry.ts';
import { bool, defineSpec, int, mapOf, model, option, scalarset, setOf } from '../../spec/index.ts';
import { groupOf, reachable } from './support.ts';

interface Verdict {
  readonly verdict: string;
  readonly length?: number;
  readonly states?: number;
}

/** The verdict of a result; `states`: the states it stands for (fullStates under symmetry) when complete. */
function verdictOf(r: CheckResult, symmetry: boolean): Verdict {
  if (r.result === 'error') return { verdict: `error ${r.error.code}` };
  if (r.result === 'violation') return { verdict: `${r.violation.kind} ${r.violation.property}`, length: r.violation.trace.length };
  if (r.result === 'incomplete') return { verdict: 'incomplete' };
  return { verdict: 'ok', states: symmetry ? r.fullStates! : r.distinctStates };
}

describe('(a) the symmetric models: the same verdict with and without symmetry', () => {
  const migrate = ['fixed', 'no-reinvalidate', 'no-pin-check', 'no-ref-checks', 'no-read-retry', 'owner-skip'].map((v) => ['models/migrate.ts', `variant=${v}`]);
  const models = [
    ['models/classic/n_peterson.ts', 'n=3'],
    ['models/classic/mcslock1.ts', 'n=2'],
    ['models/classic/mcslock1.ts', 'n=3'],
    ['models/classic/twophase.ts'],
    ['models/classic/tcommit.ts'],
    ['bench/models/filter.ts', 'n=3', 'symmetric=true'],
    ['bench/models/filter.ts', 'n=4', 'symmetric=true'],
    ...migrate,
  ];
  for (const [file, ...params] of models) {
    it(`${file} ${params.join(' ')}`, async () => {
      const [variant] = params.filter((p) => p.startsWith('variant=')).map((p) => p.slice('variant='.length));
      const pairs = params.filter((p) => !p.startsWith('variant='));
      const reduced = await check(file!, { paramPairs: pairs, ...(variant ? { variant } : {}) });
      const full = await check(file!, { paramPairs: pairs, ...(variant ? { variant } : {}), symmetry: false });
      expect(reduced.symmetry).toBe(true);
      expect(reduced.audit!.symmetrySamples).toBeGreaterThan(0);
      expect(verdictOf(reduced.result, true)).toEqual(verdictOf(full.result, false));
    }, 60_000);
  }
});

// (b) The generator. One scalarset Proc of 2 or 3 ids; the state: per id a small int and a flag, an
// optional owner, a set of ids, and a global counter. Guards and effects only look at the action's
// own id (`p`), test ids with ===, and quantify over all ids, so every spec is symmetric.
type Atom =
  | { k: 'st'; c: number; neg: boolean }
  | { k: 'flag' | 'ownerNull' | 'ownerIsP' | 'inSet' | 'someFlag'; neg: boolean }
  | { k: 'allStAtMost'; c: number }
  | { k: 'countStBelow'; c: number; max: number }
  | { k: 'g'; c: number };
type Eff =
  | { k: 'setSt'; c: number }
  | { k: 'incSt' | 'flip' | 'own' | 'disown' | 'add' | 'del' | 'incG' | 'clearFlags' | 'ownerFromSet' }
  | { k: 'chooseSt'; cs: number[] };
type Inv = { k: 'atMost'; c: number; max: number } | { k: 'ownerInSet' } | { k: 'gBelow'; c: number } | { k: 'none' };
interface Gen {
  n: number;
  hi: number;
  actions: { guard: Atom[]; effects: Eff[] }[];
  inv: Inv;
  deadlock: boolean;
}

const small = fc.integer({ min: 0, max: 2 });
const atom: fc.Arbitrary<Atom> = fc.oneof(
  fc.record({ k: fc.constant('st' as const), c: small, neg: fc.boolean() }),
  fc.record({ k: fc.constantFrom('flag' as const, 'ownerNull' as const, 'ownerIsP' as const, 'inSet' as const, 'someFlag' as const), neg: fc.boolean() }),
  fc.record({ k: fc.constant('allStAtMost' as const), c: small }),
  fc.record({ k: fc.constant('countStBelow' as const), c: small, max: fc.integer({ min: 1, max: 3 }) }),
  fc.record({ k: fc.constant('g' as const), c: small }),
);
const eff: fc.Arbitrary<Eff> = fc.oneof(
  fc.record({ k: fc.constant('setSt' as const), c: small }),
  fc.record({ k: fc.constantFrom('incSt' as const, 'flip' as const, 'own' as const, 'disown' as const, 'add' as const, 'del' as const, 'incG' as const, 'clearFlags' as const, 'ownerFromSet' as const) }),
  fc.record({ k: fc.constant('chooseSt' as const), cs: fc.array(small, { minLength: 1, maxLength: 2 }) }),
);
const gen: fc.Arbitrary<Gen> = fc.record({
  n: fc.integer({ min: 2, max: 3 }),
  hi: fc.integer({ min: 1, max: 2 }),
  actions: fc.array(fc.record({ guard: fc.array(atom, { minLength: 0, maxLength: 2 }), effects: fc.array(eff, { minLength: 1, maxLength: 3 }) }), { minLength: 1, maxLength: 4 }),
  inv: fc.oneof(
    fc.record({ k: fc.constant('atMost' as const), c: small, max: fc.integer({ min: 0, max: 2 }) }),
    fc.constant({ k: 'ownerInSet' as const }),
    fc.record({ k: fc.constant('gBelow' as const), c: fc.integer({ min: 1, max: 2 }) }),
    fc.constant({ k: 'none' as const }),
  ),
  deadlock: fc.boolean(),
});

function specOf(g: Gen) {
  return defineSpec({ name: 'symmetric' }, () => {
    const Proc = scalarset('Proc', g.n);
    const ids = Proc.values;
    const mod = g.hi + 1;
    let m = model({ st: mapOf(Proc, int(0, g.hi)), flag: mapOf(Proc, bool), owner: option(Proc), set: setOf(Proc), g: int(0, 2) }).checkDeadlock(g.deadlock);
    type S = { st: Record<symbol, number>; flag: Record<symbol, boolean>; owner: symbol | null; set: { has(p: symbol): boolean; add(p: symbol): void; delete(p: symbol): void; [Symbol.iterator](): Iterator<symbol> }; g: number };
    const holds = (a: Atom, s: S, p: symbol): boolean => {
      switch (a.k) {
        case 'st': return (s.st[p] === a.c % mod) !== a.neg;
        case 'flag': return s.flag[p] !== a.neg;
        case 'ownerNull': return (s.owner === null) !== a.neg;
        case 'ownerIsP': return (s.owner === p) !== a.neg;
        case 'inSet': return s.set.has(p) !== a.neg;
        case 'someFlag': return ids.some((q) => s.flag[q]) !== a.neg;
        case 'allStAtMost': return ids.every((q) => s.st[q]! <= a.c);
        case 'countStBelow': return ids.filter((q) => s.st[q] === a.c % mod).length < a.max;
        case 'g': return s.g === a.c;
      }
    };
    g.actions.forEach((a, i) => {
      m = m.action(`a${i}`, { p: Proc }, {
        when: (s: any, { p }: any) => a.guard.every((x) => holds(x, s, p)),
        effect: (n: any, { p }: any, ctx: any) => {
          for (const e of a.effects) {
            if (e.k === 'setSt') n.st[p] = e.c % mod;
            else if (e.k === 'incSt') n.st[p] = (n.st[p] + 1) % mod;
            else if (e.k === 'flip') n.flag[p] = !n.flag[p];
            else if (e.k === 'own') n.owner = p;
            else if (e.k === 'disown') n.owner = null;
            else if (e.k === 'add') n.set.add(p);
            else if (e.k === 'del') n.set.delete(p);
            else if (e.k === 'incG') n.g = (n.g + 1) % 3;
            else if (e.k === 'clearFlags') for (const q of ids) n.flag[q] = false;
            else if (e.k === 'chooseSt') n.st[p] = ctx.choose(e.cs.map((c) => c % mod));
            else {
              const members = [...n.set] as symbol[];
              if (!members.length) return ctx.skip();
              n.owner = ctx.choose(members);
            }
          }
        },
      } as any);
    });
    const inv = g.inv;
    if (inv.k === 'atMost') m = m.invariant('atMost', (s: any) => ids.filter((q) => s.st[q] === inv.c % mod).length <= inv.max);
    if (inv.k === 'ownerInSet') m = m.invariant('ownerInSet', (s: any) => s.owner === null || s.set.has(s.owner));
    if (inv.k === 'gBelow') m = m.invariant('gBelow', (s: any) => s.g < inv.c);
    return m;
  });
}

/** check()'s pipeline on a model already built: with symmetry, the reduction and the sampled test. */
async function search(m: CompiledModel, symmetry: boolean): Promise<CheckResult> {
  const sym = symmetry ? symmetryOf(m) : null;
  const reduction = sym ? reductionOf(sym) : null;
  const audit = new SpecAudit(m, sym ? symmetryOf(m) : null);
  const r = await bfs(m, { audit, ...(reduction?.hooks ?? {}) });
  return reduction ? reduction.finish(r) : r;
}

describe('(b) random symmetric specs: the same verdict with and without symmetry', () => {
  it('100 specs: verdict, property, trace length and state count agree; no sampled symmetry test fires', async () => {
    let violations = 0;
    await fc.assert(
      fc.asyncProperty(gen, async (g) => {
        const m = instantiate(specOf(g), 'symmetric.ts').model;
        const full = verdictOf(await search(m, false), false);
        const reduced = verdictOf(await search(m, true), true);
        expect(reduced).toEqual(full);
        if (full.verdict !== 'ok') violations++;
        // symmetric by construction: every reachable state agrees with its image under every permutation
        const sym = symmetryOf(m)!;
        const ex = new Explorer(m);
        for (const s of reachable(m, 300)) for (const p of groupOf(sym)) expect(compareWithImage(ex, sym, s, p)).toBeNull();
      }),
      { numRuns: 100, seed: 20261122 },
    );
    // both verdicts are exercised
    expect(violations).toBeGreaterThan(10);
    expect(violations).toBeLessThan(90);
  }, 60_000);
});
