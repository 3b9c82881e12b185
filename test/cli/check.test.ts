// `interleave check`: verdicts, exit codes, JSON output, and clear errors on bad input.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, dsl, tempFiles } from './run.ts';

const counter = (body: string) => `
import { defineSpec, int, model } from '${dsl}';
export default defineSpec({ name: 'counter', params: { max: 3 }, variants: ['good', 'bad'] }, ({ max, variant }) =>
  model({ x: int(0, 3) })${body});
`;

describe('interleave check', () => {
  it('exits 0 and prints the distinct-state count when no property is violated', async () => {
    const r = await cli('check', 'models/classic/diehard.ts', '--param', 'solve=false');
    expect(r.code).toBe(0);
    expect(r.out).toContain('diehard (solve=false): no violation in 16 distinct states');
    expect(r.out).toContain('16 distinct states, 97 generated, depth 8');
  });

  it('exits 1 on a violation and prints the trace with only the changed variables', async () => {
    const r = await cli('check', 'models/classic/diehard.ts');
    expect(r.code).toBe(1);
    expect(r.out).toContain('invariant NotSolved violated');
    expect(r.out).toContain('Counterexample, 7 states:');
    expect(r.out).toMatch(/2\. FillBigJug {3}\(models\/classic\/diehard\.ts:\d+\)\n {5}big: 0 -> 5\n3\./);
  });

  it('--json prints one object with the fields of the documented schema', async () => {
    const r = await cli('check', 'models/classic/diehard.ts', '--json');
    expect(r.code).toBe(1);
    const j = JSON.parse(r.out);
    expect(j).toMatchObject({ result: 'violation', spec: 'models/classic/diehard.ts', params: { solve: true } });
    for (const k of ['distinctStates', 'generatedStates', 'depth', 'durationMs', 'statesPerSecond', 'coverage']) expect(j).toHaveProperty(k);
    expect(j.violation.kind).toBe('invariant');
    expect(j.violation.property).toBe('NotSolved');
    expect(j.violation.trace).toHaveLength(7);
    expect(j.violation.trace[1]).toMatchObject({ action: 'FillBigJug', args: {}, state: { big: 5, small: 0 } });
    expect(j.coverage.map((c: { action: string }) => c.action)).toEqual(['FillSmallJug', 'FillBigJug', 'EmptySmallJug', 'EmptyBigJug', 'SmallToBig', 'BigToSmall']);
  });

  it('--param sets a parameter and --max-states stops early with an incomplete result', async () => {
    const ok = await cli('check', 'models/classic/diehard.ts', '--param', 'solve=false', '--json');
    expect(JSON.parse(ok.out)).toMatchObject({ result: 'ok', distinctStates: 16, generatedStates: 97 });
    const partial = await cli('check', 'models/classic/diehard.ts', '-p', 'solve=false', '--max-states', '5', '--json');
    expect(partial.code).toBe(4); // incomplete is not a pass
    expect(JSON.parse(partial.out)).toMatchObject({ result: 'incomplete', reason: 'max-states' });
  });

  it('reports deadlocks as violations of kind deadlock, and --no-deadlock turns the check off', async () => {
    const dir = tempFiles({ 'stop.ts': counter(`.action('inc', { when: (s) => s.x < max, effect: (n) => void n.x++ })`) });
    const r = await cli('check', join(dir, 'stop.ts'), '--json');
    expect(r.code).toBe(1);
    const j = JSON.parse(r.out);
    expect(j.violation).toMatchObject({ kind: 'deadlock', property: 'deadlock' });
    expect(j.violation.trace).toHaveLength(4);
    const off = await cli('check', join(dir, 'stop.ts'), '--no-deadlock', '--json');
    expect(JSON.parse(off.out)).toMatchObject({ result: 'ok', distinctStates: 4, generatedStates: 4 });
  });
});

describe('bad input: a clear error and exit 2, never a bare stack trace', () => {
  it('a spec file that does not exist', async () => {
    const r = await cli('check', 'models/nope.ts');
    expect(r.code).toBe(2);
    expect(r.err).toContain('error[SPEC_LOAD]: spec file not found: models/nope.ts');
  });

  it('a spec file that does not load names the file and line', async () => {
    const dir = tempFiles({ 'broken.ts': `import { defineSpec } from '${dsl}';\nconst x: number = ;\nexport default x;\n` });
    const r = await cli('check', join(dir, 'broken.ts'));
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/error\[SPEC_LOAD\]: .*broken\.ts does not load/);
  });

  it('a file without a spec export', async () => {
    const dir = tempFiles({ 'empty.ts': `export const x = 1;\n` });
    const r = await cli('check', join(dir, 'empty.ts'));
    expect(r.code).toBe(2);
    expect(r.err).toContain('exports no spec');
  });

  it('an unknown parameter lists the known ones', async () => {
    const r = await cli('check', 'models/classic/diehard.ts', '--param', 'jugs=3');
    expect(r.code).toBe(2);
    expect(r.err).toContain("error[PARAM]: spec 'diehard' has no parameter 'jugs'");
    expect(r.err).toContain('solve (default true)');
  });

  it('a parameter value of the wrong type', async () => {
    const r = await cli('check', 'models/classic/diehard.ts', '--param', 'solve=maybe');
    expect(r.code).toBe(2);
    expect(r.err).toContain('error[PARAM]: --param solve=maybe: solve is true or false');
  });

  it('an unknown variant lists the known ones', async () => {
    const dir = tempFiles({ 'v.ts': counter(`.action('inc', { when: (s) => s.x < max, effect: (n) => void n.x++ }).checkDeadlock(false)`) });
    const r = await cli('check', join(dir, 'v.ts'), '--variant', 'ugly');
    expect(r.code).toBe(2);
    expect(r.err).toContain("error[VARIANT]: spec 'counter' has no variant 'ugly'");
    expect(r.err).toContain('its variants: good, bad');
  });

  it('a value outside its type names the action, the value, and the trace that leads to it', async () => {
    const dir = tempFiles({ 'range.ts': counter(`.action('inc', { when: () => true, effect: (n) => void n.x++ })`) });
    const r = await cli('check', join(dir, 'range.ts'));
    expect(r.code).toBe(2);
    expect(r.err).toContain("error[VALUE]: action 'inc': x = 4 is outside its type int(0..3)");
    expect(r.err).toMatch(/at .*range\.ts:\d+:\d+/);
    expect(r.err).toContain('Trace, 4 states, then the step that leaves the type:');
    expect(r.err).toMatch(/^4\. inc .*\n\s+x: 2 -> 3$/m);
    expect(r.err).toMatch(/^5\. inc .*\n\s+x: 3 -> 4 {3}outside its type int\(0\.\.3\)$/m);
  });

  it('an exception thrown by spec code gives the spec file and line, the action and the state', async () => {
    const dir = tempFiles({
      'throws.ts': counter(`.action('inc', { when: (s) => s.x < max, effect: (n, _a, { prev }) => { if (prev.x === 2) throw new Error('boom'); n.x++; } })`),
    });
    const r = await cli('check', join(dir, 'throws.ts'), '--no-deadlock');
    expect(r.code).toBe(2);
    expect(r.err).toContain("error[SPEC_THROW]: action 'inc': threw Error: boom");
    expect(r.err).toMatch(/at .*throws\.ts:4:\d+/);
    expect(r.err).toContain('    x = 2');
    expect(r.err).not.toMatch(/^\s+at .*node_modules/m);
  });

  it('writing to the current (read-only) state is an error', async () => {
    const dir = tempFiles({ 'ro.ts': counter(`.action('inc', { when: (s) => { (s as any).x = 1; return true; }, effect: (n) => void (n.x = 0) })`) });
    const r = await cli('check', join(dir, 'ro.ts'));
    expect(r.code).toBe(2);
    expect(r.err).toContain('cannot write x: this state is read-only');
  });

  it('an unknown option is a usage error', async () => {
    const r = await cli('check', 'models/classic/diehard.ts', '--frobnicate');
    expect(r.code).toBe(2);
    expect(r.err).toContain('error[USAGE]');
  });
});
