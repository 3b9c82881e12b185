// RCU: read-side sections (nested), synchronize_rcu's grace period, call_rcu, and the built-in checks. The
// classic pointer update (publish the new object, synchronize_rcu, free the old one) checked against the naive
// reference search, and its buggy variant (free before the grace period) reporting rcu-use-after-free.
import { describe, expect, expectTypeOf, it } from 'vitest';
import { bfs } from '../../checker/bfs.ts';
import { compile } from '../../checker/compile.ts';
import { codeFor, interpretOnly } from '../../checker/compiler/index.ts';
import { instantiate } from '../../checker/loadSpec.ts';
import type { CheckResult } from '../../checker/result.ts';
import { current, defineSpec, enumOf, int, mapOf, mightSleep, model, rcu, type BoolType, type IntType, type MapType, type ModelBuilder, type RcuType } from '../../spec/index.ts';
import { naiveSearch, type Verdict } from '../checker/naiveSearch.ts';
import { recorder } from './recorder.ts';

const verdict = async (m: ModelBuilder<any, any, any>) => {
  const r: CheckResult = await bfs(compile(m.build()));
  if (r.result === 'error') throw r.error;
  if (r.result === 'incomplete') throw new Error('incomplete');
  const base = { result: r.result, distinct: r.distinctStates, generated: r.generatedStates, depth: r.depth };
  return r.result === 'violation'
    ? { ...base, kind: r.violation.kind, property: r.violation.property, length: r.violation.trace.length, message: r.violation.message }
    : base;
};

const Upd = enumOf('upd');
const Obj = enumOf('A', 'B');
type Variant = 'synchronize_rcu' | 'free-first' | 'call_rcu';

/** `readers` readers each take one section and use the object gp points to; the updater replaces A by B and frees A. */
function pointerUpdate(readers: number, variant: Variant) {
  const Reader = int(0, readers - 1);
  const R = rcu(Reader, { updaters: Upd, objects: Obj });
  return model({ rcu: R.type, gp: Obj, p: mapOf(Reader, Obj) })
    .process('reader', Reader, {
      lock: { effect: (n, { self }) => R.readLock(n.rcu, self), next: 'deref' },
      deref: { effect: (n, { self }, ctx) => void (n.p[self] = R.dereference(ctx, n.rcu, self, n.gp)), next: 'use' },
      use: { effect: (n, { self }, ctx) => R.use(ctx, n.rcu, self, n.p[self]), next: 'unlock' },
      unlock: { effect: (n, { self }, ctx) => R.readUnlock(ctx, n.rcu, self), next: 'done' },
    })
    .process('updater', {
      publish: { effect: (n) => void (n.gp = 'B'), next: variant === 'synchronize_rcu' ? 'sync' : variant === 'call_rcu' ? 'call' : 'free' },
      sync: { effect: (n, _a, ctx) => R.synchronize(current(ctx, 'upd' as const), n.rcu), next: 'wait' },
      wait: { when: (s) => R.gracePeriodDone(s.rcu, 'upd'), effect: (n) => R.synchronizeWait(n.rcu, 'upd'), next: 'free' },
      free: { effect: (n, _a, ctx) => R.free(ctx, n.rcu, 'A'), next: 'done' },
      call: { effect: (n, _a, ctx) => R.callRcu(ctx, n.rcu, 'A'), next: 'done' },
    });
}

/** pointerUpdate written out: a reader's pc says whether it is inside (deref, use, unlock) and what it holds. */
function naivePointerUpdate(readers: number, variant: Variant): Verdict {
  type S = { pc: string[]; p: string[]; upc: string; gp: string; waitFor: boolean[]; pending: boolean[]; queued: boolean; freed: boolean; uaf: boolean };
  const inside = (pc: string) => pc === 'deref' || pc === 'use' || pc === 'unlock';
  const init: S = { pc: Array(readers).fill('lock'), p: Array(readers).fill('A'), upc: 'publish', gp: 'A', waitFor: Array(readers).fill(false), pending: Array(readers).fill(false), queued: false, freed: false, uaf: false };
  const readerStep: Record<string, (y: S, t: number) => void> = {
    lock: (y, t) => void (y.pc[t] = 'deref'),
    deref: (y, t) => {
      y.p[t] = y.gp;
      y.pc[t] = 'use';
    },
    use: (y, t) => {
      if (y.p[t] === 'A' && y.freed) y.uaf = true;
      y.pc[t] = 'unlock';
    },
    unlock: (y, t) => {
      y.pc[t] = 'done';
      y.waitFor[t] = false;
      if (y.queued && y.pending[t]) {
        y.pending[t] = false;
        if (!y.pending.some(Boolean)) [y.queued, y.freed] = [false, true];
      }
    },
  };
  return naiveSearch<S>({
    init: [init],
    successors: (x) => {
      const out: S[] = [];
      for (const label of Object.keys(readerStep)) {
        for (let t = 0; t < readers; t++) {
          if (x.pc[t] !== label) continue;
          const y = structuredClone(x);
          readerStep[label]!(y, t);
          out.push(y);
        }
      }
      const y = structuredClone(x);
      switch (x.upc) {
        case 'publish':
          y.gp = 'B';
          y.upc = variant === 'synchronize_rcu' ? 'sync' : variant === 'call_rcu' ? 'call' : 'free';
          break;
        case 'sync':
          y.waitFor = x.pc.map(inside);
          y.upc = 'wait';
          break;
        case 'wait':
          if (x.waitFor.some(Boolean)) return out;
          y.upc = 'free';
          break;
        case 'free':
          y.freed = true;
          y.upc = 'done';
          break;
        case 'call':
          if (x.pc.some(inside)) [y.queued, y.pending] = [true, x.pc.map(inside)];
          else y.freed = true;
          y.upc = 'done';
          break;
        default:
          return out;
      }
      out.push(y);
      return out;
    },
    invariant: (x) => !x.uaf,
    deadlock: false, // every process done is no deadlock, and the grace period always ends
    key: (x) => JSON.stringify(x),
  });
}

describe('RCU-protected pointer update', () => {
  it('publish B, synchronize_rcu, free A: no reader uses A after the free; as the naive search', async () => {
    for (const readers of [1, 2]) {
      const expected = naivePointerUpdate(readers, 'synchronize_rcu');
      expect(await verdict(pointerUpdate(readers, 'synchronize_rcu'))).toEqual(expected);
    }
    expect(naivePointerUpdate(1, 'synchronize_rcu')).toEqual({ result: 'ok', distinct: 36, generated: 53, depth: 9 });
    expect(naivePointerUpdate(2, 'synchronize_rcu')).toEqual({ result: 'ok', distinct: 282, generated: 592, depth: 13 });
  });
  it('call_rcu instead of synchronize_rcu + kfree: holds too; as the naive search', async () => {
    for (const readers of [1, 2]) expect(await verdict(pointerUpdate(readers, 'call_rcu'))).toEqual(naivePointerUpdate(readers, 'call_rcu'));
    expect(naivePointerUpdate(1, 'call_rcu')).toEqual({ result: 'ok', distinct: 24, generated: 33, depth: 7 });
    expect(naivePointerUpdate(2, 'call_rcu')).toEqual({ result: 'ok', distinct: 210, generated: 424, depth: 11 });
  });
  it('kfree before the grace period: rcu-use-after-free, in the shortest trace', async () => {
    // lock, rcu_dereference (A), publish B, kfree(A), the use: 6 states
    expect(await verdict(pointerUpdate(2, 'free-first'))).toEqual({
      result: 'violation',
      kind: 'action',
      property: 'rcu-use-after-free',
      message: '0 uses A, freed while its read-side section could still hold it',
      distinct: 57,
      generated: 91,
      depth: 6,
      length: 6,
    });
    // the naive search stores the violating state too (58), and finds it as soon and in as many generated
    expect(naivePointerUpdate(2, 'free-first')).toEqual({ result: 'violation', kind: 'invariant', distinct: 58, generated: 91, depth: 6, length: 6 });
    expect(await verdict(pointerUpdate(1, 'free-first'))).toMatchObject({ property: 'rcu-use-after-free', distinct: 17, generated: 23, length: 6 });
    expect(naivePointerUpdate(1, 'free-first')).toMatchObject({ distinct: 18, generated: 23, length: 6 });
  });
});

describe('the spec compiler', () => {
  // `interleave check` compiles all 9 actions (node strips the types; under vitest an imported function is a
  // module getter, which the compiler does not read, so here the calls may go through the views).
  it('the compiled run of the pointer update equals the interpreted one', async () => {
    const got: unknown[] = [];
    for (const variant of ['synchronize_rcu', 'free-first', 'call_rcu'] as const) {
      const spec = defineSpec({ name: 'rcu' }, () => pointerUpdate(3, variant));
      const compiled = instantiate(spec, 'rcu.ts').model;
      const interpreted = instantiate(spec, 'rcu.ts').model;
      interpretOnly(interpreted);
      expect(codeFor(compiled).report.actions).toHaveLength(9);
      const sum = (r: CheckResult) => (r.result === 'error' ? r.error : [r.result, r.distinctStates, r.generatedStates, r.depth, r.result === 'violation' && r.violation.trace.length]);
      const a = sum(await bfs(compiled));
      expect(a).toEqual(sum(await bfs(interpreted)));
      got.push(a);
    }
    // as `interleave check` with and without --no-compile
    expect(got).toEqual([
      ['ok', 2400, 6653, 17, false],
      ['violation', 127, 233, 6, 6],
      ['ok', 1968, 5357, 15, false],
    ]);
  });
});

describe('read-side sections and grace periods', () => {
  const Task = enumOf('r1', 'r2', 'w');
  const R = rcu(Task, { objects: Obj, maxNesting: 2 });
  const fresh = () => ({
    nesting: { r1: 0, r2: 0, w: 0 },
    waitFor: { r1: { r1: false, r2: false, w: false }, r2: { r1: false, r2: false, w: false }, w: { r1: false, r2: false, w: false } },
    pending: { A: { r1: false, r2: false, w: false }, B: { r1: false, r2: false, w: false } },
    queued: { A: false, B: false },
    freed: { A: false, B: false },
  });
  it('has the types it has at run time', () => {
    expectTypeOf(R.type).toEqualTypeOf<RcuType<typeof Task, typeof Task, typeof Obj>>();
    expectTypeOf(R.type.fields.nesting).toEqualTypeOf<MapType<typeof Task, IntType>>();
    expectTypeOf(R.type.fields.freed).toEqualTypeOf<MapType<typeof Obj, BoolType>>();
    expectTypeOf(R.nesting).parameter(1).toEqualTypeOf<'r1' | 'r2' | 'w'>();
    expectTypeOf(R.use).parameter(3).toEqualTypeOf<'A' | 'B'>();
    expectTypeOf(R.dereference<'A' | 'B'>).returns.toEqualTypeOf<'A' | 'B'>();
    expectTypeOf(rcu(int(0, 1)).type).toEqualTypeOf<RcuType<IntType, IntType, IntType>>();
    expect(Object.keys(R.type.fields)).toEqual(['nesting', 'waitFor', 'pending', 'queued', 'freed']);
    expect(R.type.fields.nesting.of).toEqual(int(0, 2));
    expect(rcu(int(0, 1)).type.fields.freed.key).toEqual(int(0, 0));
  });
  it('waits for the outermost unlock of a reader inside at the start, not for readers that enter later', () => {
    const ctx = recorder();
    const s = fresh();
    R.readLock(s, 'r1');
    R.readLock(s, 'r1');
    R.synchronize(current(ctx, 'w'), s);
    expect(R.gracePeriodDone(s, 'w')).toBe(false);
    R.readLock(s, 'r2'); // later: does not delay it
    R.readUnlock(ctx, s, 'r1'); // inner unlock: still inside
    expect(R.gracePeriodDone(s, 'w')).toBe(false);
    expect(() => R.synchronizeWait(s, 'w')).toThrow(/gracePeriodDone/);
    R.readUnlock(ctx, s, 'r1');
    expect(R.gracePeriodDone(s, 'w')).toBe(true);
    R.synchronizeWait(s, 'w');
    expect(R.nesting(s, 'r2')).toBe(1);
    expect(ctx.failures).toEqual([]);
  });
  it('call_rcu frees once the readers inside at the call have left; at once when none is', () => {
    const ctx = recorder();
    const s = fresh();
    R.readLock(s, 'r1');
    R.callRcu(ctx, s, 'A');
    R.readLock(s, 'r2');
    R.readUnlock(ctx, s, 'r2');
    expect(R.isFreed(s, 'A')).toBe(false);
    R.readUnlock(ctx, s, 'r1');
    expect([R.isFreed(s, 'A'), s.queued.A, s.pending.A.r1]).toEqual([true, false, false]);
    R.callRcu(ctx, s, 'B');
    expect(R.isFreed(s, 'B')).toBe(true);
    R.alloc(s, 'B');
    expect(R.isFreed(s, 'B')).toBe(false);
    expect(ctx.failures).toEqual([]);
  });
  it('reports sleeping in a read-side section, rcu_dereference outside one, unbalanced unlocks and double frees', () => {
    const ctx = recorder();
    const s = fresh();
    R.readLock(s, 'w');
    R.synchronize(current(ctx, 'w'), s); // would wait for itself
    mightSleep(current(ctx, 'w', {}, { rcuNesting: R.nesting(s, 'w') }), 'kmalloc(GFP_KERNEL)');
    R.readUnlock(ctx, s, 'w');
    R.readUnlock(ctx, s, 'w');
    R.dereference(ctx, s, 'r1', 'A');
    R.free(ctx, s, 'A');
    R.free(ctx, s, 'A');
    R.use(ctx, s, 'r1', 'A');
    expect(ctx.failures.map((f) => `${f.property}: ${f.message}`)).toEqual([
      'sleep-in-rcu-read-section: synchronize_rcu by w inside its own RCU read-side section (it would wait for itself)',
      'sleep-in-rcu-read-section: kmalloc(GFP_KERNEL) may sleep, called by w inside an RCU read-side section',
      'unbalanced-call: rcu_read_unlock by w outside an RCU read-side section',
      'suspicious-rcu-usage: rcu_dereference by r1 outside an RCU read-side section',
      'unbalanced-call: kfree of A, already freed',
      'rcu-use-after-free: r1 uses A, freed while its read-side section could still hold it',
    ]);
  });
});
