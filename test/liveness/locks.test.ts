import { describe, expect, it } from 'vitest';
import { check } from '../../checker/check.ts';
import { expectLasso } from './support.ts';

describe('spinlocks with two CPUs (models/classic/spinlocks.ts)', () => {
  it('test-and-set under weak fairness: Cpu0 starves while Cpu1 takes the lock again and again (everyCpuGetsLock fails by a 4-step loop)', async () => {
    const { loaded, result, symmetry, symmetryOffForLiveness } = await check('models/classic/spinlocks.ts', { variant: 'test-and-set' });
    const v = expectLasso(loaded!.model, result, 'everyCpuGetsLock');
    expect(v.message).toContain('for cpu=Cpu0');
    expect(v.trace.map((s) => s.action)).toEqual([null, 'cpu.idle', 'cpu.idle', 'cpu.trying', 'cpu.holding']);
    expect(v.trace.map((s) => s.process ?? null)).toEqual([null, 'cpu[Cpu0]', 'cpu[Cpu1]', 'cpu[Cpu1]', 'cpu[Cpu1]']);
    expect(v.loop).toBe(1);
    // Cpu Ids form a scalarset, but a temporal property turns symmetry reduction off
    expect(symmetry).toBe(false);
    expect(symmetryOffForLiveness).toBe(true);
  });

  it('test-and-set under weak fairness: some CPU always gets the lock (someCpuGetsLock holds)', async () => {
    const { result } = await check('models/classic/spinlocks.ts', { variant: 'test-and-set', skipProperties: ['everyCpuGetsLock'] });
    expect(result.result).toBe('ok');
    if (result.result === 'ok') expect(result.liveness?.properties).toBe(1);
  });

  it('test-and-set under strong fairness: every CPU gets the lock', async () => {
    const { result } = await check('models/classic/spinlocks.ts', { variant: 'test-and-set', params: { fairness: 'strong' } });
    expect(result.result).toBe('ok');
    if (result.result === 'ok') expect(result.distinctStates).toBe(8);
  });

  it('ticket lock under weak fairness: every CPU gets the lock (FIFO order)', async () => {
    const { result } = await check('models/classic/spinlocks.ts', { variant: 'ticket' });
    expect(result.result).toBe('ok');
    if (result.result !== 'ok') return;
    expect(result.distinctStates).toBe(31);
    expect(result.liveness).toMatchObject({ properties: 3, edges: 54 });
  });
});

describe('pgmap teardown (models/pgmap.ts, walker and teardown weakly fair)', () => {
  it('fixed: teardown eventually completes', async () => {
    const { result } = await check('models/pgmap.ts', { variant: 'fixed' });
    expect(result.result).toBe('ok');
    if (result.result === 'ok') expect(result.liveness?.properties).toBe(1);
  });

  it('missing-put: the search stops at the deadlock first (teardown waits forever for the reference never put)', async () => {
    const { result } = await check('models/pgmap.ts', { variant: 'missing-put' });
    expect(result.result).toBe('violation');
    if (result.result === 'violation') expect(result.violation.kind).toBe('deadlock');
  });

  it("missing-put without deadlock checking: teardownEventuallyCompletes fails, A's teardown stuttering in wait_for_completion once the walker and B's teardown (weakly fair) finished", async () => {
    const { loaded, result } = await check('models/pgmap.ts', { variant: 'missing-put', noDeadlock: true });
    const v = expectLasso(loaded!.model, result, 'teardownEventuallyCompletes');
    expect(v.trace).toHaveLength(11);
    expect(v.loop).toBe(10);
    expect(v.trace.at(-1)!.state['pc']).toEqual({ walker: 'done', teardown: { A: 'wait_for_completion', B: 'done' } });
  });
});
