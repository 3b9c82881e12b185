import { describe, expect, it } from 'vitest';
import { check } from '../../checker/check.ts';

describe('DieHard (tlaplus/Examples specifications/DieHard)', () => {
  it('finds NotSolved violated by a shortest trace of 7 states', async () => {
    const { result } = await check('models/classic/diehard.ts');
    expect(result.result).toBe('violation');
    if (result.result !== 'violation') return;
    expect(result.violation.kind).toBe('invariant');
    expect(result.violation.property).toBe('NotSolved');
    expect(result.violation.trace).toHaveLength(7);
    expect(result.violation.trace.at(-1)!.state).toEqual({ big: 4, small: 3 });
  });
  it('with NotSolved off: 16 distinct, 97 generated, as TLC counts', async () => {
    const { result } = await check('models/classic/diehard.ts', { params: { solve: false } });
    expect(result.result).toBe('ok');
    if (result.result !== 'ok') return;
    expect(result.distinctStates).toBe(16);
    expect(result.generatedStates).toBe(97);
  });
});
