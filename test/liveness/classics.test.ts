import { describe, expect, it } from 'vitest';
import { check } from '../../checker/check.ts';
import { expectLasso } from './support.ts';

describe('DiningPhilosophers (tlaplus/Examples specifications/DiningPhilosophers, NP = 5)', () => {
  it('explores 67 distinct and 336 generated states at depth 29, as TLC counts, and NobodyStarves holds', async () => {
    const { result } = await check('models/classic/diningPhilosophers.ts');
    expect(result.result).toBe('ok');
    if (result.result !== 'ok') return;
    expect(result.distinctStates).toBe(67);
    expect(result.generatedStates).toBe(336);
    expect(result.depth).toBe(29);
    // one property instance per philosopher; every generated successor is a stored edge
    expect(result.liveness).toMatchObject({ properties: 5, edges: 335 });
  });

  it('without fair processes NobodyStarves fails: philosopher 1 starves when everybody stops at once', async () => {
    const { loaded, result } = await check('models/classic/diningPhilosophers.ts', { params: { fair: false } });
    const v = expectLasso(loaded!.model, result, 'NobodyStarves');
    expect(v.trace).toHaveLength(1);
    expect(v.loop).toBe(0);
    expect(v.message).toContain('for p=1');
  });
});

describe('MCRealTimeHourClock (tlaplus/Examples specifications/SpecifyingSystems/RealTime)', () => {
  it('explores 216 distinct states (72 initial) and finds ErrorTemporal violated by a lasso that ends stuttering at now = 4', async () => {
    const { loaded, result } = await check('models/classic/realTimeHourClock.ts');
    const v = expectLasso(loaded!.model, result, 'ErrorTemporal');
    if (result.result !== 'violation') return;
    expect(result.distinctStates).toBe(216);
    // 72 initial states + per (now, t) the NowNext jumps, the tick when t >= 1 and the stuttering step
    expect(result.generatedStates).toBe(696);
    // shortest prefix: now = 1 jumps to 4 (t = 3, the most the timer allows), then stutters forever
    expect(v.trace.map((s) => s.state)).toEqual([
      { hr: 1, now: 1, t: 0 },
      { hr: 1, now: 4, t: 3 },
    ]);
    expect(v.loop).toBe(1);
  });
});
