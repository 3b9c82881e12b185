// Compiled vs interpreted: a few hundred random specs (randomSpec.ts: source text over random schemas), each
// searched twice, once with the spec compiler's code and once through the views only (interpretOnly). The
// two runs must agree exactly: verdict, counts, depth, the violation and its whole trace, and for errors the
// code, message, location and context. Most actions must really compile, so that agreement is not won by
// everything falling back to the views.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bfs } from '../../checker/bfs.ts';
import { codeFor, interpretOnly } from '../../checker/compiler/index.ts';
import { instantiate } from '../../checker/loadSpec.ts';
import { SKIP } from '../../checker/signals.ts';
import { randomSpec } from './randomSpec.ts';
import { outcome } from './outcome.ts';

/** Calls of compiled code, and how many of them bailed to the views. */
const calls = { run: 0, bailed: 0 };

/** Wraps every compiled function of the model's (cached, shared) code so that its calls and bails are counted. */
function countCalls(code: ReturnType<typeof codeFor>): void {
  const wrap = <F extends (...xs: any[]) => unknown>(f: F | undefined): F | undefined =>
    f &&
    (((...xs: unknown[]) => {
      calls.run++;
      try {
        return f(...xs);
      } catch (e) {
        if (e !== SKIP) calls.bailed++;
        throw e;
      }
    }) as F);
  const instances = code.instances as Map<object, { when?: any; effect?: any; next?: any }>;
  for (const [k, c] of instances) instances.set(k, { when: wrap(c.when), effect: wrap(c.effect), next: wrap(c.next) });
  const invariants = code.invariants as Map<object, (d: Int32Array) => unknown>;
  for (const [k, f] of invariants) invariants.set(k, wrap(f)!);
}

const MAX_STATES = 3000;
const RUNS = Number(process.env['COMPDIFF_RUNS'] ?? 300);
const SEED = Number(process.env['COMPDIFF_SEED'] ?? 20261203);

describe('compiled vs interpreted on random specs', () => {
  const tally = { specs: 0, actions: 0, compiledActions: 0, invariants: 0, compiledInvariants: 0, results: {} as Record<string, number> };
  const reasons = new Map<string, number>();

  it(`agree exactly on ${RUNS} random specs (seed ${SEED})`, async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 2 ** 31 - 1 }), async (seed) => {
        const { spec, source } = randomSpec(seed);
        const compiled = instantiate(spec, 'random.ts').model;
        const interpreted = instantiate(spec, 'random.ts').model;
        interpretOnly(interpreted);
        countCalls(codeFor(compiled));
        const a = outcome(await bfs(compiled, { maxStates: MAX_STATES }));
        const b = outcome(await bfs(interpreted, { maxStates: MAX_STATES }));
        const report = codeFor(compiled).report;
        tally.specs++;
        tally.actions += report.actions.length;
        tally.compiledActions += report.actions.filter((x) => x.compiled).length;
        tally.invariants += report.invariants.length;
        tally.compiledInvariants += report.invariants.filter((x) => x.compiled).length;
        for (const x of [...report.actions, ...report.invariants]) if (!x.compiled) reasons.set(x.reason!, (reasons.get(x.reason!) ?? 0) + 1);
        const verdict = (a as { result: string }).result + ((a as { code?: string }).code ? `:${(a as { code: string }).code}` : '');
        tally.results[verdict] = (tally.results[verdict] ?? 0) + 1;
        expect(a, `seed ${seed}:\n${source}`).toEqual(b);
      }),
      { seed: SEED, numRuns: RUNS, endOnFailure: true },
    );
    if (process.env['COMPDIFF_VERBOSE']) console.log(JSON.stringify({ calls, tally, reasons: [...reasons].sort((x, y) => y[1] - x[1]) }, null, 1));
    // the comparison means something only if the compiler compiled most of what it was given
    expect(tally.compiledActions / tally.actions, JSON.stringify([...reasons])).toBeGreaterThanOrEqual(0.8);
    expect(tally.compiledInvariants / tally.invariants, JSON.stringify([...reasons])).toBeGreaterThanOrEqual(0.8);
    // and most calls of compiled code decided without bailing to the views
    expect(calls.bailed / calls.run).toBeLessThan(0.2);
    // and the specs reach every kind of outcome
    expect(Object.keys(tally.results).sort()).toEqual(expect.arrayContaining(['ok', 'violation', 'error:VALUE']));
  }, 120_000);
});
