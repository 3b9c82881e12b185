// `.constraint(name, pred)`, TLC's CONSTRAINT (docs/constraints.md): hand-made specs against the naive reference
// search, and two tlaplus/Examples models whose published counts depend on the constraint's exact semantics.
import { describe, expect, expectTypeOf, it } from 'vitest';
import { bfs } from '../../checker/bfs.ts';
import { check } from '../../checker/check.ts';
import { instantiate } from '../../checker/loadSpec.ts';
import { simulate } from '../../checker/traces/simulate.ts';
import { defineSpec, int, model } from '../../spec/index.ts';
import { naiveSearch, type Verdict } from './naiveSearch.ts';

/** x counts up from `init` to `hi`; the constraint keeps x <= `bound`; an optional invariant forbids `bad`. */
function counter(o: { init: number[]; hi: number; bound: number; bad?: number; deadlock?: boolean }) {
  const spec = defineSpec({ name: 'counter' }, () => {
    const m = model({ x: int(0, o.hi) })
      .init((s, { choose }) => void (s.x = choose(o.init)))
      .action('inc', { when: (s) => s.x < o.hi, effect: (n) => void n.x++ })
      .constraint('bounded', (s) => s.x <= o.bound)
      .checkDeadlock(o.deadlock ?? true);
    return o.bad === undefined ? m : m.invariant('notBad', (s) => s.x !== o.bad);
  });
  const naive = naiveSearch<number>({
    init: o.init,
    successors: (x) => (x < o.hi ? [x + 1] : []),
    invariant: (x) => x !== o.bad,
    deadlock: o.deadlock ?? true,
    constraint: (x) => x <= o.bound,
    key: String,
  });
  return { spec, naive };
}

async function engine(spec: ReturnType<typeof counter>['spec']): Promise<Verdict> {
  const r = await bfs(instantiate(spec, 'counter.ts').model);
  if (r.result === 'error') return { result: 'error', distinct: 0, generated: 0, depth: 0 };
  if (r.result === 'incomplete') throw new Error('incomplete');
  const base = { result: r.result, distinct: r.distinctStates, generated: r.generatedStates, depth: r.depth };
  return r.result === 'violation' ? { ...base, kind: r.violation.kind, length: r.violation.trace.length } : base;
}

describe('constraint: TLC semantics on hand-made specs, against the naive search', () => {
  it('a successor outside the constraint is generated but not stored: 0..2 kept, 3 counted (3 distinct, 4 generated, depth 3)', async () => {
    const { spec, naive } = counter({ init: [0], hi: 5, bound: 2 });
    expect(naive).toEqual({ result: 'ok', distinct: 3, generated: 4, depth: 3 });
    expect(await engine(spec)).toEqual(naive);
  });
  it('a state whose only successors leave the constraint is not a deadlock (x = 2 steps to 3); x = 5 with bound 5 is one', async () => {
    const { spec, naive } = counter({ init: [0], hi: 5, bound: 5 });
    expect(naive).toEqual({ result: 'violation', distinct: 6, generated: 6, depth: 6, kind: 'deadlock', length: 6 });
    expect(await engine(spec)).toEqual(naive);
  });
  it('the invariant is checked on a successor outside the constraint: x = 3 violates it in 4 states, never stored', async () => {
    const { spec, naive } = counter({ init: [0], hi: 5, bound: 2, bad: 3 });
    expect(naive).toEqual({ result: 'violation', distinct: 3, generated: 4, depth: 3, kind: 'invariant', length: 4 });
    expect(await engine(spec)).toEqual(naive);
  });
  it('an initial state outside the constraint is counted and checked, not explored: init {0, 4}, bound 2 (3 distinct, 5 generated)', async () => {
    const ok = counter({ init: [0, 4], hi: 5, bound: 2 });
    expect(ok.naive).toEqual({ result: 'ok', distinct: 3, generated: 5, depth: 3 });
    expect(await engine(ok.spec)).toEqual(ok.naive);
    const bad = counter({ init: [0, 4], hi: 5, bound: 2, bad: 4 });
    expect(bad.naive).toEqual({ result: 'violation', distinct: 1, generated: 2, depth: 1, kind: 'invariant', length: 1 });
    expect(await engine(bad.spec)).toEqual(bad.naive);
  });
  it('the violating state outside the constraint ends the trace: 0 -> 1 -> 2 -> 3', async () => {
    const r = await bfs(instantiate(counter({ init: [0], hi: 5, bound: 2, bad: 3 }).spec, 'counter.ts').model);
    expect(r.result === 'violation' && r.violation.trace.map((t) => t.state.x)).toEqual([0, 1, 2, 3]);
  });
  it('random walks stop at the first state outside the constraint: 10 walks of 0 -> 1 -> 2 -> 3, 3 steps each, x > 2 never covered', async () => {
    const spec = defineSpec({ name: 'walk' }, () =>
      model({ x: int(0, 5) })
        .action('inc', { when: (s) => s.x < 5, effect: (n) => void n.x++ })
        .constraint('bounded', (s) => s.x <= 2)
        .cover('beyond', (s) => s.x > 2),
    );
    const r = await simulate(instantiate(spec, 'walk.ts').model, { seed: 1, runs: 10, depth: 20 });
    expect(r).toMatchObject({ result: 'ok', runs: 10, steps: 30, terminated: 10, uncovered: ['beyond'] });
  });
  it('the predicate reads the state as guards do', () => {
    model({ x: int(0, 3) }).constraint('c', (s) => {
      expectTypeOf(s.x).toEqualTypeOf<number>();
      // @ts-expect-error the state is read-only
      s.x = 1;
      return true;
    });
  });
});

const counts = async (file: string, symmetry: boolean) => {
  const { result } = await check(file, { symmetry });
  if (result.result === 'error') throw result.error;
  return { result: result.result, distinct: result.distinctStates, generated: result.generatedStates, depth: result.depth };
};

describe('constraint: tlaplus/Examples models with a CONSTRAINT, TLC counts (specifications/SpecifyingSystems/manifest.json)', () => {
  it('MCInnerFIFO (Message = 3 ids, qLen = 3): 3,864 distinct, 9,660 generated, depth 11', async () => {
    expect(await counts('models/tlaplus/innerFifo.ts', false)).toEqual({ result: 'ok', distinct: 3864, generated: 9660, depth: 11 });
  });
  it('MCAlternatingBit (Data = 2 ids, msgQLen = ackQLen = 2): 240 distinct, 1,392 generated, depth 10', async () => {
    expect(await counts('models/tlaplus/alternatingBit.ts', false)).toEqual({ result: 'ok', distinct: 240, generated: 1392, depth: 10 });
  });
  it('with symmetry reduction the constraints pass the sampled symmetry test: 676 and 120 orbits', async () => {
    expect(await counts('models/tlaplus/innerFifo.ts', true)).toEqual({ result: 'ok', distinct: 676, generated: 1732, depth: 11 });
    expect(await counts('models/tlaplus/alternatingBit.ts', true)).toEqual({ result: 'ok', distinct: 120, generated: 700, depth: 10 });
  });
});
