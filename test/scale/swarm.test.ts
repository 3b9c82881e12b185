// Swarms (`simulate --swarm`) and `merge`: members are deterministic (the same seed gives the same bytes,
// run all at once or one per job), the merge counts the union of the states exactly, and it lists the
// counterexamples shortest first, each once.
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { check } from '../../checker/check.ts';
import { mergeResults } from '../../checker/swarm/merge.ts';
import { decodeKeys, encodeKeys } from '../../checker/swarm/member.ts';
import type { SwarmResultFile } from '../../checker/swarm/resultFile.ts';
import { cli, treeTempFiles } from '../cli/run.ts';

const tmp = () => mkdtempSync(join(tmpdir(), 'interleave-swarm-'));
/** The files under `dir` (and its `traces/`) with their text. */
const filesOf = (dir: string) =>
  Object.fromEntries(readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.json')).sort().map((f) => [f, readFileSync(join(dir, f), 'utf8')]));

describe('simulate --swarm: determinism', () => {
  it('all members in one run, or each alone with --swarm-index: byte-identical result and trace files', async () => {
    const all = tmp();
    const one = tmp();
    const a = await cli('simulate', 'models/classic/diehard.ts', '--swarm', '3', '--seed', '11', '--runs', '300', '--out', all);
    expect(a.code).toBe(1);
    // member 1's action weights keep it from the violation in its 300 walks: the others find it
    for (const [i, code] of [['0', 1], ['1', 0], ['2', 1]] as const) {
      const r = await cli('simulate', 'models/classic/diehard.ts', '--swarm', '3', '--seed', '11', '--runs', '300', '--out', one, '--swarm-index', i);
      expect(r.code).toBe(code);
      expect(r.out).toContain(`merge the results of every member with: interleave merge ${join(one, 'swarm-11-*.json')}`);
    }
    expect(Object.keys(filesOf(all))).toEqual(['swarm-11-0.json', 'swarm-11-1.json', 'swarm-11-2.json', 'traces/swarm-11-0.json', 'traces/swarm-11-2.json']);
    expect(filesOf(one)).toEqual(filesOf(all));
  });
  it('the same member twice gives the same bytes; another seed another search', async () => {
    const [x, y, z] = [tmp(), tmp(), tmp()];
    for (const [dir, seed] of [[x, '5'], [y, '5'], [z, '6']] as const) {
      expect((await cli('simulate', 'models/classic/twophase.ts', '--swarm', '4', '--seed', seed, '--runs', '30', '--swarm-index', '2', '--out', dir)).code).toBe(0);
    }
    expect(filesOf(x)).toEqual(filesOf(y));
    const f5 = JSON.parse(readFileSync(join(x, 'swarm-5-2.json'), 'utf8')) as SwarmResultFile;
    const f6 = JSON.parse(readFileSync(join(z, 'swarm-6-2.json'), 'utf8')) as SwarmResultFile;
    expect(f5.member.seed).not.toBe(f6.member.seed);
    expect(f5.member.depth).toBe(200); // index 2: twice the base depth of 100
    expect(f5.walks).toBe(30);
  });
});

describe('simulate --swarm and merge: coverage', () => {
  for (const [file, params] of [['models/classic/diehard.ts', ['solve=false']], ['models/classic/tcommit.ts', []]] as const) {
    it(`${file}: the members' union is every reachable state (the exhaustive search's count), counted exactly`, async () => {
      const dir = tmp();
      const r = await cli('simulate', file, ...params.flatMap((p) => ['--param', p]), '--swarm', '4', '--seed', '3', '--runs', '100', '--out', dir);
      expect(r.code).toBe(0);
      const exact = await check(file, { paramPairs: [...params], symmetry: false });
      if (exact.result.result === 'error') throw exact.result.error;
      const paths = readdirSync(dir).filter((f) => f.endsWith('.json')).map((f) => join(dir, f));
      const merged = mergeResults(paths);
      expect(merged.states).toBe(exact.result.distinctStates);
      // the union, computed here from the files themselves
      const files = paths.map((p) => JSON.parse(readFileSync(p, 'utf8')) as SwarmResultFile);
      expect(new Set(files.flatMap((f) => decodeKeys(f.coverage.stateKeys))).size).toBe(merged.states);
      expect(merged.members.reduce((s, m) => s + m.newStates, 0)).toBe(merged.states);
      expect(merged.steps).toBe(files.reduce((s, f) => s + f.steps, 0));
      expect(Object.values(merged.actions).reduce((s, k) => s + k, 0)).toBe(merged.steps);
      expect(merged.walks).toBe(400);
    });
  }
  it('DieHard: the shortest counterexample has the 7 states of the exhaustive search and replays', async () => {
    const dir = treeTempFiles({});
    const r = await cli('simulate', 'models/classic/diehard.ts', '--swarm', '4', '--seed', '1', '--runs', '200', '--out', dir);
    expect(r.code).toBe(1);
    const merged = mergeResults(readdirSync(dir).filter((f) => f.endsWith('.json')).map((f) => join(dir, f)));
    expect(merged.counterexamples[0]).toMatchObject({ kind: 'invariant', property: 'NotSolved', states: 7 });
    const replay = await cli('replay', merged.counterexamples[0]!.traceFile);
    expect(replay.code).toBe(1);
    expect(replay.out).toContain('reproduced');
  });
});

/** A result file with the given keys (as numbers, the low word), actions and counterexample. */
function member(index: number, keys: number[], actions: Record<string, number>, cx: { property: string; states: number; tag: string } | null, params = { n: 2 }): SwarmResultFile {
  return {
    format: 'interleave-swarm-result',
    version: 1,
    spec: 'spec.ts',
    specName: 'toy',
    params,
    variant: null,
    swarm: { seed: 9, members: 4, index },
    member: { seed: 100 + index, depth: 10, runs: 5, weights: { a: 1, b: 1 } },
    keys: { exact: true, stateBits: 8 },
    result: cx ? 'violation' : 'ok',
    interrupted: false,
    walks: 5,
    steps: Object.values(actions).reduce((s, k) => s + k, 0),
    coverage: { actions, states: keys.length, stateKeys: encodeKeys(keys.flatMap((k) => [0, k])) },
    uncovered: index === 0 ? ['seenB', 'never'] : ['never'],
    counterexample: cx
      ? {
          kind: 'invariant',
          property: cx.property,
          states: cx.states,
          walk: 0,
          traceFile: `traces/swarm-9-${index}.json`,
          steps: Array.from({ length: cx.states }, (_, i) => ({ action: i ? 'a' : null, args: {}, state: { x: i, tag: cx.tag } })),
        }
      : null,
  };
}

describe('merge', () => {
  const dir = tmp();
  const write = (name: string, f: SwarmResultFile) => {
    writeFileSync(join(dir, name), JSON.stringify(f));
    return join(dir, name);
  };
  const paths = [
    write('m3.json', member(3, [4, 5, 6], { a: 2, b: 0 }, { property: 'P', states: 5, tag: 'x' })),
    write('m0.json', member(0, [1, 2, 3], { a: 1, b: 0 }, { property: 'P', states: 5, tag: 'x' })),
    write('m2.json', member(2, [3, 4], { a: 4, b: 0 }, { property: 'Q', states: 3, tag: 'y' })),
    write('m2-again.json', member(2, [3, 4], { a: 4, b: 0 }, { property: 'Q', states: 3, tag: 'y' })),
  ];

  it('the union of the states, actions summed, the missing member, the duplicate; counterexamples shortest first, each once', () => {
    const m = mergeResults(paths);
    expect(m.states).toBe(6);
    expect(m.members).toEqual([
      { member: '9/0', states: 3, newStates: 3, result: 'violation', interrupted: false },
      { member: '9/2', states: 2, newStates: 1, result: 'violation', interrupted: false },
      { member: '9/3', states: 3, newStates: 2, result: 'violation', interrupted: false },
    ]);
    expect(m.actions).toEqual({ a: 7, b: 0 });
    expect(m.neverFired).toEqual(['b']);
    expect(m.uncovered).toEqual(['never']);
    expect(m.swarms).toEqual([{ seed: 9, members: 4, present: 3, missing: [1] }]);
    expect(m.duplicates).toEqual([join(dir, 'm2-again.json')]);
    expect(m.counterexamples.map((c) => [c.property, c.states, c.foundBy])).toEqual([
      ['Q', 3, ['9/2']],
      ['P', 5, ['9/0', '9/3']],
    ]);
  });

  it('the text report, exit 1 with a counterexample', async () => {
    const r = await cli('merge', ...paths);
    expect(r.code).toBe(1);
    const rel = (f: string) => relative('.', join(dir, f));
    expect(r.out).toBe(
      [
        'toy (n=2): 2 counterexamples from 3 swarm members; the shortest has 3 states',
        '  swarm seed 9: 3 of 4 members; missing: 1',
        `  ignored (the same member again): ${join(dir, 'm2-again.json')}`,
        'coverage: 6 distinct states visited, 15 walks, 7 steps',
        '  per member (states, new to the union): 9/0 3/3, 9/2 2/1, 9/3 3/2',
        '  steps per action: a 7, b 0',
        '  never fired: b',
        '  cover properties no member reached: never',
        'counterexamples, shortest first:',
        `  3 states: invariant Q violated, found by 9/2: interleave replay ${rel('traces/swarm-9-2.json')}`,
        `  5 states: invariant P violated, found by 9/0, 9/3: interleave replay ${rel('traces/swarm-9-0.json')}`,
        '',
      ].join('\n'),
    );
  });

  it('--json: the same figures, the traces left in their files', async () => {
    const r = await cli('merge', '--json', ...paths);
    const j = JSON.parse(r.out);
    expect(j.states).toBe(6);
    expect(j.counterexamples.map((c: { property: string; steps?: unknown }) => [c.property, c.steps])).toEqual([['Q', undefined], ['P', undefined]]);
  });

  it('results of other parameters are refused', async () => {
    const other = write('other.json', member(1, [7], { a: 1, b: 0 }, null, { n: 3 }));
    const r = await cli('merge', paths[0]!, other);
    expect(r.code).toBe(2);
    expect(r.err).toContain(`error[USAGE]: merge: ${other} is from another run than ${paths[0]}: parameters {"n":3}, not {"n":2}`);
  });
});
