// Minimization: delta debugging is 1-minimal; a long simulated dining trace (80 states) shrinks to the
// 17-state shortest one; the context-switch search regroups an interleaved trace; smaller parameters
// are found by re-checking. Every result replays as reproduced.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadModel } from '../../checker/loadSpec.ts';
import { ddmin } from '../../checker/traces/ddmin.ts';
import { loadTraceFile } from '../../checker/traces/loadTraceFile.ts';
import { minimizeTrace } from '../../checker/traces/minimize.ts';
import { replay } from '../../checker/traces/replay.ts';
import { simulate } from '../../checker/traces/simulate.ts';
import { cli, dsl, tempFiles } from '../cli/run.ts';

// two processes of two steps each; `bothDone` fails once both finished
const pair = `
import { defineSpec, model, enumOf } from '${dsl}';
export default defineSpec({ name: 'pair', params: { n: 2 } }, ({ n }) =>
  model({ a: enumOf('idle', 'half', 'done'), b: enumOf('idle', 'half', 'done') })
    .process('A', { s1: { effect: (x) => void (x.a = 'half'), next: 's2' }, s2: { effect: (x) => void (x.a = 'done'), next: 'done' } })
    .process('B', { s1: { effect: (x) => void (x.b = 'half'), next: 's2' }, s2: { effect: (x) => void (x.b = n > 1 ? 'done' : 'half'), next: 'done' } })
    .invariant('notBoth', (s) => !(s.a === 'done' && s.b === 'done')));
`;

describe('ddmin', () => {
  it('returns exactly the elements a monotone test needs (1-minimal), for any list and any needed subset', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 0, max: 60 }), { maxLength: 40 }), fc.array(fc.boolean(), { maxLength: 40 }), (items, marks) => {
        const needed = items.filter((_, i) => marks[i]);
        const { result } = ddmin(items, (c) => ({ fails: needed.every((x) => c.includes(x)) }));
        expect([...result].sort((x, y) => x - y)).toEqual([...needed].sort((x, y) => x - y));
      }),
      { seed: 42, numRuns: 200 },
    );
  });
});

describe('minimize', () => {
  it('shrinks an 80-state simulated dining trace (n=16) to 17 states and 15 context switches, which replays', async () => {
    const { model } = await loadModel('bench/models/dining.ts', ['n=16']);
    const walk = await simulate(model, { seed: 1, shrink: false });
    if (walk.result !== 'violation') throw new Error('expected a deadlock');
    const m = minimizeTrace(model, { steps: walk.walk, property: 'deadlock', kind: 'deadlock' }, { noSearch: true });
    if (m.result !== 'minimized') throw new Error('expected a minimized trace');
    expect(m.before).toEqual({ states: 80, switches: 72 });
    expect(m.after).toEqual({ states: 17, switches: 15 });
    expect(replay(model, { steps: m.trace, property: 'deadlock', kind: 'deadlock' })).toMatchObject({ outcome: 'reproduced', step: 16 });
  });

  it('regroups an interleaved trace: a1 b1 a2 b2 (3 switches) becomes 5 states with 1 switch', async () => {
    const dir = tempFiles({ 'pair.ts': pair });
    const { model } = await loadModel(join(dir, 'pair.ts'));
    const state = (a: string, b: string, pa: string, pb: string) => ({ a, b, pc: { A: pa, B: pb } });
    const steps = [
      { action: null, args: {}, state: state('idle', 'idle', 's1', 's1') },
      { action: 'A.s1', process: 'A', args: {}, state: state('half', 'idle', 's2', 's1') },
      { action: 'B.s1', process: 'B', args: {}, state: state('half', 'half', 's2', 's2') },
      { action: 'A.s2', process: 'A', args: {}, state: state('done', 'half', 'done', 's2') },
      { action: 'B.s2', process: 'B', args: {}, state: state('done', 'done', 'done', 'done') },
    ];
    const m = minimizeTrace(model, { steps, property: 'notBoth', kind: 'invariant' });
    if (m.result !== 'minimized') throw new Error(`expected a minimized trace, got ${JSON.stringify(m)}`);
    expect(m.before).toEqual({ states: 5, switches: 3 });
    expect(m.after).toEqual({ states: 5, switches: 1 });
    expect(m.trace.slice(1).map((s) => s.action)).toEqual(['A.s1', 'A.s2', 'B.s1', 'B.s2']);
    expect(m.phases.map((p) => p.phase)).toEqual(['loops', 'ddmin', 'switches']);
  });

  it('the CLI writes <trace>.min.json, reports before/after and lowers parameters with --smaller-params', async () => {
    const dir = tempFiles({});
    await cli('simulate', 'bench/models/dining.ts', '-p', 'n=6', '--seed', '3', '--no-shrink', '--out', join(dir, 'walk.json'));
    const before = loadTraceFile(join(dir, 'walk.json')).trace.steps.length;
    const r = await cli('minimize', join(dir, 'walk.json'), '--smaller-params');
    expect(r.code).toBe(1);
    expect(r.out).toContain(`minimize ${join(dir, 'walk.json')} on dining (n=6, asym=false, deadlock=true): deadlock, ${before} -> 2 states`);
    expect(r.out).toContain('smaller params:   n=6 -> n=1: 7 states, 5 context switches -> 2 states, 0 context switches');
    expect(r.out).toContain('parameters tried: n=5 fails, n=4 fails, n=3 fails, n=2 fails, n=1 fails, n=0 error');
    const min = loadTraceFile(join(dir, 'walk.min.json')).trace;
    expect(min.params).toEqual({ n: 1, asym: false, deadlock: true });
    expect(min.steps).toHaveLength(2);
    // written atomically: no temporary file is left next to the traces
    expect(readdirSync(dir).sort()).toEqual(['walk.json', 'walk.min.json']);
    const replayed = await cli('replay', join(dir, 'walk.min.json'));
    expect(replayed.code).toBe(1);
    expect(replayed.out).toContain('reproduced');
  });

  it('a trace that does not reproduce is reported as replay reports it, and nothing is written', async () => {
    const dir = tempFiles({});
    await cli('check', 'models/classic/diehard.ts', '--out', join(dir, 'd.json'));
    const t = JSON.parse(readFileSync(join(dir, 'd.json'), 'utf8'));
    t.steps[6].state.big = 3;
    writeFileSync(join(dir, 'd.json'), JSON.stringify(t));
    const r = await cli('minimize', join(dir, 'd.json'));
    expect(r.code).toBe(0);
    expect(r.out).toContain('diverged at step 7 of 7');
    expect(r.out).toContain('nothing to minimize: minimize needs a trace that reproduces its violation');
  });
});
