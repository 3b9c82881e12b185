// Simulation: seeded random walks that find the dining-philosophers deadlock (n = 16, 1.3M states)
// at once, reproducibly, and shrink it to the 17-state shortest trace; DieHard's violation shrinks to
// the 7 states the BFS finds.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { check } from '../../checker/check.ts';
import { loadModel } from '../../checker/loadSpec.ts';
import { simulate } from '../../checker/traces/simulate.ts';
import { mulberry32, runSeed } from '../../checker/traces/random.ts';
import { cli, dsl, tempFiles } from '../cli/run.ts';

describe('simulate', () => {
  it('finds the dining deadlock (n=16) with seed 1 in the first walk of 80 states, shrunk to the 17 states of the shortest trace', async () => {
    const { model } = await loadModel('bench/models/dining.ts', ['n=16']);
    const r = await simulate(model, { seed: 1 });
    expect(r.result).toBe('violation');
    if (r.result !== 'violation') return;
    expect(r.violation).toMatchObject({ kind: 'deadlock', property: 'deadlock' });
    expect(r.run).toBe(0);
    expect(r.walk).toHaveLength(80);
    expect(r.trace).toHaveLength(17);
    // the shortest deadlock: every philosopher takes its first fork
    expect(r.trace.slice(1).every((s) => s.action === 'phil.think')).toBe(true);
    expect(new Set(r.trace.slice(1).map((s) => s.process)).size).toBe(16);
    expect(r.shrinkPhases.map((p) => [p.phase, p.after.states])).toEqual([
      ['loops', 77],
      ['ddmin', 17],
    ]);
  });

  it('the same seed gives the same walk and trace; another seed another walk', async () => {
    const { model } = await loadModel('bench/models/dining.ts', ['n=16']);
    const a = await simulate(model, { seed: 7, shrink: false });
    const b = await simulate(model, { seed: 7, shrink: false });
    const c = await simulate(model, { seed: 8, shrink: false });
    if (a.result !== 'violation' || b.result !== 'violation' || c.result !== 'violation') throw new Error('expected deadlocks');
    expect(JSON.stringify(b.walk)).toBe(JSON.stringify(a.walk));
    expect(JSON.stringify(c.walk)).not.toBe(JSON.stringify(a.walk));
  });

  it('the generator is fixed: seed 1, run 0 draws the same numbers on every machine (a change would change every stored walk)', () => {
    expect(runSeed(1, 0)).toBe(3097737238);
    const random = mulberry32(runSeed(1, 0));
    expect([random(), random(), random()].map((x) => Math.floor(x * 1000))).toEqual([618, 426, 54]);
    expect(runSeed(1, 1)).not.toBe(runSeed(1, 0));
    expect(runSeed(2 ** 40, 0)).not.toBe(runSeed(0, 0));
  });

  it("shrinks DieHard's random walk to 7 states, the length of the BFS's shortest trace", async () => {
    const { model } = await loadModel('models/classic/diehard.ts');
    const bfs = await check('models/classic/diehard.ts');
    if (bfs.result.result !== 'violation') throw new Error('expected a violation');
    for (const seed of [1, 2, 3]) {
      const r = await simulate(model, { seed });
      if (r.result !== 'violation') throw new Error('expected a violation');
      expect(r.violation.property).toBe('NotSolved');
      expect(r.walk.length).toBeGreaterThan(7);
      expect(r.trace).toHaveLength(bfs.result.violation.trace.length);
      expect(r.trace.at(-1)!.state.big).toBe(4);
    }
  });

  it('reports no violation for the asymmetric table: 20 walks of exactly 50 steps (no state ends a walk)', async () => {
    const { model } = await loadModel('bench/models/dining.ts', ['n=5', 'asym=true']);
    const r = await simulate(model, { seed: 1, runs: 20, depth: 50 });
    expect(r).toMatchObject({ result: 'ok', runs: 20, steps: 1000, terminated: 0, interrupted: false });
  });

  it('the CLI writes the shrunk trace (json or itf), which replays as reproduced', async () => {
    const dir = tempFiles({});
    const r = await cli('simulate', 'bench/models/dining.ts', '-p', 'n=16', '--seed', '1', '--out', join(dir, 'dining.json'));
    expect(r.code).toBe(1);
    expect(r.out).toContain('dining (n=16, asym=false, deadlock=true): deadlock, found by walk 1 (1 walk, 79 steps');
    expect(r.out).toContain('the walk took 80 states; shrunk to 17 (loops cut -> 77, delta debugging -> 17)');
    expect(r.out).toContain('repeat this simulation with: interleave simulate bench/models/dining.ts --seed 1 --param n=16 --depth 100 --runs 1000');
    const replayed = await cli('replay', join(dir, 'dining.json'));
    expect(replayed.code).toBe(1);
    expect(replayed.out).toContain('reproduced\n  deadlock at step 17, as recorded\n');
    const itf = await cli('simulate', 'bench/models/dining.ts', '-p', 'n=16', '--seed', '1', '--out', join(dir, 'dining.itf.json'), '--format', 'itf');
    expect(itf.code).toBe(1);
    const parsed = JSON.parse(readFileSync(join(dir, 'dining.itf.json'), 'utf8'));
    expect(parsed.vars).toEqual(['fork', 'pc']);
    expect(parsed.states).toHaveLength(17);
  });

  it('says a spec is nondeterministic when its violating walk does not replay the same (exit 2)', async () => {
    const dir = tempFiles({
      'rand.ts': `
import { defineSpec, int, model } from '${dsl}';
export default defineSpec({ name: 'rand' }, () =>
  model({ x: int(0, 1000000) })
    .action('roll', { effect: (n) => void (n.x = Math.floor(Math.random() * 1000001)) })
    .invariant('small', (s) => s.x < 10));
`,
    });
    const r = await cli('simulate', join(dir, 'rand.ts'), '--seed', '1');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^error\[NONDETERMINISTIC\]: running step 2 \(roll\) of the walk twice on the same state gave different results\n/);
  });

  it('rejects a bad --depth with a usage error (exit 2)', async () => {
    const r = await cli('simulate', 'models/classic/diehard.ts', '--depth', '-3');
    expect(r.code).toBe(2);
    expect(r.err).toContain('error[USAGE]: --depth -3: expected an integer of at least 0');
  });
});
