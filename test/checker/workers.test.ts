// `--workers N`: the parallel search gives the one-thread search's counts, depth, coverage and
// counterexample (the same trace, not only one as short), for N = 1 (the parallel engine on one
// worker), 2 and 3, with every level split between the workers and with the default split.
import { describe, expect, it } from 'vitest';
import { check, type CheckRequest } from '../../checker/check.ts';
import { loadModel } from '../../checker/loadSpec.ts';
import { parallelBfs, tuning } from '../../checker/parallel/parallelBfs.ts';
import type { CheckResult } from '../../checker/result.ts';

/** A result without its timings and memory figures (which differ run to run, and by design with workers). */
function comparable(r: CheckResult): unknown {
  if (r.result === 'error') return { code: r.error.code, message: r.error.message, context: r.error.context, location: r.error.location };
  const { durationMs: _d, statesPerSecond: _s, bytesPerState: _b, queuePeak: _q, ...rest } = r;
  return rest;
}

/** Checks `file` on one thread, then with 2 and 3 workers; expects the same result; returns it. */
async function sameWithWorkers(file: string, request: CheckRequest = {}): Promise<CheckResult> {
  const one = (await check(file, { ...request, workers: 1 })).result;
  // every level split, however narrow; and by default, where a narrow level is worker 0's alone
  for (const [workers, narrow] of [[2, 1], [3, 1], [2, tuning.narrow]] as const) {
    const was = tuning.narrow;
    tuning.narrow = narrow;
    try {
      expect(comparable((await check(file, { ...request, workers })).result)).toEqual(comparable(one));
    } finally {
      tuning.narrow = was;
    }
  }
  return one;
}

const counts = (r: CheckResult) => (r.result === 'error' ? r : { result: r.result, distinct: r.distinctStates, generated: r.generatedStates, depth: r.depth, full: r.fullStates });

describe('check --workers N: the one-thread search, on N threads', () => {
  it('classic models: diehard, tcommit, twophase, n_peterson give the same counts, depth and coverage', async () => {
    expect(counts(await sameWithWorkers('models/classic/diehard.ts', { params: { solve: false } }))).toEqual({ result: 'ok', distinct: 16, generated: 97, depth: 8, full: undefined });
    expect(counts(await sameWithWorkers('models/classic/tcommit.ts', { symmetry: false }))).toEqual({ result: 'ok', distinct: 34, generated: 94, depth: 7, full: undefined });
    expect(counts(await sameWithWorkers('models/classic/twophase.ts', { symmetry: false }))).toEqual({ result: 'ok', distinct: 288, generated: 1146, depth: 11, full: undefined });
    expect(counts(await sameWithWorkers('models/classic/n_peterson.ts', { symmetry: false }))).toEqual({ result: 'ok', distinct: 882, generated: 2647, depth: 26, full: undefined });
  });

  it('diehard: the same 7-state counterexample to NotSolved', async () => {
    const r = await sameWithWorkers('models/classic/diehard.ts');
    if (r.result !== 'violation') throw new Error(r.result);
    expect(r.violation.property).toBe('NotSolved');
    expect(r.violation.trace).toHaveLength(7);
  });

  it('migrate (the flagship, symmetry on): 64,451 orbits standing for 127,988 states, depth 51', async () => {
    expect(counts(await sameWithWorkers('models/migrate.ts'))).toEqual({ result: 'ok', distinct: 64451, generated: 269743, depth: 51, full: 127988 });
  });

  it('migrate no-reinvalidate: the same 9-state counterexample to mirrorCoherent, stopped at the same counts', async () => {
    const r = await sameWithWorkers('models/migrate.ts', { variant: 'no-reinvalidate' });
    if (r.result !== 'violation') throw new Error(r.result);
    expect([r.violation.property, r.violation.trace.length, r.distinctStates, r.generatedStates]).toEqual(['mirrorCoherent', 9, 1600, 4098]);
  });

  it('a constraint: counted, checked, not stored, as on one thread; the invariant fails in 30 states', async () => {
    const r = await sameWithWorkers('test/checker/fixtures/workersLeak.ts', { variant: 'walk' });
    if (r.result !== 'violation') throw new Error(r.result);
    expect([r.violation.property, r.violation.trace.length, r.distinctStates, r.generatedStates]).toEqual(['notCorner', 30, 453, 1213]);
  });

  it('a value outside its type: the same error, with the same trace to it', async () => {
    const r = await sameWithWorkers('test/checker/fixtures/workersLeak.ts', { variant: 'leak' });
    if (r.result !== 'error') throw new Error(r.result);
    expect(r.error.code).toBe('VALUE');
    expect(r.error.context!.trace!.map((s) => s.action)).toEqual([null, 'leak', 'cpu.get']);
  });

  it('the parallel engine on one worker gives the same counts (N = 1)', async () => {
    const loaded = await loadModel('models/classic/twophase.ts');
    // symmetry off: the job stores states, as the counts of TLC's published run
    const job = { workers: 1, file: loaded.file, params: loaded.params, compile: true, skipProperties: [], symmetry: false, auditSymmetry: false };
    expect(counts((await parallelBfs(loaded.model, job, {})).result)).toEqual({ result: 'ok', distinct: 288, generated: 1146, depth: 11, full: undefined });
  });

  it('refuses temporal properties loudly (the liveness graph is built on one thread)', async () => {
    const r = (await check('models/pgmap.ts', { variant: 'missing-put', workers: 2 })).result;
    if (r.result !== 'error') throw new Error(r.result);
    expect(r.error.code).toBe('USAGE');
    expect(r.error.message).toBe('--workers with temporal properties (teardownEventuallyCompletes): liveness checking builds its state graph on one thread');
  });

  it('--max-states stops at the end of the level that reaches it (twophase: 117 states at depth 5), incomplete', async () => {
    const r = (await check('models/classic/twophase.ts', { workers: 2, maxStates: 100, symmetry: false })).result;
    if (r.result !== 'incomplete') throw new Error(r.result);
    // levels 1-5 hold 117 states (one thread stops inside level 5, at 100)
    expect([r.reason, r.distinctStates, r.generatedStates, r.depth]).toEqual(['max-states', 117, 334, 5]);
  });
});
