// ITF read back: fromItf(toItf(t)) = t over random walks of real specs, the same walks found again from
// their bare values (an ITF trace from another tool: no metadata, no program counters), and a
// hand-written Quint-style ITF trace replayed by the CLI.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CompiledModel } from '../../checker/compile.ts';
import { loadModel } from '../../checker/loadSpec.ts';
import type { TraceFile } from '../../checker/traceFile.ts';
import { fromItf, toItf, type ItfTrace } from '../../checker/traces/itf.ts';
import { matchItf } from '../../checker/traces/matchItf.ts';
import { Stepper } from '../../checker/traces/Stepper.ts';
import { cli, tempFiles } from '../cli/run.ts';

const specs = [
  { file: 'models/classic/diehard.ts', params: ['solve=false'] },
  { file: 'models/migrate.ts', variant: 'no-reinvalidate' },
  { file: 'models/cow-fork.ts' },
  { file: 'models/classic/diningPhilosophers.ts' },
] as const;

/** A walk of `model` that takes successor `choices[k] mod n` at step k; stops at a violation or a dead end. */
function walk(model: CompiledModel, choices: readonly number[]): TraceFile {
  const st = new Stepper(model);
  const inits = st.initialStates();
  let cur = inits[choices[0]! % inits.length]!;
  const steps = [cur];
  for (const c of choices.slice(1)) {
    if (cur.violation) break;
    const succ = st.successors(cur.slots);
    if (!succ.length) break;
    cur = succ[c % succ.length]!;
    steps.push(cur);
  }
  return {
    format: 'interleave-trace',
    version: 1,
    spec: 'spec.ts',
    specName: 'walk',
    params: {},
    variant: null,
    symmetry: false,
    property: 'p',
    kind: 'invariant',
    steps: steps.map((s) => ({ action: s.inst?.name ?? null, ...(s.inst?.process ? { process: s.inst.process } : {}), args: s.inst?.argsJson ?? {}, state: st.json(s.slots) })),
  };
}

/** The ITF trace another tool would write: no #meta, no program counters. */
function foreign(itf: ItfTrace): Record<string, unknown>[] {
  return itf.states.map(({ '#meta': _, pc: __, ...values }) => values);
}

describe('ITF read back', () => {
  for (const s of specs) {
    it(`round-trips random walks of ${s.file}: fromItf(toItf(t)) = t, and the bare values are matched state by state`, async () => {
      const { model } = await loadModel(s.file, 'params' in s ? [...s.params] : [], 'variant' in s ? s.variant : undefined);
      fc.assert(
        fc.property(fc.array(fc.nat(50), { minLength: 1, maxLength: 12 }), (choices) => {
          const t = walk(model, choices);
          const itf = JSON.parse(JSON.stringify(toItf(model.vars, t))) as ItfTrace;
          expect(fromItf(model.vars, itf)).toEqual(t);
          const matched = matchItf(model, foreign(itf), 'walk.itf.json');
          expect(matched.complete).toBe(true);
          // without program counters a walk's values may be reached along another path: the values agree
          const values = (steps: TraceFile['steps']) => steps.map(({ state: { pc: _, ...v } }) => v);
          expect(values(matched.steps)).toEqual(values(t.steps));
        }),
        { seed: 14, numRuns: 40 },
      );
    });
  }

  it('finds the program counters of the migrate counterexample from its values alone, and names the step', async () => {
    const { model } = await loadModel('models/migrate.ts', [], 'no-reinvalidate');
    const itf = JSON.parse(readFileSync('counterexamples/migrate/no-reinvalidate.itf.json', 'utf8')) as ItfTrace;
    const matched = matchItf(model, foreign(itf), 'x');
    expect(matched.inferred).toEqual(['pc']);
    expect(matched.violation?.property).toBe('mirrorCoherent');
    expect(matched.steps).toEqual(fromItf(model.vars, itf).steps);
  });

  it('replays a hand-written Quint ITF trace of DieHard (mbt::actionTaken, #bigint and plain numbers): NotSolved at step 7', async () => {
    const r = await cli('replay', 'test/traces/fixtures/diehard.quint.itf.json', '--spec', 'models/classic/diehard.ts');
    expect(r.code).toBe(1);
    expect(r.err).toBe('ITF trace test/traces/fixtures/diehard.quint.itf.json: 7 states from another tool, every one matched on models/classic/diehard.ts\n');
    expect(r.out.split('\n').slice(0, 2)).toEqual([
      'replay test/traces/fixtures/diehard.quint.itf.json on diehard (solve=true): reproduced',
      '  invariant NotSolved fails at step 7 (models/classic/diehard.ts:35), as recorded',
    ]);
    expect(r.out.match(/^\d+\. \S+/gm)).toEqual(['1. initial', '2. FillBigJug', '3. BigToSmall', '4. EmptySmallJug', '5. BigToSmall', '6. FillBigJug', '7. BigToSmall']);
    const passes = await cli('replay', 'test/traces/fixtures/diehard.quint.itf.json', '--spec', 'models/classic/diehard.ts', '-p', 'solve=false');
    expect([passes.code, passes.out.split('\n').slice(0, 2)]).toEqual([0, ['replay test/traces/fixtures/diehard.quint.itf.json on diehard (solve=false): passes', '  all 7 states replay; no property fails']]);
  });

  it('reports where a foreign ITF trace leaves the spec: (0,2) is no successor of (0,3), the 4th state edited', async () => {
    const itf = JSON.parse(readFileSync('test/traces/fixtures/diehard.quint.itf.json', 'utf8'));
    itf.states[3] = { ...itf.states[3], big: { '#bigint': '0' }, small: { '#bigint': '3' } };
    itf.states = itf.states.map(({ 'mbt::actionTaken': _, ...s }: Record<string, unknown>) => s);
    const dir = tempFiles({ 't.itf.json': JSON.stringify(itf) });
    const r = await cli('replay', join(dir, 't.itf.json'), '--spec', 'models/classic/diehard.ts');
    expect(r.code).toBe(0);
    expect(r.err).toBe(`ITF trace ${join(dir, 't.itf.json')}: 7 states from another tool, the first 4 matched on models/classic/diehard.ts\n`);
    expect(r.out.split('\n').slice(0, 4)).toEqual([
      `replay ${join(dir, 't.itf.json')} on diehard (solve=true): diverged at step 5 of 5`,
      '  step 5 (FillSmallJug) yields a different state than recorded:',
      '    small: recorded 2, now 3',
      '',
    ]);
  });

  it('refuses a foreign ITF trace without --spec, and a value of the wrong type, naming the JSON path', async () => {
    const r = await cli('replay', 'test/traces/fixtures/diehard.quint.itf.json');
    expect([r.code, r.err.split('\n')[0]]).toEqual([2, "error[TRACE_FILE]: test/traces/fixtures/diehard.quint.itf.json: an ITF trace written by another tool names no spec of ours ($['#meta'].interleave is missing)"]);
    const itf = JSON.parse(readFileSync('test/traces/fixtures/diehard.quint.itf.json', 'utf8'));
    itf.states[2].big = { '#set': [] };
    const dir = tempFiles({ 't.itf.json': JSON.stringify(itf) });
    const bad = await cli('replay', join(dir, 't.itf.json'), '--spec', 'models/classic/diehard.ts');
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/^error\[TRACE_FILE\]: .*t\.itf\.json: \$\.states\[2\]\.big: /);
  });
});
