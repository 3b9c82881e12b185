// Claims about the semantics: stuttering, weak and strong fairness, and the five property kinds,
// each on a model small enough to check by hand.
import { describe, expect, it } from 'vitest';
import { bool, int, model } from '../../spec/index.ts';
import { checkInline, expectLasso } from './support.ts';

/** x counts 0..2; `inc` moves it up by one. */
const counter = (fair?: 'weak' | 'strong') =>
  model({ x: int(0, 2) })
    .action('inc', { when: (s) => s.x < 2, effect: (n, _, { prev }) => void (n.x = prev.x + 1), fair })
    .eventually('reachesTwo', (s) => s.x === 2)
    .checkDeadlock(false);

describe('stuttering', () => {
  it('without fairness a behaviour may stop in its first state: <>(x = 2) fails by a 1-state stuttering lasso', async () => {
    const { model: m, result } = await checkInline(() => counter());
    const v = expectLasso(m, result, 'reachesTwo');
    expect(v.trace.map((s) => s.state)).toEqual([{ x: 0 }]);
    expect(v.loop).toBe(0);
  });

  it('weak fairness of inc forbids stopping while it is enabled: <>(x = 2) holds', async () => {
    const { result } = await checkInline(() => counter('weak'));
    expect(result.result).toBe('ok');
  });

  it('a step that changes nothing is stuttering: a weakly fair self-loop does not force progress', async () => {
    const { model: m, result } = await checkInline(() =>
      model({ x: int(0, 1) })
        .action('spin', { fair: 'weak' })
        .action('go', { when: (s) => s.x === 0, effect: (n) => void (n.x = 1) })
        .eventually('goes', (s) => s.x === 1),
    );
    const v = expectLasso(m, result, 'goes');
    expect(v.trace).toHaveLength(1);
  });
});

/**
 * A toggler flips `light` forever (weakly fair); a waiter may step only while the light is on. The
 * waiter is enabled infinitely often but never continuously.
 */
const toggler = (waiter: 'weak' | 'strong') =>
  model({ light: bool, served: bool })
    .action('toggle', { effect: (n, _, { prev }) => void (n.light = !prev.light), fair: 'weak' })
    .action('serve', { when: (s) => s.light && !s.served, effect: (n) => void (n.served = true), fair: waiter })
    .eventually('getsServed', (s) => s.served);

describe('weak versus strong fairness', () => {
  it('weak fairness lets the waiter starve: a 2-step loop toggling the light, never serving', async () => {
    const { model: m, result } = await checkInline(() => toggler('weak'));
    const v = expectLasso(m, result, 'getsServed');
    expect(v.trace.map((s) => s.state)).toEqual([
      { light: false, served: false },
      { light: true, served: false },
      { light: false, served: false },
    ]);
    expect(v.loop).toBe(0);
  });

  it('strong fairness serves the waiter: enabled infinitely often means taken', async () => {
    const { result } = await checkInline(() => toggler('strong'));
    expect(result.result).toBe('ok');
  });

  it('strong fairness refines a component: states where an untaken strong action is enabled are dropped, and what is left may still stutter', async () => {
    // a <-> b by an unfair action; the strongly fair `leave` is enabled only in b and leads out to c.
    // The component {a, b} is unfair (leave enabled in b, never taken inside); dropping b leaves {a},
    // where nothing fair is enabled: the behaviour a, b, a, stop is fair and never reaches c.
    const { model: m, result } = await checkInline(() =>
      model({ at: int(0, 2) })
        .action('hop', { when: (s) => s.at < 2, effect: (n, _, { prev }) => void (n.at = 1 - prev.at) })
        .action('leave', { when: (s) => s.at === 1, effect: (n) => void (n.at = 2), fair: 'strong' })
        .eventually('leaves', (s) => s.at === 2)
        .checkDeadlock(false),
    );
    const v = expectLasso(m, result, 'leaves');
    expect(v.trace.map((s) => s.state)).toEqual([{ at: 0 }]);
  });
});

/** x cycles 0 -> 1 -> 2 -> 0 under weak fairness; `stop` (unfair) may park it at 3. */
const cycler = () =>
  model({ x: int(0, 3) })
    .action('step', { when: (s) => s.x < 3, effect: (n, _, { prev }) => void (n.x = (prev.x + 1) % 3), fair: 'weak' })
    .action('stop', { when: (s) => s.x === 2, effect: (n) => void (n.x = 3) })
    .checkDeadlock(false);

describe('the five kinds of temporal property', () => {
  it('[]<>p holds when p comes back on every fair behaviour, and fails on the cycle that avoids it', async () => {
    expect((await checkInline(() => cycler().alwaysEventually('zeroAgain', (s) => s.x === 0))).result.result).toBe('violation');
    const { model: m, result } = await checkInline(() => cycler().alwaysEventually('zeroAgain', (s) => s.x === 0));
    const v = expectLasso(m, result, 'zeroAgain');
    // 0 -> 1 -> 2 -> stop at 3 (stuttering there is fair: step is disabled)
    expect(v.trace.map((s) => s.state.x)).toEqual([0, 1, 2, 3]);
    expect(v.loop).toBe(3);
    expect((await checkInline(() => cycler().alwaysEventually('someNotZero', (s) => s.x !== 0))).result.result).toBe('ok');
  });

  it('<>[]p fails on a fair cycle through a state where p fails', async () => {
    const { model: m, result } = await checkInline(() => cycler().eventuallyAlways('settles', (s) => s.x === 3));
    const v = expectLasso(m, result, 'settles');
    expect(v.trace.map((s) => s.state.x)).toEqual([0, 1, 2, 0]);
    expect(v.loop).toBe(0);
  });

  it('p ~> q starts the obligation where p holds: the lasso names that state', async () => {
    const { model: m, result } = await checkInline(() =>
      cycler().leadsTo(
        'twoLeadsToZero',
        (s) => s.x === 2,
        (s) => s.x === 0,
      ),
    );
    const v = expectLasso(m, result, 'twoLeadsToZero');
    expect(v.trace.map((s) => s.state.x)).toEqual([0, 1, 2, 3]);
    expect(v.message).toContain('p holds in state 3');
  });

  it('p ~> []q: after p, q must eventually hold forever (fails while the cycle can go on, holds once a strongly fair step parks it)', async () => {
    const { model: m, result } = await checkInline(() =>
      cycler().leadsToAlways(
        'oneLeadsToNonZeroForever',
        (s) => s.x === 1,
        (s) => s.x !== 0,
      ),
    );
    const v = expectLasso(m, result, 'oneLeadsToNonZeroForever');
    // the obligation starts at x = 1; the loop from there passes x = 0 again and again
    expect(v.trace.map((s) => s.state.x)).toEqual([0, 1, 2, 0, 1]);
    expect(v.loop).toBe(1);
    const stopped = await checkInline(() =>
      cycler()
        // park is enabled at x = 2 only, once per round: strong fairness makes it happen
        .action('park', { when: (s) => s.x === 2, effect: (n) => void (n.x = 3), fair: 'strong' })
        .leadsToAlways(
          'twoLeadsToThreeForever',
          (s) => s.x === 2,
          (s) => s.x === 3,
        ),
    );
    expect(stopped.result.result).toBe('ok');
  });

  it('a property with parameters is one property per value, and the lasso names the value', async () => {
    const { model: m, result } = await checkInline(() => cycler().alwaysEventually('visits', { v: int(0, 3) }, (s, { v }) => s.x === v));
    const v = expectLasso(m, result, 'visits');
    expect(v.message).toContain('for v=0');
  });
});

describe('large graphs', () => {
  it('one strongly connected component of 200,000 states (a ring) is searched without recursion: []<>(x = 0) holds', async () => {
    const N = 200_000;
    const { result } = await checkInline(() =>
      model({ x: int(0, N - 1) })
        .action('step', { effect: (n, _, { prev }) => void (n.x = (prev.x + 1) % N), fair: 'weak' })
        .alwaysEventually('backToZero', (s) => s.x === 0),
    );
    expect(result.result).toBe('ok');
    if (result.result === 'ok') expect(result.liveness).toMatchObject({ properties: 1, edges: N });
  });
});

describe('errors', () => {
  it('a temporal predicate that throws is a SPEC_THROW error naming the property', async () => {
    const { result } = await checkInline(() =>
      counter('weak').eventually('broken', (s) => {
        if (s.x === 1) throw new Error('boom');
        return true;
      }),
    );
    expect(result.result).toBe('error');
    if (result.result !== 'error') return;
    expect(result.error.code).toBe('SPEC_THROW');
    expect(result.error.message).toContain("property 'broken'");
  });

  it('a temporal property needs its predicates: leadsTo without a target does not build', () => {
    expect(() => (model({ x: int(0, 1) }) as any).leadsTo('half', (s: { x: number }) => s.x === 0)).toThrow("property 'half': leadsTo takes two state predicates");
  });
});
