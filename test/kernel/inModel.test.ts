// The primitives inside real models: their checks surface as violations of the search, on state
// drafts (records, sets, maps keyed by a scalarset) rather than plain objects.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { check } from '../../checker/check.ts';
import { countMirrorStates } from './mirrorNaive.ts';

describe('kernel primitives in a model', () => {
  it('mmu notifier with read_retry keeps two device mirrors coherent: 121 distinct states, as a naive search counts', async () => {
    const { result } = await check('test/kernel/fixtures/mirror.ts', { variant: 'fixed', symmetry: false });
    expect(countMirrorStates(true)).toBe(121);
    expect(result.result === 'ok' ? result.distinctStates : result).toBe(121);
  });
  it('without read_retry a device maps the old page after the invalidation ends (7 states)', async () => {
    const { result } = await check('test/kernel/fixtures/mirror.ts', { variant: 'no-retry', symmetry: false });
    expect(result.result).toBe('violation');
    if (result.result !== 'violation') return;
    expect([result.violation.kind, result.violation.property, result.violation.trace.length]).toEqual(['invariant', 'mirrorCoherent', 7]);
    expect(result.violation.trace.map((s) => s.action)).toEqual([
      null,
      'device.read_begin',
      'migrator.invalidate_range_start',
      'device.hmm_range_fault',
      'migrator.set_pte',
      'migrator.invalidate_range_end',
      'device.program_mirror',
    ]);
  });
  it("the example of docs/kernel.md runs as documented: 6 states for fixed, sleep-under-spinlock in 2 states", async () => {
    const doc = readFileSync('docs/kernel.md', 'utf8');
    const code = /```ts\n([\s\S]*?)```/.exec(doc)![1]!.replace("from 'interleave'", `from '${resolve('spec/index.ts')}'`);
    const file = join(mkdtempSync(join(tmpdir(), 'kernel-doc-')), 'ptl-alloc.ts');
    writeFileSync(file, code);
    const fixed = (await check(file, { variant: 'fixed' })).result;
    expect(fixed.result === 'ok' ? fixed.distinctStates : fixed).toBe(6);
    const bad = (await check(file, { variant: 'alloc-under-ptl' })).result;
    expect(bad.result).toBe('violation');
    if (bad.result !== 'violation') return;
    expect([bad.violation.kind, bad.violation.property, bad.violation.trace.length, bad.violation.message]).toEqual([
      'action',
      'sleep-under-spinlock',
      2,
      'alloc_page(GFP_KERNEL) may sleep, called by fault while holding ptl',
    ]);
  });
});
