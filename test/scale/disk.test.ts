// `check --disk`: with thresholds forced tiny, so the queue's middle, the visited keys and the parent log
// all go through their files many times, the search gives exactly the in-memory search's counts, depth,
// coverage and counterexample; the CLI finishes under a --max-memory at which the in-memory search stops
// (reason memory, exit 4); --disk is refused with --workers and with a DIR that cannot be written.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { check, type CheckRequest } from '../../checker/check.ts';
import { DiskSpace, type DiskOptions } from '../../checker/disk/DiskSpace.ts';
import type { DiskVisitedSet } from '../../checker/disk/DiskVisitedSet.ts';
import type { SpillQueue } from '../../checker/disk/SpillQueue.ts';
import { cli } from '../cli/run.ts';

const root = mkdtempSync(join(tmpdir(), 'interleave-disk-search-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
afterEach(() => vi.restoreAllMocks());

/** Thresholds small enough that every store spills many times on a spec of a few thousand states. */
const tiny: DiskOptions = { dir: root, tableKeys: 100, pageKeys: 32, queueMemoryBytes: 1024, queueChunkRecords: 32, logChunk: 512 };

const run = async (file: string, request: CheckRequest = {}) => {
  const { result } = await check(file, { symmetry: false, ...request });
  if (result.result === 'error') throw result.error;
  return result;
};

/** Runs with `tiny` and returns the result and what went to disk (the stores made by the run). */
async function onDisk(file: string, request: CheckRequest, disk = tiny) {
  const queues = vi.spyOn(DiskSpace.prototype, 'queue');
  const sets = vi.spyOn(DiskSpace.prototype, 'visitedSet');
  const result = await run(file, { ...request, disk });
  const queue = queues.mock.results[0]?.value as SpillQueue;
  const set = sets.mock.results[0]?.value as DiskVisitedSet | undefined;
  return { result, spilledChunks: queue.spilledChunks, merges: set?.merges ?? 0 };
}

describe('check with --disk: the in-memory search\'s results', () => {
  // [spec, request, keys of the memory table, merges of the table into its file, queue chunks written to the file]
  const specs: [string, CheckRequest, number, number, number][] = [
    ['models/classic/twophase.ts', {}, 100, 4, 0],
    ['models/classic/n_peterson.ts', { params: { n: 3 } }, 100, 15, 0],
    ['bench/models/filter.ts', { params: { n: 4 } }, 100, 95, 143],
    ['test/scale/specs/wide.ts', {}, 100, 7, 17], // 80-bit states: keyed by fingerprint
    ['models/migrate.ts', { symmetry: true }, 5000, 26, 2011], // 64,451 orbits
  ];
  for (const [file, request, tableKeys, expectedMerges, expectedChunks] of specs) {
    it(`${file} ${JSON.stringify(request)}: the same counts, depth and coverage, after ${expectedMerges} merges and ${expectedChunks} queue chunks through the files`, async () => {
      const memory = await run(file, request);
      const { result: disk, spilledChunks, merges } = await onDisk(file, request, { ...tiny, tableKeys });
      expect(memory.result).toBe('ok');
      expect(disk.result).toBe('ok');
      expect([disk.distinctStates, disk.generatedStates, disk.depth]).toEqual([memory.distinctStates, memory.generatedStates, memory.depth]);
      expect(disk.coverage).toEqual(memory.coverage);
      expect([merges, spilledChunks]).toEqual([expectedMerges, expectedChunks]);
    });
  }

  it('filter n=5: 104,432 states, 338,791 generated, depth 37, with 26 merges of a table of 5,000 keys and 3,258 queue chunks through the file', async () => {
    const { result, spilledChunks, merges } = await onDisk('bench/models/filter.ts', { params: { n: 5 } }, { ...tiny, tableKeys: 5000 });
    expect([result.result, result.distinctStates, result.generatedStates, result.depth]).toEqual(['ok', 104_432, 338_791, 37]);
    expect([merges, spilledChunks]).toEqual([26, 3258]);
  });

  for (const [variant, property, length, expectedMerges] of [['no-pin-check', 'migrationKeepsData', 10, 108], ['no-reinvalidate', 'mirrorCoherent', 9, 53]] as const) {
    it(`migrate ${variant}: ${property} violated with the in-memory search's ${length}-state trace, after ${expectedMerges} merges`, async () => {
      const memory = await run('models/migrate.ts', { variant });
      const { result: disk, merges } = await onDisk('models/migrate.ts', { variant });
      expect(disk.result).toBe('violation');
      if (disk.result !== 'violation' || memory.result !== 'violation') return;
      expect(disk.violation.property).toBe(property);
      expect(disk.violation.trace).toHaveLength(length);
      expect(disk.violation).toEqual(memory.violation);
      expect([disk.distinctStates, disk.generatedStates, disk.depth, merges]).toEqual([memory.distinctStates, memory.generatedStates, memory.depth, expectedMerges]);
    });
  }

  it('default thresholds: a search that fits in the budget never merges; under a 3 MiB budget filter n=5 merges 3 times and finishes', async () => {
    const fits = await onDisk('bench/models/filter.ts', { params: { n: 5 } }, { dir: root });
    expect([fits.result.distinctStates, fits.merges, fits.spilledChunks]).toEqual([104_432, 0, 0]);
    const tight = await onDisk('bench/models/filter.ts', { params: { n: 5 }, maxMemoryBytes: 3 * 2 ** 20 }, { dir: root });
    expect([tight.result.result, tight.result.distinctStates, tight.result.generatedStates, tight.merges]).toEqual(['ok', 104_432, 338_791, 3]);
  });

  it('DieHard: NotSolved violated with the in-memory search\'s 7-state trace, rebuilt from the parent log on disk', async () => {
    const memory = await run('models/classic/diehard.ts');
    const { result: disk } = await onDisk('models/classic/diehard.ts', {});
    expect(disk.result).toBe('violation');
    if (disk.result !== 'violation' || memory.result !== 'violation') return;
    expect(disk.violation.property).toBe('NotSolved');
    expect(disk.violation.trace).toHaveLength(7);
    expect(disk.violation.trace).toEqual(memory.violation.trace);
    expect([disk.distinctStates, disk.generatedStates]).toEqual([memory.distinctStates, memory.generatedStates]);
  });

  it('temporal properties: the visited set stays in memory (the state graph needs ids), the queue and parent log spill; same verdict', async () => {
    const memory = await run('models/classic/diningPhilosophers.ts', { params: { NP: 4 } });
    const { result: disk, merges } = await onDisk('models/classic/diningPhilosophers.ts', { params: { NP: 4 } });
    expect(merges).toBe(0);
    expect(disk.result).toBe(memory.result);
    expect([disk.distinctStates, disk.generatedStates, disk.depth]).toEqual([memory.distinctStates, memory.generatedStates, memory.depth]);
    if (disk.result === 'violation' && memory.result === 'violation') expect(disk.violation).toEqual(memory.violation);
  });

  it('with --bitstate: the bit array stays in memory, the queue and parent log spill; the bitstate search\'s figures', async () => {
    const bitstate = { bits: 2 ** 20, hashes: 3 };
    const memory = await run('bench/models/filter.ts', { params: { n: 4 }, bitstate });
    const { result: disk, merges, spilledChunks } = await onDisk('bench/models/filter.ts', { params: { n: 4 }, bitstate });
    expect([disk.result, disk.distinctStates, disk.generatedStates, disk.depth, merges, spilledChunks]).toEqual(['incomplete', memory.distinctStates, memory.generatedStates, memory.depth, 0, 143]);
    expect(disk.bitstate).toEqual(memory.bitstate);
  });

  it('under symmetry: twophase\'s 80 orbits standing for 288 states', async () => {
    const { result } = await check('models/classic/twophase.ts', { disk: tiny });
    expect(result.result).toBe('ok');
    if (result.result !== 'ok') return;
    expect([result.distinctStates, result.fullStates]).toEqual([80, 288]);
  });

  it('the private directory is removed when the search ends', async () => {
    await run('bench/models/filter.ts', { params: { n: 4 }, disk: tiny });
    expect(readdirSync(root)).toEqual([]);
  });
});

describe('interleave check --disk', () => {
  it('filter n=5 under --max-memory 3: without --disk it stops (memory, exit 4); with it, it finishes (exit 0) with every state', async () => {
    const without = await cli('check', 'bench/models/filter.ts', '-p', 'n=5', '--max-memory', '3');
    expect(without.code).toBe(4);
    expect(without.out).toMatch(/^filter \(n=5, symmetric=false\): out of memory after [\d,]+ states/);
    const dir = join(root, 'cli');
    const withDisk = await cli('check', 'bench/models/filter.ts', '-p', 'n=5', '--max-memory', '3', '--disk', dir);
    expect(withDisk.code).toBe(0);
    expect(withDisk.out).toMatch(/^filter \(n=5, symmetric=false\): no violation in 104,432 distinct states\n104,432 distinct states, 338,791 generated, depth 37,/);
    expect(withDisk.out).toContain('\ndisk: visited set merged 3 times into a file of 89,706 keys (0.7 MiB); queue in memory; parent log on disk\n');
    expect(readdirSync(dir)).toEqual([]);
  });

  it('a --disk that cannot be written: exit 2, a USAGE error naming it', async () => {
    const file = join(root, 'not-a-dir');
    writeFileSync(file, '');
    const r = await cli('check', 'models/classic/twophase.ts', '--disk', join(file, 'sub'));
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^error\[USAGE\]: --disk .*not-a-dir\/sub: cannot write there \(ENOTDIR/);
    rmSync(file);
  });

  it('--disk with --workers is refused', async () => {
    const r = await cli('check', 'models/classic/twophase.ts', '--disk', root, '--workers', '2');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^error\[USAGE\]: --disk with --workers: /);
    expect(existsSync(root)).toBe(true);
  });
});

describe('interleave check --disk, interrupted', () => {
  /** Starts the CLI on filter n=6 (2,111,008 states) with --disk, waits until it has made its folder, then sends `signals` SIGINTs. */
  async function interrupt(signals: number): Promise<{ code: number | null; dir: string; out: string }> {
    const dir = mkdtempSync(join(root, 'sigint-'));
    const child = spawn(process.execPath, ['bin/interleave.js', 'check', 'bench/models/filter.ts', '-p', 'n=6', '--disk', dir, '--no-progress'], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, INTERLEAVE_FROM_SOURCE: '1' } });
    let out = '';
    child.stdout.on('data', (d) => void (out += d));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    // the private folder appears when the search starts; its files fill while it runs
    for (let i = 0; i < 600 && readdirSync(dir).length === 0; i++) await new Promise((r) => setTimeout(r, 50));
    const made = readdirSync(dir);
    expect(made).toHaveLength(1);
    expect(made[0]).toMatch(/^interleave-/);
    await new Promise((r) => setTimeout(r, 300));
    for (let k = 0; k < signals; k++) {
      child.kill('SIGINT');
      await new Promise((r) => setTimeout(r, 20));
    }
    return { code: await exited, dir, out };
  }

  it('Ctrl-C: the search stops (incomplete, exit 4) and its folder under DIR is gone', async () => {
    const { code, dir, out } = await interrupt(1);
    expect(code).toBe(4);
    expect(out).toMatch(/^filter \(n=6, symmetric=false\): interrupted/);
    expect(readdirSync(dir)).toEqual([]);
  }, 30_000);

  it('process.exit while the folder is open (a second Ctrl-C exits at once, 130): the exit handler removes it', () => {
    const dir = mkdtempSync(join(root, 'exit-'));
    const script = [
      "import { DiskSpace } from './checker/disk/DiskSpace.ts';",
      "import { MemoryBudget } from './checker/memory.ts';",
      `const space = DiskSpace.open({ dir: ${JSON.stringify(dir)} }, new MemoryBudget(2 ** 24));`,
      'space.queue(2);',
      "console.log(require('node:fs').readdirSync(space.path).join(','));",
      'process.exit(130);',
    ].join('\n');
    const run = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script.replace("require('node:fs')", "(await import('node:fs'))")], { encoding: 'utf8' });
    expect([run.status, run.stdout]).toEqual([130, 'queue.bin\n']);
    expect(readdirSync(dir)).toEqual([]);
  });
});
