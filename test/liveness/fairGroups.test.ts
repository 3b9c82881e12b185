// Fairness over a group of actions (`.fair(kind, names)`): WF/SF of a disjunction, and of `\E c : A(c)`, against
// verdicts computed by hand. The model: `tick` flips y forever (no fairness); `a` may finish only while y = 0, `b`
// only while y = 1. Each is enabled in every other state of the ticking behaviour, never continuously; one of the
// two is enabled in every state until done.
//   WF(a) /\ WF(b)    : the ticking loop y = 0 -> 1 -> 0 is fair (neither is continuously enabled): <>done fails.
//   WF(a \/ b)        : a \/ b is enabled in every state of that loop and never taken: unfair, so <>done holds.
//   SF(a) /\ SF(b)    : each is enabled infinitely often in the loop: unfair, <>done holds.
// The same with one action `set(c)`, c in {0, 1}, enabled while y = c: `fair: 'weak'` on it is
// \A c : WF(set(c)) (fails), `.fair('weak', 'set')` is WF(\E c : set(c)) (holds).
import { describe, expect, expectTypeOf, it } from 'vitest';
import { compile } from '../../checker/compile.ts';
import { bool, int, model } from '../../spec/index.ts';
import { checkInline, expectLasso } from './support.ts';

const ticking = () =>
  model({ y: int(0, 1), done: bool })
    .action('tick', { effect: (n) => void (n.y = 1 - n.y) })
    .eventually('finishes', (s) => s.done);

const twoActions = (fair: { a?: 'weak' | 'strong'; group?: 'weak' | 'strong' }) => {
  const m = ticking()
    .action('a', { when: (s) => s.y === 0 && !s.done, effect: (n) => void (n.done = true), fair: fair.a })
    .action('b', { when: (s) => s.y === 1 && !s.done, effect: (n) => void (n.done = true), fair: fair.a });
  return fair.group ? m.fair(fair.group, ['a', 'b']) : m;
};

const withParam = (fair: { each?: 'weak'; group?: 'weak' }) => {
  const m = ticking().action('set', { c: int(0, 1) }, { when: (s, { c }) => s.y === c && !s.done, effect: (n) => void (n.done = true), fair: fair.each });
  return fair.group ? m.fair(fair.group, 'set') : m;
};

describe('fairness over a group of actions', () => {
  it('WF(a) /\\ WF(b): <>done fails by the ticking loop (y = 0 -> 1 -> 0, 3 states, loop from state 1)', async () => {
    const { model: m, result } = await checkInline(() => twoActions({ a: 'weak' }));
    const v = expectLasso(m, result, 'finishes');
    expect(v.trace.map((s) => s.state)).toEqual([{ y: 0, done: false }, { y: 1, done: false }, { y: 0, done: false }]);
    expect(v.loop).toBe(0);
  });
  it('WF(a \\/ b): <>done holds', async () => {
    expect((await checkInline(() => twoActions({ group: 'weak' }))).result).toMatchObject({ result: 'ok', distinctStates: 4 });
  });
  it('SF(a) /\\ SF(b): <>done holds', async () => {
    expect((await checkInline(() => twoActions({ a: 'strong' }))).result.result).toBe('ok');
  });
  it('\\A c : WF(set(c)) (fair on the action): <>done fails; WF(\\E c : set(c)) (.fair on its name): holds', async () => {
    const each = await checkInline(() => withParam({ each: 'weak' }));
    expect(expectLasso(each.model, each.result, 'finishes').trace).toHaveLength(3);
    expect((await checkInline(() => withParam({ group: 'weak' }))).result.result).toBe('ok');
  });
  it('a whole process as a group is WF(\\E self : Proc(self)): one fair unit over both instances', async () => {
    // each instance may finish only while y names it: per instance WF fails, the group holds
    const build = (group: boolean) => () => {
      const m = model({ y: int(0, 1), done: bool })
        .action('tick', { effect: (n) => void (n.y = 1 - n.y) })
        .process('worker', int(0, 1), { work: { when: (s, { self }) => s.y === self && !s.done, effect: (n) => void (n.done = true), next: 'work' } }, group ? {} : { fair: 'weak' })
        .eventually('finishes', (s) => s.done);
      return group ? m.fair('weak', 'worker') : m;
    };
    const each = await checkInline(build(false));
    expectLasso(each.model, each.result, 'finishes');
    expect((await checkInline(build(true))).result.result).toBe('ok');
  });
  it('types: a kind is weak or strong, the names a string or a list of them', () => {
    const m = ticking().action('a', {});
    expectTypeOf(m.fair).parameters.toEqualTypeOf<['weak' | 'strong', string | readonly string[]]>();
    // @ts-expect-error no such kind
    expect(() => m.fair('fair', 'a')).toThrow(/fair must be 'weak' or 'strong'/);
  });
  it('an unknown name is refused (test/corpus/constraint/fair-unknown-name: with its line)', () => {
    expect(() => compile(twoActions({}).fair('weak', ['a', 'c']).build())).toThrow(/fair\('weak', \.\.\.\): no action, process step or process is named 'c'/);
  });
});
