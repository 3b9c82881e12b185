// models/migrate.ts: the correct protocol has no violation, and each variant breaks the property the
// kernel threads say it breaks, with a shortest trace of the length recorded in counterexamples/migrate/.
import { describe, expect, it } from 'vitest';
import { check, type CheckRequest } from '../../checker/check.ts';
import type { TraceStep, Violation } from '../../checker/result.ts';
import { openTrace } from '../../checker/traces/openTrace.ts';
import { cli } from '../cli/run.ts';
import 'interleave/vitest';
import { checkMutant, verdictOf } from './checkMutant.ts';

const SPEC = 'models/migrate.ts';

async function violationOf(variant: string, request: CheckRequest = {}): Promise<Violation> {
  const { result } = await check(SPEC, { variant, ...request });
  expect(result.result).toBe('violation');
  if (result.result !== 'violation') throw new Error(`no violation in ${variant}`);
  return result.violation;
}

/** `process: action` of every step after the initial state. */
const steps = (trace: readonly TraceStep[]) => trace.slice(1).map((s) => `${s.process}: ${s.action}`);
const last = (trace: readonly TraceStep[]) => trace.at(-1)!.state as Record<string, any>;

describe('migrate, fixed', () => {
  it('has no violation, no deadlock and reaches every cover: 127,988 states without symmetry', async () => {
    const { result, symmetry } = await check(SPEC, { symmetry: false });
    expect(symmetry).toBe(false);
    expect(result.result).toBe('ok');
    if (result.result !== 'ok') return;
    expect(result.distinctStates).toBe(127_988);
    expect(result.generatedStates).toBe(535_533);
    expect(result.depth).toBe(51);
    expect(result.coverage.filter((c) => !c.enabled).map((c) => c.action)).toEqual([]);
  });

  it('has 64,451 orbits under the symmetry of the two devices', async () => {
    const { result, symmetry } = await check(SPEC, { symmetry: true });
    expect(symmetry).toBe(true);
    expect(result.result).toBe('ok');
    if (result.result !== 'ok') return;
    expect(result.distinctStates).toBe(64_451);
  });

  it('every migration that starts finishes (M5, under weak fairness of the migrators)', async () => {
    const { result } = await check(SPEC, { params: { liveness: true } });
    expect(result.result).toBe('ok');
    if (result.result !== 'ok') return;
    expect(result.distinctStates).toBe(127_988);
    expect(result.liveness?.properties).toBe(2);
  });

  it('catches migrate_vma_check_page off by one (one extra reference tolerated): a get_user_pages holder writes after the copy, migrationKeepsData fails in 10 states', async () => {
    const r = await checkMutant(SPEC, 'return pageRefCount(page) - extra > page.mapcount;', 'return pageRefCount(page) - extra > page.mapcount + 1;');
    expect(verdictOf(r)).toEqual({ kind: 'action', property: 'migrationKeepsData', states: 10 });
    if (r.result !== 'violation') return;
    // a plain reference (FOLL_GET), not a pin: a pin adds GUP_PIN_COUNTING_BIAS and is caught anyway
    const pinned = r.violation.trace.find((s) => s.action === 'pinner.pinUserPages')!;
    expect(pinned.state).toMatchObject({ pinned: 'S0', gupRef: 'get', sysPage: { S0: { pins: 0 } } });
    expect(steps(r.violation.trace).slice(-3)).toEqual(['pinner: pinner.dmaWrite', 'pinner: pinner.unpinUserPages', 'migrate[Dev0]: migrate.pages_migrateMapping']);
  });
});

describe('migrate, the dropped [PATCH v4 6/6] (no-reinvalidate)', () => {
  it('a second device keeps the zero page after the insert: mirrorCoherent fails in 9 states', async () => {
    const v = await violationOf('no-reinvalidate');
    expect(v.kind).toBe('invariant');
    expect(v.property).toBe('mirrorCoherent');
    expect(v.trace).toHaveLength(9);
    // Jason Gunthorpe: "the invalidation start/end range was exited. That means a secondary MMU is
    // immediately able to reload the zero page"
    expect(steps(v.trace)).toEqual([
      'migrate[Dev0]: migrate.setup_invalidateStart',
      'migrate[Dev0]: migrate.collect',
      'migrate[Dev0]: migrate.setup_invalidateEnd',
      'device[Dev1]: device.fault_readBegin',
      'device[Dev1]: device.fault_hmmRangeFault',
      'device[Dev1]: device.fault_mapMirror',
      'migrate[Dev0]: migrate.allocAndCopy',
      'migrate[Dev0]: migrate.pages_insertPage',
    ]);
    expect(v.trace[1]!.state).toMatchObject({ pte: { entry: 'zero' } });
    expect(v.trace[6]!.state).toMatchObject({ mirror: { Dev1: { page: 'zero' } }, notifier: { active: 0 } });
    expect(last(v.trace)).toMatchObject({ pte: { entry: 'devicePrivate', page: 'device', dev: 'Dev0' }, mirror: { Dev1: { page: 'zero' } } });
  });

  it('the CLI prints that story, the second device mapping the zero page between the two steps of Dev0', async () => {
    const r = await cli('check', SPEC, '--variant', 'no-reinvalidate');
    expect(r.code).toBe(1);
    expect(r.out).toContain('invariant mirrorCoherent violated');
    expect(r.out).toMatch(/7\. device\[Dev1\]: fault_mapMirror.*\n\s+mirror\[Dev1\]\.page: none -> zero\n/);
    expect(r.out).toMatch(/9\. migrate\[Dev0\]: pages_insertPage.*\n\s+pte\.entry: zero -> devicePrivate\n/);
  });

  it("with one device, only the migrator's own late fault breaks mirrorCoherent (10 states): the zero page over its new page", async () => {
    const v = await violationOf('no-reinvalidate', { params: { devices: 1 } });
    expect(v.property).toBe('mirrorCoherent');
    expect(v.trace).toHaveLength(10);
    expect(steps(v.trace).slice(-2)).toEqual(['migrate[Dev0]: migrate.finalizeAndMap', 'device[Dev0]: device.fault_mapMirror']);
    expect(last(v.trace)).toMatchObject({ pte: { entry: 'devicePrivate', dev: 'Dev0' }, mirror: { Dev0: { page: 'zero' } } });
  });

  it('leaves no freed page mapped: with mirror coherence off the variant is clean', async () => {
    await expect(SPEC).toPass({ variant: 'no-reinvalidate', skipProperties: ['mirrorCoherent'] });
  });
});

describe('migrate, reference checks', () => {
  it('no-pin-check loses the DMA write made after the copy: migrationKeepsData fails in 10 states', async () => {
    const v = await violationOf('no-pin-check');
    expect(v.kind).toBe('action');
    expect(v.property).toBe('migrationKeepsData');
    expect(v.trace).toHaveLength(10);
    // pinned before collect, written after the copy, unpinned before folio_migrate_mapping's check
    expect(steps(v.trace).slice(-4)).toEqual([
      'migrate[Dev0]: migrate.allocAndCopy',
      'pinner: pinner.dmaWrite',
      'pinner: pinner.unpinUserPages',
      'migrate[Dev0]: migrate.pages_migrateMapping',
    ]);
  });

  it('no-pin-check looks clean when the only property is "no pinned source at commit"', async () => {
    await expect(SPEC).toPass({ variant: 'no-pin-check', skipProperties: ['migrationKeepsData'] });
  });

  it('no-ref-checks commits a pinned page: noPinnedSourceCommitted fails in 8 states', async () => {
    const v = await violationOf('no-ref-checks');
    expect(v.kind).toBe('action');
    expect(v.property).toBe('noPinnedSourceCommitted');
    expect(v.trace).toHaveLength(8);
    expect(v.trace.at(-2)!.state).toMatchObject({ pinned: 'S0', sysPage: { S0: { pins: 1 } } });
  });
});

describe('migrate, device fault without mmu_interval_read_retry (no-read-retry)', () => {
  it('maps a page an invalidation already replaced: mirrorCoherent fails in 7 states (a CPU write fault suffices)', async () => {
    const v = await violationOf('no-read-retry');
    expect(v.kind).toBe('invariant');
    expect(v.property).toBe('mirrorCoherent');
    expect(v.trace).toHaveLength(7);
    expect(last(v.trace)).toMatchObject({ pte: { entry: 'present', page: 'S1' }, mirror: { Dev0: { page: 'zero' } } });
  });

  it('with mirror coherence off, the stale mapping outlives the page: noUseAfterFree fails in 12 states', async () => {
    await expect(SPEC).toViolate('noUseAfterFree', { variant: 'no-read-retry', skipProperties: ['mirrorCoherent'], kind: 'invariant', traceLength: 12 });
  });
});

describe('migrate, a driver ignoring its own MIGRATE invalidations (owner-skip)', () => {
  it('its own fault maps the page its own migration unmapped: mirrorCoherent fails in 7 states', async () => {
    const v = await violationOf('owner-skip');
    expect(v.property).toBe('mirrorCoherent');
    expect(v.trace).toHaveLength(7);
    expect(last(v.trace)).toMatchObject({ pte: { entry: 'migration', page: 'S0' }, mirror: { Dev0: { page: 'S0' } } });
  });

  it('and that mapping survives finalize, which frees the page: noUseAfterFree fails in 12 states', async () => {
    const v = await violationOf('owner-skip', { skipProperties: ['mirrorCoherent'] });
    expect(v.property).toBe('noUseAfterFree');
    expect(v.trace).toHaveLength(12);
    expect(steps(v.trace).slice(-3)).toEqual(['migrate[Dev0]: migrate.finalizeAndMap', 'device[Dev0]: device.fault_mapMirror', 'migrate[Dev0]: migrate.finalize']);
  });
});

describe('migrate, the owner skipping only the MIGRATE events of migrate_to_ram (owner-skip-to-ram)', () => {
  it("mirrorCoherent fails in 13 states, in the benign window before the owner's own xa_erase", async () => {
    const v = await violationOf('owner-skip-to-ram', { symmetry: false });
    expect(v.property).toBe('mirrorCoherent');
    expect(v.trace).toHaveLength(13);
    // the owner still maps its own device page, locked and unchanged, which allocAndCopy's xa_erase zaps next
    expect(steps(v.trace).slice(-3)).toEqual(['swapFault: swapFault.setup_invalidateStart', 'swapFault: swapFault.collect', 'swapFault: swapFault.setup_invalidateEnd']);
    expect(last(v.trace)).toMatchObject({ pte: { entry: 'migration', page: 'device', dev: 'Dev0' }, mirror: { Dev0: { page: 'device', dev: 'Dev0' } }, devPage: { Dev0: { locked: true, data: 1 } } });
  });

  it("the real finding: the owner's fault, begun before migrate_to_ram, maps the page after the xa_erase and keeps it once freed: noUseAfterFree in 21 states", async () => {
    const v = await violationOf('owner-skip-to-ram', { symmetry: false, skipProperties: ['mirrorCoherent'] });
    expect(v.property).toBe('noUseAfterFree');
    expect(v.trace).toHaveLength(21);
    expect(steps(v.trace).slice(-5)).toEqual([
      'swapFault: swapFault.allocAndCopy',
      'device[Dev0]: device.fault_mapMirror',
      'swapFault: swapFault.pages_migrateMapping',
      'swapFault: swapFault.finalize',
      'swapFault: swapFault.doSwapPage_unlock',
    ]);
    expect(last(v.trace)).toMatchObject({ pte: { entry: 'present' }, mirror: { Dev0: { page: 'device', dev: 'Dev0' } }, devPage: { Dev0: { refs: 0 } } });
  });
});

describe('migrate, stored counterexamples', () => {
  const recorded: [string, string, number][] = [
    ['no-reinvalidate', 'mirrorCoherent', 9],
    ['no-pin-check', 'migrationKeepsData', 10],
    ['no-ref-checks', 'noPinnedSourceCommitted', 8],
    ['no-read-retry', 'mirrorCoherent', 7],
    ['owner-skip', 'mirrorCoherent', 7],
    ['owner-skip-to-ram', 'mirrorCoherent', 13],
  ];
  it.each(recorded)('counterexamples/migrate/%s.json replays: %s fails at its last state (%i states)', async (variant, property, length) => {
    const opened = await openTrace(`counterexamples/migrate/${variant}.json`);
    expect(opened.file.trace.variant).toBe(variant);
    expect([opened.file.trace.property, opened.file.trace.steps.length]).toEqual([property, length]);
    await expect(`counterexamples/migrate/${variant}.json`).toReproduce();
  });
});
