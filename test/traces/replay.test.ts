// Replay: a stored counterexample against its spec (reproduced), against edited variants (diverged,
// with the step and why; or passes), and against nondeterministic specs (detected and named).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadModel } from '../../checker/loadSpec.ts';
import { openTrace } from '../../checker/traces/openTrace.ts';
import { replay } from '../../checker/traces/replay.ts';
import { cli, dsl, tempFiles, treeTempFiles } from '../cli/run.ts';

// `bad` breaks `small` at x = 3 in 4 states; the other variants edit one thing each
const counter = `
import { defineSpec, int, model } from '${dsl}';
export default defineSpec({ name: 'counter', variants: ['bad', 'guarded', 'stuck', 'double', 'fixed', 'earlier', 'strict', 'renamed'] }, ({ variant }) => {
  const m = model({ x: int(0, 5) })
    .action(variant === 'renamed' ? 'increment' : 'inc', {
      when: (s) => (variant !== 'guarded' && variant !== 'stuck') || s.x < 2,
      effect: (n, _, { prev }) => void (n.x = variant === 'double' && prev.x >= 1 ? prev.x + 2 : prev.x + 1),
    })
    .action('reset', { when: (s) => s.x >= (variant === 'stuck' ? 6 : 1), effect: (n) => void (n.x = 0) })
    .invariant('small', (s) => s.x < (variant === 'fixed' ? 6 : variant === 'earlier' ? 2 : 3));
  return variant === 'strict' ? m.invariant('notTwo', (s) => s.x !== 2) : m;
});
`;

async function counterTrace(): Promise<string> {
  // in the working tree: a trace may name only a spec there
  const dir = treeTempFiles({ 'counter.ts': counter });
  const r = await cli('check', join(dir, 'counter.ts'), '--out', join(dir, 'bad.json'));
  expect(r.code).toBe(1);
  return join(dir, 'bad.json');
}

describe('replay', () => {
  it('reproduces DieHard NotSolved at step 7 of the trace check --out wrote (exit 1)', async () => {
    const dir = tempFiles({});
    await cli('check', 'models/classic/diehard.ts', '--out', join(dir, 'diehard.json'));
    const opened = await openTrace(join(dir, 'diehard.json'));
    const r = replay(opened.loaded.model, opened.file.trace);
    expect(r.outcome).toBe('reproduced');
    if (r.outcome !== 'reproduced') return;
    expect(r.step).toBe(6);
    expect(r.violation).toMatchObject({ kind: 'invariant', property: 'NotSolved' });
    expect(r.trace.map((s) => s.action)).toEqual([null, 'FillBigJug', 'BigToSmall', 'EmptySmallJug', 'BigToSmall', 'FillBigJug', 'BigToSmall']);
    const c = await cli('replay', join(dir, 'diehard.json'));
    expect(c.code).toBe(1);
    expect(c.out).toMatch(/: reproduced\n {2}invariant NotSolved fails at step 7 \(models\/classic\/diehard\.ts:\d+\), as recorded\n/);
  });

  it('diverged: an action whose guard now blocks it names the step and what is enabled instead (exit 0)', async () => {
    const trace = await counterTrace();
    const r = await cli('replay', trace, '--variant', 'guarded');
    expect(r.code).toBe(0);
    expect(r.out).toContain('diverged at step 4 of 4\n  step 4 (inc) is not enabled\n  enabled instead: reset\n  invariant small does not fail on the 3 states replayed\n');
    const opened = await openTrace(trace, { variant: 'guarded' });
    const result = replay(opened.loaded.model, opened.file.trace);
    expect(result).toMatchObject({ outcome: 'diverged', step: 3, reason: 'not-enabled', enabled: ['reset'] });
  });

  it('diverged: when the edit leaves no action enabled, the deadlock is the property that fails (exit 1)', async () => {
    const trace = await counterTrace();
    const r = await cli('replay', trace, '--variant', 'stuck');
    expect(r.code).toBe(1);
    expect(r.out).toContain('diverged at step 3 of 4\n  deadlock at step 3, instead of the recorded invariant small\n');
  });

  it('diverged: a step that yields another state shows the variables that differ', async () => {
    const trace = await counterTrace();
    const r = await cli('replay', trace, '--variant', 'double');
    expect(r.code).toBe(0);
    expect(r.out).toContain('diverged at step 3 of 4\n  step 3 (inc) yields a different state than recorded:\n    x: recorded 2, now 3\n  invariant small does not fail on the 2 states replayed\n');
  });

  it('diverged: an action that no longer exists', async () => {
    const trace = await counterTrace();
    const opened = await openTrace(trace, { variant: 'renamed' });
    expect(replay(opened.loaded.model, opened.file.trace)).toMatchObject({ outcome: 'diverged', step: 1, reason: 'unknown-action' });
  });

  it('diverged: another property failing first is reported with exit 1', async () => {
    const trace = await counterTrace();
    const r = await cli('replay', trace, '--variant', 'strict');
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/diverged at step 3 of 4\n {2}invariant notTwo fails at step 3 \(.*counter\.ts:\d+\), instead of the recorded invariant small\n/);
  });

  it('reproduced earlier than recorded when the edit makes the property fail sooner', async () => {
    const trace = await counterTrace();
    const r = await cli('replay', trace, '--variant', 'earlier');
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/reproduced\n {2}invariant small fails at step 3 \(.*\), before the recorded step 4\n/);
  });

  it('passes when every step runs and no property fails (exit 0)', async () => {
    const trace = await counterTrace();
    const r = await cli('replay', trace, '--variant', 'fixed');
    expect(r.code).toBe(0);
    expect(r.out).toContain(': passes\n  all 4 states replay and invariant small holds; no property fails\n');
  });

  it('--spec replays on another file, resolved from the working directory', async () => {
    const trace = await counterTrace();
    // the edited file fixes `bad`: the recorded variant, still applied, now passes
    const other = tempFiles({ 'edited.ts': counter.replace("variant === 'fixed' ? 6", "variant === 'bad' ? 6") });
    const r = await cli('replay', trace, '--spec', join(other, 'edited.ts'), '--json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toMatchObject({ outcome: 'passes', spec: join(other, 'edited.ts'), params: {}, variant: 'bad' });
  });

  it('detects a nondeterministic spec (Math.random in an effect): names the step, exit 2', async () => {
    const dir = treeTempFiles({
      'rand.ts': `
import { defineSpec, int, model } from '${dsl}';
export default defineSpec({ name: 'rand' }, () =>
  model({ x: int(0, 1000000) })
    .action('roll', { effect: (n) => void (n.x = Math.floor(Math.random() * 1000001)) })
    .invariant('small', (s) => s.x < 10));
`,
      'rand.json': JSON.stringify({
        format: 'interleave-trace', version: 1, spec: 'rand.ts', specName: 'rand', params: {}, variant: null, symmetry: false, property: 'small', kind: 'invariant',
        steps: [{ action: null, args: {}, state: { x: 0 } }, { action: 'roll', args: {}, state: { x: 500 } }],
      }),
    });
    const r = await cli('replay', join(dir, 'rand.json'));
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^loading spec tmp\/interleave-test-\w+\/rand\.ts \(named by trace .*rand\.json\)\nerror\[NONDETERMINISTIC\]: spec 'rand': running step 2 \(roll\) twice on the same state gave different results\n {2}first run: {2}\{"x":\d+\}\n {2}second run: \{"x":\d+\}\n/);
  });

  it('detects hidden mutable state (a counter kept outside the model) at the first step that reads it', async () => {
    const dir = tempFiles({
      'hidden.ts': `
import { bool, defineSpec, model } from '${dsl}';
let calls = 0;
export default defineSpec({ name: 'hidden' }, () =>
  model({ on: bool }).action('flip', { effect: (n) => void (n.on = calls++ % 2 === 0) }).invariant('off', (s) => !s.on));
`,
    });
    const { model } = await loadModel(join(dir, 'hidden.ts'));
    const r = replay(model, {
      property: 'off',
      kind: 'invariant',
      steps: [{ action: null, args: {}, state: { on: false } }, { action: 'flip', args: {}, state: { on: true } }],
    });
    expect(r).toMatchObject({ outcome: 'nondeterministic', step: 1, action: 'flip' });
  });

  it('a lasso (spinlocks, weak fairness) reproduces; under strong fairness it passes, with the unfair unit named', async () => {
    const dir = tempFiles({});
    const trace = join(dir, 'spin.json');
    expect((await cli('check', 'models/classic/spinlocks.ts', '--out', trace)).code).toBe(1);
    const r = await cli('replay', trace);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/reproduced\n {2}temporal property everyCpuGetsLock fails at step 5 \(models\/classic\/spinlocks\.ts:\d+\), as recorded\n/);
    expect(r.out).toContain('2. cpu[Cpu0]: idle');
    expect(r.out).toContain('<- loop starts here');
    const t = JSON.parse((await import('node:fs')).readFileSync(trace, 'utf8'));
    writeFileSync(join(dir, 'strong.json'), JSON.stringify({ ...t, params: { ...t.params, fairness: 'strong' } }));
    const strong = await cli('replay', join(dir, 'strong.json'));
    expect(strong.code).toBe(0);
    expect(strong.out).toContain('passes\n  all 5 states replay, but temporal property everyCpuGetsLock does not fail on them: the loop is unfair: cpu[Cpu0] is strongly fair, enabled in the loop and never taken\n');
    const min = await cli('minimize', trace);
    expect(min.code).toBe(2);
    expect(min.err).toContain('error[USAGE]: ');
    expect(min.err).toContain('a lasso trace (temporal property everyCpuGetsLock) cannot be minimized');
  });

  it('a diverged initial state lists the variables that differ', async () => {
    const trace = await counterTrace();
    const edited = JSON.parse((await import('node:fs')).readFileSync(trace, 'utf8'));
    edited.steps[0].state.x = 4;
    writeFileSync(trace, JSON.stringify(edited));
    const r = await cli('replay', trace);
    expect(r.code).toBe(0);
    expect(r.out).toContain('diverged at step 1 of 4\n  no initial state of the spec equals the recorded one; the closest differs in:\n    x: recorded 4, now 0\n');
  });
});
