// The DSL twins (bench/models) against a second method: the hand-written JavaScript BFS of the
// twins kit (bench/twins/bfs.cjs, no DSL, no libraries), run as a child process. Small N here; the
// full sizes (filter N=6, dining N=16) are checked by `npm run bench`, which prints every tool's counts.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { check } from '../../checker/check.ts';

const bfsScript = fileURLToPath(new URL('../../bench/twins/bfs.cjs', import.meta.url));

interface HandWrittenBfs {
  readonly states: number;
  readonly edges: number;
  readonly deadlocks: number;
  readonly violation: string | number[] | null;
}

/** Runs the hand-written BFS; without `checkDeadlock` it explores everything and counts deadlock states. */
function handWritten(model: 'filter' | 'dining' | 'dining_asym', n: number, checkDeadlock: boolean): HandWrittenBfs {
  const out = execFileSync(process.execPath, [bfsScript, model, String(n), 'packed', ...(checkDeadlock ? [] : ['--nodeadlock'])], { encoding: 'utf8' });
  return JSON.parse(out.trim().split('\n').at(-1)!) as HandWrittenBfs;
}

describe('filter lock twin (bench/models/filter.ts) equals the hand-written BFS', () => {
  it.each([3, 4, 5])('n=%i: same distinct states, generated = 1 initial + edges, mutex holds', async (n) => {
    const reference = handWritten('filter', n, true);
    const { result } = await check('bench/models/filter.ts', { params: { n }, symmetry: false });
    expect(reference.violation).toBeNull();
    expect(result.result).toBe('ok');
    if (result.result !== 'ok') return;
    expect(result.distinctStates).toBe(reference.states);
    expect(result.generatedStates).toBe(reference.edges + 1);
  });
  it('n=3..5 give 356, 5,744 and 104,432 states (the hand-written BFS\'s figures, pinned)', () => {
    expect([3, 4, 5].map((n) => handWritten('filter', n, true).states)).toEqual([356, 5744, 104432]);
  });
});

describe('dining philosophers twin (bench/models/dining.ts) equals the hand-written BFS', () => {
  const sizes = [5, 6, 7, 8];
  describe.each([false, true])('asym=%s, deadlock checking off', (asym) => {
    it.each(sizes)('n=%i: same distinct states and generated = 1 initial + edges', async (n) => {
      const reference = handWritten(asym ? 'dining_asym' : 'dining', n, false);
      const { result } = await check('bench/models/dining.ts', { params: { n, asym, deadlock: false } });
      expect(result.result).toBe('ok');
      if (result.result !== 'ok') return;
      expect(result.distinctStates).toBe(reference.states);
      expect(result.generatedStates).toBe(reference.edges + 1);
    });
  });

  it.each(sizes)('asym, deadlock checking on, n=%i: no deadlock, the same counts as the full search', async (n) => {
    const reference = handWritten('dining_asym', n, true);
    expect(reference.deadlocks).toBe(0);
    const { result } = await check('bench/models/dining.ts', { params: { n, asym: true } });
    expect(result.result).toBe('ok');
    if (result.result !== 'ok') return;
    expect(result.distinctStates).toBe(reference.states);
    expect(result.generatedStates).toBe(reference.edges + 1);
  });

  it.each(sizes)('default variant, n=%i: deadlocks after n steps (trace of n+1 states), every philosopher holding its left fork', async (n) => {
    // the hand-written BFS finds exactly one deadlocked state in the whole state space
    expect(handWritten('dining', n, false).deadlocks).toBe(1);
    expect(String(handWritten('dining', n, true).violation)).toMatch(/^deadlock/);
    const { result } = await check('bench/models/dining.ts', { params: { n } });
    expect(result.result).toBe('violation');
    if (result.result !== 'violation') return;
    expect(result.violation.kind).toBe('deadlock');
    expect(result.violation.property).toBe('deadlock');
    expect(result.violation.trace).toHaveLength(n + 1);
    const last = result.violation.trace.at(-1)!.state as { fork: Record<string, boolean>; pc: { phil: Record<string, string> } };
    const everyone = Array.from({ length: n }, (_, i) => String(i));
    expect(Object.fromEntries(everyone.map((i) => [i, last.fork[i]]))).toEqual(Object.fromEntries(everyone.map((i) => [i, true])));
    expect(Object.fromEntries(everyone.map((i) => [i, last.pc.phil[i]]))).toEqual(Object.fromEntries(everyone.map((i) => [i, 'hungry'])));
    expect(result.violation.trace.slice(1).every((step) => step.action === 'phil.think')).toBe(true);
  });
});

const lamportScript = fileURLToPath(new URL('../../bench/twins/lamport.cjs', import.meta.url));

/** What a hand-written twin prints (lamport.cjs, migrate.cjs). */
interface TwinReport {
  readonly states: number;
  readonly edges: number;
  readonly depth: number;
  readonly violation: unknown;
}

describe("Lamport's mutual exclusion (bench/models/lamport.ts) equals its hand-written twin (bench/twins/lamport.cjs)", () => {
  const twin = (maxClock: number): TwinReport =>
    JSON.parse(execFileSync(process.execPath, [lamportScript, '3', String(maxClock), '3'], { encoding: 'utf8' }).trim().split('\n').at(-1)!) as TwinReport;

  it.each([
    [2, 76, 153, 7],
    [3, 501, 1146, 10],
    [4, 2380, 5805, 14],
  ])('maxClock=%i: %i distinct states, %i transitions (generated - 1 initial), depth %i, mutex holds, in both', async (maxClock, states, edges, depth) => {
    const reference = twin(maxClock);
    expect(reference).toMatchObject({ states, edges, depth, violation: null });
    const { result } = await check('bench/models/lamport.ts', { params: { maxClock }, symmetry: false });
    expect(result.result).toBe('ok');
    if (result.result !== 'ok') return;
    expect([result.distinctStates, result.generatedStates - 1, result.depth]).toEqual([states, edges, depth]);
  });
});

const migrateScript = fileURLToPath(new URL('../../bench/twins/migrate.cjs', import.meta.url));

describe('models/migrate.ts without symmetry equals its hand-written twin (bench/twins/migrate.cjs)', () => {
  it('127,988 distinct states, 535,531 transitions (generated - 2 initial), depth 51, every property holds, in both', async () => {
    const reference = JSON.parse(execFileSync(process.execPath, [migrateScript], { encoding: 'utf8' }).trim().split('\n').at(-1)!) as TwinReport;
    expect(reference).toMatchObject({ states: 127988, edges: 535531, depth: 51, violation: null });
    const { result } = await check('models/migrate.ts', { symmetry: false });
    expect(result.result).toBe('ok');
    if (result.result !== 'ok') return;
    expect([result.distinctStates, result.generatedStates - 2, result.depth]).toEqual([127988, 535531, 51]);
  }, 60_000);
});

const fpsimdScript = fileURLToPath(new URL('../../bench/twins/fpsimd.cjs', import.meta.url));

describe('models/kernel-tla/fpsimd.ts without symmetry equals its hand-written twin (bench/twins/fpsimd.cjs)', () => {
  const twin = (cpus: number, threads: number, vals: number, stack = 6): TwinReport =>
    JSON.parse(execFileSync(process.execPath, [fpsimdScript, String(cpus), String(threads), String(vals), String(stack)], { encoding: 'utf8' }).trim().split('\n').at(-1)!) as TwinReport;

  it.each([
    [1, 1, 2, 2831, 3801, 57],
    [1, 1, 3, 7627, 10684, 57],
  ])('%i CPU, %i thread, %i values: %i distinct states, %i transitions (generated - 1 initial), depth %i, every assert and SchedInv hold, in both', async (cpus, threads, vals, states, edges, depth) => {
    expect(twin(cpus, threads, vals)).toMatchObject({ states, edges, depth, violation: null });
    const { result } = await check('models/kernel-tla/fpsimd.ts', { params: { cpus, threads, vals, stack: 6 }, symmetry: false });
    expect(result.result).toBe('ok');
    if (result.result !== 'ok') return;
    expect([result.distinctStates, result.generatedStates - 1, result.depth]).toEqual([states, edges, depth]);
  }, 30_000);

  it("1 CPU, 2 threads, 1 value (the bench's size; scheduling, thread switches): 654,242 distinct states, 811,290 transitions (generated - 2 initial), depth 137, in both", async () => {
    expect(twin(1, 2, 1)).toMatchObject({ states: 654242, edges: 811290, depth: 137, violation: null });
    const { result } = await check('models/kernel-tla/fpsimd.ts', { params: { cpus: 1, threads: 2, vals: 1, stack: 6 }, symmetry: false });
    expect(result.result).toBe('ok');
    if (result.result !== 'ok') return;
    expect([result.distinctStates, result.generatedStates - 2, result.depth]).toEqual([654242, 811290, 137]);
  }, 240_000); // about 25 s on a quiet machine; other work on the 2 cores can make it several times that
});
