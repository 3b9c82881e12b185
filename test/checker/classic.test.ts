// Conformance with TLC's published counts for specs of the tlaplus/Examples repository.
import { describe, expect, it } from 'vitest';
import { check } from '../../checker/check.ts';

const counts = async (file: string, params: Record<string, number | boolean> = {}) => {
  const { result } = await check(file, { params, symmetry: false });
  if (result.result === 'error') throw result.error;
  return { result: result.result, distinct: result.distinctStates, generated: result.generatedStates, depth: result.depth };
};

describe('DieHard (specifications/DieHard)', () => {
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
    expect(await counts('models/classic/diehard.ts', { solve: false })).toEqual({ result: 'ok', distinct: 16, generated: 97, depth: 8 });
  });
});

describe('transaction commit (specifications/transaction_commit)', () => {
  it('TCommit with 3 resource managers: 34 distinct, 94 generated, depth 7', async () => {
    expect(await counts('models/classic/tcommit.ts')).toEqual({ result: 'ok', distinct: 34, generated: 94, depth: 7 });
  });
  it('TwoPhase with 3 resource managers: 288 distinct, 1146 generated, depth 11', async () => {
    expect(await counts('models/classic/twophase.ts')).toEqual({ result: 'ok', distinct: 288, generated: 1146, depth: 11 });
  });
});
