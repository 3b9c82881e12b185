// The spec compiler on the project's own models: every flagship and benchmark model runs compiled and
// through the views with the same verdict and counts, and the compiler compiles what the report says
// (so a regression that makes a model fall back to the views, silently slower, fails here too).
import { describe, expect, it } from 'vitest';
import { bfs } from '../../checker/bfs.ts';
import { codeFor, interpretOnly } from '../../checker/compiler/index.ts';
import { loadModel } from '../../checker/loadSpec.ts';
import type { CheckResult } from '../../checker/result.ts';

const summary = (r: CheckResult) =>
  r.result === 'error' ? { result: 'error', code: r.error.code } : { result: r.result, distinct: r.distinctStates, generated: r.generatedStates, depth: r.depth, ...(r.result === 'violation' ? { property: r.violation.property, trace: r.violation.trace.length } : {}) };

/** file, params, actions compiled / all, invariants compiled / all */
const cases: [string, string[], string, string][] = [
  ['models/migrate.ts', [], '29/29', '4/4'],
  ['models/cow-fork.ts', [], '23/23', '4/4'],
  ['models/pgmap.ts', [], '11/11', '2/2'],
  ['models/migrate-back.ts', [], '12/12', '3/3'],
  ['bench/models/filter.ts', ['n=4'], '4/4', '1/1'],
  ['bench/models/dining.ts', ['n=8'], '3/3', '0/0'],
  ['bench/models/lamport.ts', ['maxClock=5'], '4/4', '1/1'],
  // procedures, calls and an interrupt (checker/compiler/frames.ts)
  ['models/kernel-tla/fpsimd.ts', ['threads=1'], '76/76', '1/1'],
  // PlusCal's call stacks kept by hand, as sequences (the rest: sequence methods the compiler does not know)
  ['models/kernel-tla/ctxsw.ts', ['procs=1'], '15/26', '2/3'],
];

describe('the spec compiler on the project models', () => {
  for (const [file, params, actions, invariants] of cases) {
    it(`${file} ${params.join(' ')}: compiles ${actions} actions and ${invariants} invariants, and agrees with the views`, async () => {
      const compiled = (await loadModel(file, params)).model;
      const viewsOnly = (await loadModel(file, params)).model;
      interpretOnly(viewsOnly);
      const { report } = codeFor(compiled);
      const ratio = (xs: readonly { compiled: boolean }[]) => `${xs.filter((x) => x.compiled).length}/${xs.length}`;
      expect([ratio(report.actions), ratio(report.invariants)]).toEqual([actions, invariants]);
      expect(summary(await bfs(compiled, { noDeadlock: false }))).toEqual(summary(await bfs(viewsOnly, { noDeadlock: false })));
    });
  }
});
