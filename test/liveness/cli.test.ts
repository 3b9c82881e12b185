import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, tempFiles } from '../cli/run.ts';

describe('interleave check prints lassos', () => {
  it('a stuttering lasso: the loop start is marked and the trace ends "then stutters forever"; exit 1', async () => {
    const r = await cli('check', 'models/classic/realTimeHourClock.ts');
    expect(r.code).toBe(1);
    expect(r.out).toContain('temporal property ErrorTemporal violated');
    expect(r.out).toContain('Counterexample (a lasso), 2 states:');
    expect(r.out).toMatch(/2\. NowNext\(r=4\) .*<- loop starts here/);
    expect(r.out).toContain('then stutters forever: state 2 repeats with no step taken');
    expect(r.out).toMatch(/liveness: 1 temporal property on a graph of 624 edges/);
  });

  it('a cycle: the last state is the loop start again, and the text says so', async () => {
    const r = await cli('check', 'models/classic/spinlocks.ts', '--variant', 'test-and-set');
    expect(r.code).toBe(1);
    expect(r.out).toContain('temporal property everyCpuGetsLock violated');
    expect(r.out).toContain('state 5 is state 2: the loop 2..5 repeats forever');
    expect(r.out).toContain('symmetry reduction off: temporal properties are checked on concrete states');
  });

  it('--json carries the loop index and the liveness figures; --out writes the loop into the trace file', async () => {
    const dir = tempFiles({});
    const out = join(dir, 'lasso.json');
    const r = await cli('check', 'models/classic/spinlocks.ts', '--variant', 'test-and-set', '--json', '--out', out);
    expect(r.code).toBe(1);
    const j = JSON.parse(r.out);
    expect(j.violation).toMatchObject({ kind: 'temporal', property: 'everyCpuGetsLock', loop: 1 });
    expect(j.liveness).toMatchObject({ properties: 3, edges: 14 });
    expect(j.symmetry).toBe(false);
    expect(j.symmetryOffForLiveness).toBe(true);
    const file = JSON.parse(readFileSync(out, 'utf8'));
    expect(file).toMatchObject({ kind: 'temporal', property: 'everyCpuGetsLock', loop: 1 });
    expect(file.steps).toHaveLength(5);
  });
});
