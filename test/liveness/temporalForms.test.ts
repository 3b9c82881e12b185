// `P => <>Q` of the initial state (`.initiallyLeadsTo`) and `[](p => []p)` (`.stable`), against verdicts computed by
// hand. The model: x starts at 0 or 1; `up` takes 0 to 1 and marks the behaviour late; the weakly fair `finish` takes
// 1 to 2, but only on a behaviour that is not late. With P = (x = 1), Q = (x = 2):
//   P => <>Q : the one initial state with P, {x: 1, late: false}, must finish (WF): holds.
//   P ~> Q   : {x: 1, late: true}, reached by `up`, has P and nothing to do: fails, a 2-state lasso stuttering there.
//   P => <>Q without fairness on finish: the initial state {x: 1} may stutter forever: fails, a 1-state lasso.
import { describe, expect, expectTypeOf, it } from 'vitest';
import { bfs } from '../../checker/bfs.ts';
import { instantiate } from '../../checker/loadSpec.ts';
import { bool, defineSpec, int, model } from '../../spec/index.ts';
import { checkInline, expectLasso } from './support.ts';

const late = (fair: boolean) =>
  model({ x: int(0, 2), late: bool })
    .init((s, { choose }) => void (s.x = choose([0, 1])))
    .action('up', { when: (s) => s.x === 0, effect: (n) => void ((n.x = 1), (n.late = true)) })
    .action('finish', { when: (s) => s.x === 1 && !s.late, effect: (n) => void (n.x = 2), ...(fair ? { fair: 'weak' as const } : {}) })
    .checkDeadlock(false);
const P = (s: { x: number }) => s.x === 1;
const Q = (s: { x: number }) => s.x === 2;

describe('P => <>Q, a property of the initial state', () => {
  it('holds: the initial state with P finishes under WF(finish); the later P-state {x: 1, late: true} asks for nothing', async () => {
    expect((await checkInline(() => late(true).initiallyLeadsTo('finishes', P, Q))).result).toMatchObject({ result: 'ok', distinctStates: 4 });
  });
  it('P ~> Q fails on the same model: 0 -> {x: 1, late: true}, then stutters', async () => {
    const { model: m, result } = await checkInline(() => late(true).leadsTo('finishes', P, Q));
    const v = expectLasso(m, result, 'finishes');
    expect(v.trace.map((s) => s.state)).toEqual([{ x: 0, late: false }, { x: 1, late: true }]);
  });
  it('fails without fairness: the initial state {x: 1} stutters forever (a 1-state lasso)', async () => {
    const { model: m, result } = await checkInline(() => late(false).initiallyLeadsTo('finishes', P, Q));
    const v = expectLasso(m, result, 'finishes');
    expect(v.trace.map((s) => s.state)).toEqual([{ x: 1, late: false }]);
    expect(v.message).toBe('P => <>Q: P holds in the initial state, and Q never holds; the behaviour stutters in state 1 forever (no fairness is declared: a behaviour may stop anywhere)');
  });
});

/** A flag that, once set, must stay set; the buggy variant clears it again. */
const latch = (buggy: boolean) =>
  defineSpec({ name: 'latch' }, () => {
    const m = model({ n: int(0, 3), set: bool })
      .action('count', { when: (s) => s.n < 3, effect: (n) => void n.n++ })
      .action('latch', { when: (s) => s.n === 2, effect: (n) => void (n.set = true) })
      .stable('staysSet', (s) => s.set)
      .checkDeadlock(false);
    return buggy ? m.action('clear', { when: (s) => s.n === 3, effect: (n) => void (n.set = false) }) : m;
  });

describe('[](p => []p), stable', () => {
  it('types: the predicates read the state as guards do', () => {
    model({ x: int(0, 1) })
      .stable('s', (s) => {
        expectTypeOf(s.x).toEqualTypeOf<number>();
        // @ts-expect-error the state is read-only
        s.x = 1;
        return true;
      })
      .initiallyLeadsTo('i', (s) => s.x === 0, (s) => {
        expectTypeOf(s.x).toEqualTypeOf<number>();
        return true;
      });
  });
  it('holds when nothing clears the flag (6 distinct states: n = 0..3, set only from n = 2 on)', async () => {
    expect(await bfs(instantiate(latch(false), 'latch.ts').model)).toMatchObject({ result: 'ok', distinctStates: 6 });
  });
  it('fails on the first step that clears it: 0, 1, 2, latch, 3, clear (6 states), an action property on that step', async () => {
    const r = await bfs(instantiate(latch(true), 'latch.ts').model);
    expect(r.result === 'violation' && { kind: r.violation.kind, property: r.violation.property, steps: r.violation.trace.map((t) => t.action) }).toEqual({
      kind: 'action',
      property: 'staysSet',
      steps: [null, 'count', 'count', 'latch', 'count', 'clear'],
    });
  });
});
