// The command line: symmetry is on by default for specs with a scalarset, --no-symmetry turns it
// off, and --json and trace files say which was used.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, tempFiles } from '../cli/run.ts';

const json = (text: string) => JSON.parse(text) as Record<string, unknown>;

describe('interleave check with symmetry', () => {
  it('is on by default for a spec with a scalarset: filter with 4 processes has 322 orbits, and --json says symmetry: true', async () => {
    const r = await cli('check', 'bench/models/filter.ts', '--param', 'n=4', '--param', 'symmetric=true', '--json');
    expect(r.code).toBe(0);
    expect(json(r.out)).toMatchObject({ result: 'ok', symmetry: true, distinctStates: 322, fullStates: 5744 });
  });

  it('leaves unused slots alone: a queue of ids and an optional record of an id, 11 orbits standing for 21 states', async () => {
    const r = await cli('check', 'test/symmetry/specs/unusedSlots.ts', '--json');
    expect(json(r.out)).toMatchObject({ result: 'ok', symmetry: true, distinctStates: 11, fullStates: 21 });
    const all = await cli('check', 'test/symmetry/specs/unusedSlots.ts', '--no-symmetry', '--json');
    expect(json(all.out)).toMatchObject({ result: 'ok', symmetry: false, distinctStates: 21 });
  });

  it('--no-symmetry counts every state: 5,744, and --json says symmetry: false', async () => {
    const r = await cli('check', 'bench/models/filter.ts', '--param', 'n=4', '--param', 'symmetric=true', '--no-symmetry', '--json');
    expect(r.code).toBe(0);
    expect(json(r.out)).toMatchObject({ result: 'ok', symmetry: false, distinctStates: 5744 });
  });

  it('says in the text report which scalarsets were reduced and how many states the orbits stand for', async () => {
    const r = await cli('check', 'bench/models/filter.ts', '--param', 'n=4', '--param', 'symmetric=true');
    expect(r.out).toContain('filter (n=4, symmetric=true): no violation in 322 distinct states\n');
    expect(r.out).toContain('symmetry reduction over Proc (4 ids): the counts are orbits, standing for 5,744 states (--no-symmetry counts every state)\n');
  });

  it('is off for a spec without a scalarset', async () => {
    const r = await cli('check', 'models/classic/diehard.ts', '--param', 'solve=false', '--json');
    expect(json(r.out)).toMatchObject({ symmetry: false, distinctStates: 16 });
  });

  it('--check-symmetry reports its figures in --json', async () => {
    const r = await cli('check', 'models/classic/n_peterson.ts', '--check-symmetry', '--json');
    expect(json(r.out)).toMatchObject({ result: 'ok', symmetry: true, distinctStates: 172, symmetryCheck: { runs: 300, sampledStates: 882 } });
  });

  it('records in the trace file whether the counterexample was found with symmetry', async () => {
    const dir = tempFiles({});
    for (const [flag, expected] of [['--symmetry', true], ['--no-symmetry', false]] as const) {
      const out = join(dir, `trace${expected}.json`);
      const r = await cli('check', 'test/symmetry/specs/racyLock.ts', '--variant', 'racy', flag, '--out', out);
      expect(r.code).toBe(1);
      const file = json(readFileSync(out, 'utf8'));
      expect(file['symmetry']).toBe(expected);
      expect(file['steps']).toHaveLength(5);
    }
  });
});
