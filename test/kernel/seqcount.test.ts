import { describe, expect, it } from 'vitest';
import { rawReadSeqcount, readSeqcountRetry, seqcountType, seqcountWriteInProgress, writeSeqcountBegin, writeSeqcountEnd } from '../../spec/kernel/index.ts';
import { recorder } from './recorder.ts';

describe('seqcount (write_protect_seq)', () => {
  it('is odd inside a write section and moves by two per section', () => {
    const ctx = recorder();
    const sc = { sequence: 0 };
    const start = rawReadSeqcount(sc);
    writeSeqcountBegin(ctx, sc);
    expect(seqcountWriteInProgress(sc)).toBe(true);
    expect(readSeqcountRetry(sc, start)).toBe(true);
    writeSeqcountEnd(ctx, sc);
    expect(sc.sequence).toBe(2);
    expect(seqcountWriteInProgress(sc)).toBe(false);
    expect(readSeqcountRetry(sc, start)).toBe(true);
    expect(readSeqcountRetry(sc, 2)).toBe(false);
    expect(ctx.failures).toEqual([]);
  });
  it('reports unbalanced-call for a nested begin and for an end without begin', () => {
    const ctx = recorder();
    writeSeqcountBegin(ctx, { sequence: 1 });
    writeSeqcountEnd(ctx, { sequence: 2 });
    expect(ctx.properties()).toEqual(['unbalanced-call', 'unbalanced-call']);
  });
  it('bounds the counter by the write sections a model runs', () => {
    expect(seqcountType(2).fields.sequence.hi).toBe(4);
  });
});
