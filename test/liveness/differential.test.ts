// Differential test: fast-check draws small random transition systems with weak and strong fairness,
// and a random temporal property; the checker's verdict and the length of its lasso's prefix must
// equal those of a deliberately naive oracle written here, which tries every set of states as "the
// states visited infinitely often" (exponential, and obviously right), and every lasso must replay.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { TemporalKind } from '../../spec/index.ts';
import { int, model } from '../../spec/index.ts';
import { checkInline, expectLasso } from './support.ts';

interface Edge {
  from: number;
  to: number;
}
interface Unit {
  kind: 'weak' | 'strong' | 'none';
  edges: Edge[];
}
interface Case {
  n: number;
  init: number[];
  units: Unit[];
  kind: TemporalKind;
  p: boolean[];
  q: boolean[];
}

const gen: fc.Arbitrary<Case> = fc.integer({ min: 1, max: 5 }).chain((n) => {
  const state = fc.integer({ min: 0, max: n - 1 });
  const edge = fc.record({ from: state, to: state });
  const unit = fc.record({ kind: fc.constantFrom('weak' as const, 'strong' as const, 'none' as const), edges: fc.array(edge, { maxLength: 4 }) });
  return fc.record({
    n: fc.constant(n),
    init: fc.uniqueArray(state, { minLength: 1, maxLength: 2 }),
    units: fc.array(unit, { minLength: 1, maxLength: 3 }),
    kind: fc.constantFrom<TemporalKind>('eventually', 'alwaysEventually', 'eventuallyAlways', 'leadsTo', 'leadsToAlways', 'initiallyLeadsTo'),
    p: fc.array(fc.boolean(), { minLength: n, maxLength: n }),
    q: fc.array(fc.boolean(), { minLength: n, maxLength: n }),
  });
});

/** The case as a spec: one action per unit, choosing among its edges from the current state. */
function build(c: Case) {
  let m = model({ x: int(0, c.n - 1) })
    .init((s, { choose }) => void (s.x = choose(c.init)))
    .checkDeadlock(false);
  c.units.forEach((u, k) => {
    const targets = (x: number) => u.edges.filter((e) => e.from === x).map((e) => e.to);
    m = m.action(`a${k}`, {
      when: (s) => targets(s.x).length > 0,
      effect: (n, _, { prev, choose }) => void (n.x = choose(targets(prev.x))),
      ...(u.kind === 'none' ? {} : { fair: u.kind }),
    });
  });
  const p = (s: { x: number }) => c.p[s.x]!;
  const q = (s: { x: number }) => c.q[s.x]!;
  return c.kind === 'leadsTo' || c.kind === 'leadsToAlways' || c.kind === 'initiallyLeadsTo' ? m[c.kind]('prop', p, q) : m[c.kind]('prop', p);
}

/** The naive answer: null when the property holds, else the length of the shortest lasso prefix. */
function oracle(c: Case): number | null {
  const succ = (x: number) => [...new Set(c.units.flatMap((u) => u.edges.filter((e) => e.from === x && e.to !== x).map((e) => e.to)))];
  const start = c.kind === 'eventually' || c.kind === 'initiallyLeadsTo' ? 'initial' : 'anywhere';
  const trigger = (x: number) => (c.kind === 'leadsTo' || c.kind === 'leadsToAlways' || c.kind === 'initiallyLeadsTo' ? c.p[x]! : true);
  const within = (x: number) => (c.kind === 'eventually' || c.kind === 'alwaysEventually' ? !c.p[x] : c.kind === 'leadsTo' || c.kind === 'initiallyLeadsTo' ? !c.q[x] : true);
  const accept = (x: number) => (c.kind === 'eventuallyAlways' ? !c.p[x] : c.kind === 'leadsToAlways' ? !c.q[x] : true);
  const reach = (from: number[], ok: (x: number) => boolean) => {
    const seen = new Set(from.filter(ok));
    const todo = [...seen];
    while (todo.length) for (const y of succ(todo.pop()!)) if (ok(y) && !seen.has(y)) (seen.add(y), todo.push(y));
    return seen;
  };
  const reachable = reach(c.init, () => true);
  const seeds = start === 'initial' ? c.init.filter((x) => trigger(x) && within(x)) : [...reachable].filter((x) => trigger(x) && within(x));
  const inWithin = reach(seeds, within);
  const enabled = (x: number, u: Unit) => u.edges.some((e) => e.from === x && e.to !== x);
  // every set of states that a fair behaviour could visit forever, as bit masks
  const good = new Set<number>();
  for (let mask = 1; mask < 1 << c.n; mask++) {
    const S = [...Array(c.n).keys()].filter((x) => mask & (1 << x));
    if (!S.every((x) => inWithin.has(x)) || !S.some(accept)) continue;
    const inS = (x: number) => (mask & (1 << x)) !== 0;
    if (S.length > 1 && !S.every((x) => S.every((y) => reach([x], inS).has(y)))) continue;
    const fair = c.units.every((u) => {
      if (u.kind === 'none') return true;
      const taken = u.edges.some((e) => e.from !== e.to && inS(e.from) && inS(e.to));
      return taken || (u.kind === 'weak' ? S.some((x) => !enabled(x, u)) : S.every((x) => !enabled(x, u)));
    });
    if (fair) for (const x of S) good.add(x);
  }
  if (good.size === 0) return null;
  // shortest prefix: BFS over (state, phase), phase 1 once the obligation has begun
  const dist = new Map<string, number>();
  const queue: [number, number][] = [];
  const push = (x: number, phase: number, d: number) => {
    if (dist.has(`${x},${phase}`)) return;
    dist.set(`${x},${phase}`, d);
    queue.push([x, phase]);
  };
  for (const x of c.init) {
    if (start === 'anywhere') push(x, 0, 0);
    if (trigger(x) && within(x)) push(x, 1, 0);
  }
  for (let head = 0; head < queue.length; head++) {
    const [x, phase] = queue[head]!;
    const d = dist.get(`${x},${phase}`)!;
    if (phase === 1 && good.has(x)) return d;
    for (const y of succ(x)) {
      if (phase === 1) {
        if (within(y)) push(y, 1, d + 1);
      } else {
        push(y, 0, d + 1);
        if (trigger(y) && within(y)) push(y, 1, d + 1);
      }
    }
  }
  throw new Error('oracle: a good state is unreachable');
}

describe('liveness against a naive oracle', () => {
  it('agrees on 1,000 random fair transition systems: verdict, shortest prefix, and a lasso that replays', async () => {
    await fc.assert(
      fc.asyncProperty(gen, async (c) => {
        const expected = oracle(c);
        const { model: m, result } = await checkInline(() => build(c));
        if (expected === null) {
          expect(result.result).toBe('ok');
          return;
        }
        const v = expectLasso(m, result, 'prop');
        expect(v.loop).toBe(expected);
      }),
      { numRuns: 1000, seed: 7 },
    );
  });
});
