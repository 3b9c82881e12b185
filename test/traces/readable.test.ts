// Readable traces: the initial state summarised to what the steps touch, each step at its own line with
// the values that decided it, an invariant failure's false part and witness, display names, values as the
// spec names them, and `--lanes`. Exact text for a small spec and for the flagship counterexample.
import { readFileSync } from 'node:fs';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { loadModel } from '../../checker/loadSpec.ts';
import { bool, enumOf, model, shownAs, type EnumType } from '../../spec/index.ts';
import type { ActionDef, ActionEntry, StepDef } from '../../spec/model.ts';
import { cli } from '../cli/run.ts';

const SPIN = 'test/traces/fixtures/spinRace.ts';
/** The report up to the end of the trace (the statistics after it hold timings). */
const head = (out: string) => out.slice(0, out.indexOf('\n\n', out.indexOf('Counterexample')));

describe('readable traces', () => {
  it('prints the spin race with its initial state summarised, steps at their own lines with their display names and reads, and the false part of the invariant with its witnesses', async () => {
    const r = await cli('check', SPIN);
    expect(r.code).toBe(1);
    expect(head(r.out)).toBe(
      [
        'spin-race: invariant exclusive violated (test/traces/fixtures/spinRace.ts:28)',
        '  false: cpus.every((c) => !s.held[c] || cpus.every((d) => d === c || !s.held[d])), for c = Cpu0',
        '  false: cpus.every((d) => d === c || !s.held[d]), for d = Cpu1',
        '  false: !s.held[d]',
        '  with: held[Cpu1] = true',
        '',
        'Counterexample, 5 states:',
        '1. initial state',
        '     locked = false',
        '     held[Cpu0] = false',
        '     held[Cpu1] = false',
        '     pc.cpu[Cpu0] = test',
        '     pc.cpu[Cpu1] = test',
        '     (1 other variable that no step reads or changes; --full prints them)',
        '2. cpu[Cpu0]: test [spin_is_locked]   (test/traces/fixtures/spinRace.ts:10)',
        '     pc.cpu[Cpu0]: test -> take',
        '     read: locked = false',
        '3. cpu[Cpu1]: test [spin_is_locked]   (test/traces/fixtures/spinRace.ts:10)',
        '     pc.cpu[Cpu1]: test -> take',
        '     read: locked = false',
        '4. cpu[Cpu0]: take [spin_lock]   (test/traces/fixtures/spinRace.ts:11)',
        '     locked: false -> true',
        '     held[Cpu0]: false -> true',
        '     pc.cpu[Cpu0]: take -> unlock',
        '5. cpu[Cpu1]: take [spin_lock]   (test/traces/fixtures/spinRace.ts:11)',
        '     held[Cpu1]: false -> true',
        '     pc.cpu[Cpu1]: take -> unlock',
      ].join('\n'),
    );
  });

  it('prints the spin race as two lanes, one per CPU, with display names, writes (=) and deciding reads (==)', async () => {
    const r = await cli('check', SPIN, '--lanes');
    expect(r.code).toBe(1);
    expect(r.out.slice(r.out.indexOf('initially:'), r.out.indexOf('\n\n7 distinct states'))).toBe(
      [
        'initially: locked = false, held[Cpu0] = false, held[Cpu1] = false',
        '',
        'cpu[Cpu0]              cpu[Cpu1]',
        '---------------------  ---------------------',
        '2 spin_is_locked',
        '    locked == false',
        '                       3 spin_is_locked',
        '                           locked == false',
        '4 spin_lock',
        '    locked = true',
        '    held[Cpu0] = true',
        '                       5 spin_lock',
        '                           held[Cpu1] = true',
      ].join('\n'),
    );
    expect(r.out).not.toMatch(/\x1b\[/);
  });

  it('prints every variable of the initial state, and no reads, with --full', async () => {
    const r = await cli('check', SPIN, '--full');
    expect(head(r.out)).toContain('     spare = 0\n');
    expect(head(r.out)).not.toContain('read:');
  });

  it('replays the no-reinvalidate counterexample as the lanes committed beside it', async () => {
    const r = await cli('replay', 'counterexamples/migrate/no-reinvalidate.json', '--lanes');
    expect(r.code).toBe(1);
    expect(r.out).toBe(readFileSync('counterexamples/migrate/no-reinvalidate.lanes.txt', 'utf8'));
  });

  it('locates the steps of one .process(...) call each at its own label, with the reads that decided them', async () => {
    const r = await cli('replay', 'counterexamples/migrate/no-reinvalidate.json');
    const steps = r.out.split('\n').filter((l) => /^\d\. migrate\[Dev0\]/.test(l));
    expect(steps).toEqual([
      '2. migrate[Dev0]: setup_invalidateStart [mmu_notifier_invalidate_range_start]   (models/migrate.ts:275)',
      '3. migrate[Dev0]: collect [migrate_vma_collect_pmd]   (models/migrate.ts:276)',
      '4. migrate[Dev0]: setup_invalidateEnd [mmu_notifier_invalidate_range_end]   (models/migrate.ts:298)',
      '8. migrate[Dev0]: allocAndCopy [dmirror_migrate_alloc_and_copy]   (models/migrate.ts:317)',
      '9. migrate[Dev0]: pages_insertPage [migrate_vma_insert_page]   (models/migrate.ts:334)',
    ]);
    expect(r.out).toContain('     read: migration[Dev0].dst = true, devPage[Dev0].pins = 0\n');
    expect(r.out).toContain('     notifier.sub[Dev1].snapshot: none -> seq == invalidate_seq\n');
    expect(r.out).toContain('(35 other variables that no step reads or changes; --full prints them)');
  });

  it("shows the key fact of cow-fork's no-wp-seq: page_needs_cow_for_dma saw no pin", async () => {
    const r = await cli('replay', 'counterexamples/cow-fork/no-wp-seq.json');
    expect(r.out).toContain(
      ['3. fork: page_needs_cow_for_dma   (models/cow-fork.ts:201)', '     srcPtl.owner: null -> fork', '     dstPtl.owner: null -> fork', '     pc.fork: page_needs_cow_for_dma -> copy_present_pte', '     read: hasPinned = false'].join('\n'),
    );
    expect(r.out).toContain(['  false: s.pinned === null || s.ptec.frame !== s.pinned', '  false: s.ptec.frame !== s.pinned', '  with: ptec.frame = F0, pinned = F0'].join('\n'));
  });
});

describe('display names and printed values in the DSL', () => {
  it('types `as` as an optional string on actions and steps, and records it on the entry', async () => {
    expectTypeOf<ActionDef<{}, {}>['as']>().toEqualTypeOf<string | undefined>();
    expectTypeOf<StepDef<{}, {}>['as']>().toEqualTypeOf<string | undefined>();
    expectTypeOf<ActionEntry['as']>().toEqualTypeOf<string | undefined>();
    const { model: m } = await loadModel(SPIN);
    expect(m.actions.map((a) => [a.name, a.as])).toEqual([
      ['cpu.test', 'spin_is_locked'],
      ['cpu.take', 'spin_lock'],
      ['cpu.unlock', 'spin_unlock'],
    ]);
    expect(() => model({ b: bool }).action('x', { as: '', effect: () => {} })).toThrow("action 'x': as must be a non-empty string (the name shown in traces), not ''");
  });

  it('shownAs keeps the enum type and its values, and gives each value its printed text', () => {
    const t = shownAs(enumOf('none', 'valid'), { none: '-', valid: 'seq == invalidate_seq' });
    expectTypeOf(t).toEqualTypeOf<EnumType<'none' | 'valid'>>();
    expect(t).toEqual({ kind: 'enum', values: ['none', 'valid'], shown: { none: '-', valid: 'seq == invalidate_seq' } });
    expect(() => shownAs(enumOf('a', 'b'), { a: 'x' } as never)).toThrow("shownAs(enumOf(a, b)): no printed text for 'b'");
  });
});
