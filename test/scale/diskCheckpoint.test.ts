// `check --disk` with `--checkpoint`/`--resume`: the disk stores (SpillQueue, DiskVisitedSet over its
// SortedKeyFile, SpillLog) copy their files into the checkpoint, which is whole by itself, and are written back
// into the resumed run's own folder (another --disk DIR). A disk run killed (SIGKILL) or stopped (SIGTERM) after a
// checkpoint and resumed ends exactly as the uninterrupted disk run: counts, depth, coverage, queue peak, what
// went to disk (merges, keys on disk, queue bytes) and the shortest counterexample. The memory stop of
// checkpoints does not stop a disk search that can still spill. A checkpoint written without --disk resumes with it
// (checker/disk/fromMemory.ts) and ends as the uninterrupted in-memory run; one written with --disk needs --disk.
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { check, type CheckRequest } from '../../checker/check.ts';
import { DiskSpace, type DiskOptions } from '../../checker/disk/DiskSpace.ts';
import { MemoryBudget } from '../../checker/memory.ts';
import { StateStore } from '../../checker/StateStore.ts';
import { MERGE_BLOCKS_BYTES } from '../../checker/disk/SortedKeyFile.ts';
import type { CheckResult } from '../../checker/result.ts';
import { cli } from '../cli/run.ts';
import { keys, roundTrip, runUntil } from './checkpointHelpers.ts';

const root = mkdtempSync(join(tmpdir(), 'interleave-disk-checkpoint-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let folders = 0;
const folder = (name: string) => join(root, `${name}-${folders++}`);

/** A space under `root` with thresholds forced tiny. */
const space = (options: Partial<DiskOptions> = {}, budget = new MemoryBudget(2 ** 26)) => DiskSpace.open({ dir: folder('space'), tableKeys: 100, pageKeys: 32, queueMemoryBytes: 1024, queueChunkRecords: 32, logChunk: 512, ...options }, budget);

const fileBytes = (s: DiskSpace, name: string) => statSync(join(s.path, name)).size;

describe('the disk stores\' save/restore', () => {
  it('SpillQueue: 1,000 records of 3 words in chunks of 32, 300 taken: 21 chunks on file, the head and tail chunks in memory; restored in another folder, the same 700 records follow, then new ones', () => {
    const a = space();
    const q = a.queue(3);
    const rec = new Uint32Array(3);
    const out = new Uint32Array(3);
    for (let i = 0; i < 1000; i++) q.push(rec.fill(i).map((v, k) => v * 3 + k), 0);
    for (let i = 0; i < 300; i++) q.shift(out);
    expect([q.length, q.spilledChunks, q.peak, q.bytes]).toEqual([700, 30, 1000, 768]);
    const b = space();
    const r = roundTrip((w) => q.save(w), (rd) => b.restoreQueue(rd));
    expect([r.length, r.spilledChunks, r.peak, r.bytes, r.width]).toEqual([700, 30, 1000, 768, 3]);
    expect(fileBytes(b, 'queue.bin')).toBe(21 * 32 * 3 * 4); // chunks 10 to 30, from byte 0
    for (let i = 1000; i < 1100; i++) {
      q.push(rec.fill(i).map((v, k) => v * 3 + k), 0);
      r.push(rec.fill(i).map((v, k) => v * 3 + k), 0);
    }
    const got: number[] = [];
    const want: number[] = [];
    while (q.length > 0) {
      q.shift(out);
      want.push(...out);
      r.shift(out);
      got.push(...out);
    }
    expect(r.length).toBe(0);
    expect(got).toEqual(want);
    expect(got.slice(0, 3)).toEqual([900, 901, 902]);
    expect(got).toHaveLength(800 * 3);
    expect([r.spilledChunks, r.drained]).toEqual([q.spilledChunks, q.drained]);
    a.close();
    b.close();
  });

  it('SpillQueue: an empty queue, and one whose head chunk is still on file (two chunks read, the third not yet read back)', () => {
    const a = space();
    const q = a.queue(2);
    const out = new Uint32Array(2);
    const empty = roundTrip((w) => q.save(w), (rd) => space().restoreQueue(rd));
    expect([empty.length, empty.peak]).toEqual([0, 0]);
    for (let i = 0; i < 200; i++) q.push(Uint32Array.of(i, -i >>> 0), 0);
    for (let i = 0; i < 64; i++) q.shift(out); // two chunks of 32 read: the head is now the first on file
    const r = roundTrip((w) => q.save(w), (rd) => space().restoreQueue(rd));
    const firsts: number[] = [];
    while (r.length > 0) {
      r.shift(out);
      firsts.push(out[0]!);
    }
    expect(firsts).toEqual([...Array(136).keys()].map((i) => i + 64));
    a.close();
  });

  it('DiskVisitedSet: 4,950 keys, (0, 0) among them, 49 merges of a 100-key table into a file of pages of 32, 50 keys left in the table; restored, every key is seen and new keys get the same ids', () => {
    const all = keys(6000);
    const a = space();
    const set = a.visitedSet();
    for (let i = 0; i < 4950; i++) expect(set.insert(all[i]![0], all[i]![1])).toBe(i);
    expect([set.size, set.merges, set.diskKeys]).toEqual([4950, 49, 4900]);
    const b = space();
    const back = roundTrip((w) => set.save(w), (rd) => b.restoreVisitedSet(rd));
    expect([back.size, back.merges, back.diskKeys]).toEqual([4950, 49, 4900]);
    expect(fileBytes(b, 'visited.bin')).toBe(4900 * 8);
    // the same inserts into both: seen keys (some on disk, some in the table, (0, 0)), then new keys
    const both = (i: number) => [set.insert(all[i]![0], all[i]![1]), back.insert(all[i]![0], all[i]![1])];
    expect(both(0)).toEqual([-1, -1]);
    for (let i = 0; i < 4950; i += 7) expect(both(i)).toEqual([-1, -1]);
    for (let i = 4950; i < 6000; i++) expect([...both(i), ...both(i)]).toEqual([i, i, -1, -1]);
    expect([back.size, back.merges, back.diskKeys]).toEqual([set.size, set.merges, set.diskKeys]);
    a.close();
    b.close();
  });

  it('DiskVisitedSet.adopt: a memory table of 20,000 keys in a 1 MiB budget with no room for one sort buffer beside it is merged in 3 slices of about 53 KB; every key is seen, new keys get ids from 20,000', () => {
    const budget = new MemoryBudget(2 ** 20);
    const all = keys(21_000);
    const table = new StateStore(1 << 16, false, budget);
    for (let i = 0; i < 20_000; i++) table.insert(all[i]![0], all[i]![1]);
    expect(budget.used).toBe(512 * 1024); // the table alone: 2^16 slots of 8 bytes
    const s = space({ tableKeys: undefined, queueMemoryBytes: 0 }, budget);
    const set = s.adoptVisitedSet(table);
    budget.reserve(budget.limit - budget.used - MERGE_BLOCKS_BYTES - 64 * 1024); // 64 KiB free beside a merge's blocks: no room for a sort buffer of 160 KB
    set.settle();
    expect([set.size, set.merges, set.diskKeys]).toEqual([20_000, 3, 20_000]);
    expect(all.slice(0, 20_000).every(([hi, lo]) => set.insert(hi, lo) === -1)).toBe(true);
    s.close();
    const t = new StateStore(1 << 16, false, new MemoryBudget(2 ** 20));
    for (let i = 0; i < 20_000; i++) t.insert(all[i]![0], all[i]![1]);
    const roomy = space({ tableKeys: 1000 });
    const one = roomy.adoptVisitedSet(t);
    one.settle(); // over tableKeys, with room for one sort buffer: one merge
    expect([one.merges, one.diskKeys]).toEqual([1, 20_000]);
    for (let i = 20_000; i < 21_000; i++) expect(one.insert(all[i]![0], all[i]![1])).toBe(i);
    roomy.close();
  });

  it('SpillLog: 2,000 entries in chunks of 512, 1,536 on file; restored, every entry reads back and the log goes on', () => {
    const a = space();
    const log = a.log('parents', (n) => new Int32Array(n));
    for (let i = 0; i < 2000; i++) log.push(i * 7 - 1000);
    const b = space();
    const back = roundTrip((w) => log.save(w), (rd) => b.restoreLog(rd, 'parents', (n) => new Int32Array(n)));
    expect(fileBytes(b, 'parents.bin')).toBe(1536 * 4);
    for (let i = 2000; i < 2600; i++) back.push(i * 7 - 1000);
    expect(back.length).toBe(2600);
    expect([...Array(2600).keys()].every((i) => back.get(i) === i * 7 - 1000)).toBe(true);
    const ordinals = a.log('ordinals', (n) => new Uint16Array(n));
    for (let i = 0; i < 1024; i++) ordinals.push(i % 65536);
    const o = roundTrip((w) => ordinals.save(w), (rd) => b.restoreLog(rd, 'ordinals', (n) => new Uint16Array(n)));
    expect([o.length, o.get(0), o.get(511), o.get(1023)]).toEqual([1024, 0, 511, 1023]);
    a.close();
    b.close();
  });
});

/** The figures a resumed run must share with the uninterrupted one (all but the time and the resume note). */
function figures(r: CheckResult): Record<string, unknown> {
  const { durationMs: _d, statesPerSecond: _s, resumed: _r, ...rest } = r as CheckResult & Record<string, unknown>;
  return rest;
}

const tiny = (dir: string): DiskOptions => ({ dir, tableKeys: 5000, pageKeys: 32, queueMemoryBytes: 1024, queueChunkRecords: 32, logChunk: 512 });

async function run(file: string, request: CheckRequest): Promise<CheckResult & Record<string, unknown>> {
  const { result } = await check(file, { symmetry: false, ...request });
  if (result.result === 'error') throw result.error;
  return result as CheckResult & Record<string, unknown>;
}

describe('check --disk --checkpoint, in process, thresholds forced tiny', () => {
  it('filter n=5 stopped at --max-states 40,000, resumed into another folder: the whole disk run, 26 merges and 3,258 queue chunks in all', async () => {
    const spec = { params: { n: 5 } };
    const cp = folder('cp');
    const whole = await run('bench/models/filter.ts', { ...spec, disk: tiny(folder('whole')) });
    const first = await run('bench/models/filter.ts', { ...spec, disk: tiny(folder('first')), maxStates: 40_000, checkpoints: { dir: cp } });
    expect([first.result, first.distinctStates]).toEqual(['incomplete', 40_000]);
    const other = folder('resumed');
    const resumed = await run('bench/models/filter.ts', { ...spec, disk: tiny(other), checkpoints: { resume: cp } });
    expect([whole.result, whole.distinctStates, whole.generatedStates, whole.depth]).toEqual(['ok', 104_432, 338_791, 37]);
    expect(whole.disk).toEqual({ merges: 26, keysOnDisk: expect.any(Number), queueBytes: 3258 * 32 * 2 * 4 });
    expect(figures(resumed)).toEqual(figures(whole));
    expect(resumed.resumed).toMatchObject({ from: cp, states: 40_000 });
    expect(readdirSync(other)).toEqual([]); // the resumed run's own folder is gone at its end
  });

  for (const [variant, property, length] of [['no-pin-check', 'migrationKeepsData', 10], ['no-reinvalidate', 'mirrorCoherent', 9]] as const) {
    it(`migrate ${variant}: stopped at 3,000 states, resumed: ${property} violated with the same ${length}-state trace`, async () => {
      const cp = folder('cp');
      const whole = await run('models/migrate.ts', { variant, disk: tiny(folder('whole')) });
      await run('models/migrate.ts', { variant, disk: tiny(folder('first')), maxStates: 3000, checkpoints: { dir: cp } });
      const resumed = await run('models/migrate.ts', { variant, disk: tiny(folder('resumed')), checkpoints: { resume: cp } });
      expect(whole.result).toBe('violation');
      if (whole.result !== 'violation') return;
      expect([whole.violation.property, whole.violation.trace.length]).toEqual([property, length]);
      expect(figures(resumed)).toEqual(figures(whole)); // the trace included, rebuilt from the restored parent log
    });
  }

  it('--bitstate with --disk: the bit array in the checkpoint, the queue and parent log through their files', async () => {
    const request = { params: { n: 4 }, bitstate: { bits: 2 ** 20, hashes: 3 } };
    const cp = folder('cp');
    const whole = await run('bench/models/filter.ts', { ...request, disk: tiny(folder('whole')) });
    await run('bench/models/filter.ts', { ...request, disk: tiny(folder('first')), maxStates: 2000, checkpoints: { dir: cp } });
    const resumed = await run('bench/models/filter.ts', { ...request, disk: tiny(folder('resumed')), checkpoints: { resume: cp } });
    expect([whole.result, whole.reason]).toEqual(['incomplete', 'bitstate']);
    expect(figures(resumed)).toEqual(figures(whole));
  });
});

describe('check --disk --checkpoint, killed or stopped, then --resume --disk into another folder', () => {
  it('SIGKILL (thresholds forced tiny, in a child process): filter n=5 resumed ends as the whole disk run, what went to disk included', async () => {
    const cp = folder('cp');
    const spill = folder('killed');
    const script = [
      "import { check } from './checker/check.ts';",
      `await check('bench/models/filter.ts', { symmetry: false, params: { n: 5 }, disk: ${JSON.stringify(tiny(spill))}, checkpoints: { dir: ${JSON.stringify(cp)}, everyMs: 50 } });`,
    ].join('\n');
    const killed = await runUntil(['--conditions=interleave-source', '--import', 'tsx', '--input-type=module', '-e', script], cp, 'SIGKILL', 'checkpoint');
    expect([killed.alive, killed.signal]).toEqual([true, 'SIGKILL']);
    expect(readdirSync(spill)).toHaveLength(1); // the killed run's folder is left behind: the checkpoint does not need it
    rmSync(spill, { recursive: true });
    const whole = await run('bench/models/filter.ts', { params: { n: 5 }, disk: tiny(folder('whole')) });
    const resumed = await run('bench/models/filter.ts', { params: { n: 5 }, disk: tiny(folder('resumed')), checkpoints: { resume: cp } });
    const from = resumed.resumed as { states: number };
    expect(from.states).toBeGreaterThan(0);
    expect(from.states).toBeLessThan(104_432);
    expect(figures(resumed)).toEqual(figures(whole));
  }, 60_000);

  /** The JSON result of an in-process CLI run. */
  const json = async (...argv: string[]) => {
    const { code, out, err } = await cli('check', '--json', '--no-progress', ...argv);
    const r = out ? (JSON.parse(out) as Record<string, unknown>) : {};
    const { durationMs: _d, statesPerSecond: _s, resumed, checkpoint: _c, compiled: _m, audit: _a, ...rest } = r;
    return { code, err, resumed: resumed as { states: number } | undefined, figures: rest };
  };
  const deep = ['test/scale/specs/deep.ts', '-p', 'top=79', '--max-memory', '3'];

  it('SIGKILL (the CLI, --max-memory 3): deep top=79 resumed reports the whole run\'s 237-state counterexample and 16 merges', async () => {
    const cp = folder('cp');
    const killed = await runUntil(['bin/interleave.js', 'check', ...deep, '--no-progress', '--disk', folder('killed'), '--checkpoint', cp, '--checkpoint-every', '0.1s'], cp, 'SIGKILL', 'checkpoint');
    expect([killed.alive, killed.signal]).toEqual([true, 'SIGKILL']);
    const whole = await json(...deep, '--disk', folder('whole'));
    const resumed = await json(...deep, '--disk', folder('resumed'), '--resume', cp);
    expect([whole.code, resumed.code]).toEqual([1, 1]);
    const v = whole.figures.violation as { property: string; trace: unknown[] };
    expect([v.property, v.trace.length, whole.figures.depth, (whole.figures.disk as { merges: number }).merges]).toEqual(['notNearTop', 237, 237, 16]);
    expect(resumed.resumed!.states).toBeGreaterThan(0);
    expect(resumed.figures).toEqual(whole.figures);
  }, 60_000);

  it('SIGTERM: the checkpoint is written at the stop (exit 4), and the resumed run ends as the whole one', async () => {
    const cp = folder('cp');
    const stopped = await runUntil(['bin/interleave.js', 'check', ...deep, '--progress', 'json', '--progress-interval', '0.3', '--disk', folder('stopped'), '--checkpoint', cp, '--checkpoint-every', '1h'], cp, 'SIGTERM', 'stderr');
    expect([stopped.alive, stopped.code]).toEqual([true, 4]);
    expect(stopped.out).toMatch(new RegExp(`checkpoint written to ${cp} at [\\d,]+ states \\(interrupted\\)`));
    const whole = await json(...deep, '--disk', folder('whole'));
    const resumed = await json(...deep, '--disk', folder('resumed'), '--resume', cp);
    expect(resumed.figures).toEqual(whole.figures);
  }, 60_000);
});

describe('the memory stop of checkpoints, and --disk on one side only', () => {
  it('deep top=79 under --max-memory 6 with --checkpoint: without --disk it stops for memory (exit 4); with --disk the checkpoints\' memory stop lets it finish (exit 1: the violation), 2 merges', async () => {
    const spec = ['test/scale/specs/deep.ts', '-p', 'top=79', '--max-memory', '6', '--json', '--no-progress'];
    const memory = await cli('check', ...spec, '--checkpoint', folder('cp'));
    // at a cut with a checkpoint, or (when the budget fills within one 100 ms slice, as under load) in the middle of a state
    expect([memory.code, (JSON.parse(memory.out) as { reason: string }).reason]).toEqual([4, 'memory']);
    const disk = await cli('check', ...spec, '--checkpoint', folder('cp'), '--disk', folder('spill'));
    const d = JSON.parse(disk.out) as { distinctStates: number; depth: number; disk: { merges: number } };
    expect([disk.code, d.depth, d.disk.merges]).toEqual([1, 237, 2]);
  });

  it('DiskSpace.cramped: a budget under the checkpoint\'s reserve is not cramped while a merge of the table would make room; it is once even a merge would not', () => {
    const budget = new MemoryBudget(8 * 2 ** 20);
    const s = DiskSpace.open({ dir: folder('space') }, budget);
    const set = s.visitedSet();
    const all = keys(20_000);
    for (const [hi, lo] of all) set.insert(hi, lo);
    expect([set.merges, set.size]).toEqual([0, 20_000]);
    const reserve = budget.limit / 4; // what Checkpointer.memoryHeadroom keeps free without --disk
    budget.reserve(budget.limit - budget.used - reserve + 1); // something else takes the rest: 1 byte under the reserve
    expect([budget.limit - budget.used < reserve, s.cramped(reserve)]).toEqual([true, false]);
    budget.reserve(budget.limit - budget.used - 2 ** 20); // 1 MiB free: a merge would leave less than a small table and its merge need
    expect([budget.limit - budget.used < reserve, s.cramped(reserve)]).toEqual([true, true]);
    s.close();
    const bits = DiskSpace.open({ dir: folder('space') }, new MemoryBudget(8 * 2 ** 20)); // no visited set on disk (--bitstate): the reserve holds
    bits.budget.reserve(6 * 2 ** 20 + 1);
    expect([bits.cramped(2 * 2 ** 20), bits.cramped(2 ** 20)]).toEqual([true, false]);
    bits.close();
  });

  it('a --disk checkpoint resumed without --disk: refused by name, saying to add --disk (exit 2)', async () => {
    const spec = ['models/classic/twophase.ts', '--max-states', '50'];
    const withDisk = folder('cp');
    expect((await cli('check', ...spec, '--disk', folder('spill'), '--checkpoint', withDisk)).code).toBe(4);
    const a = await cli('check', 'models/classic/twophase.ts', '--resume', withDisk);
    expect([a.code, a.err.split('\n').slice(0, 2)]).toEqual([2, [`error[USAGE]: --resume ${withDisk}: the checkpoint is of another search:`, '  disk: on (the stores spill to files) in the checkpoint, off (the stores are in memory) now: resume it with --disk DIR (any folder)']]);
    expect(a.err).not.toMatch(/\n\s+at /);
  });
});

/** What an in-memory run and a run resumed with --disk share: all but the time, the resume note, the memory per state and what went to disk. */
function searchFigures(r: CheckResult): Record<string, unknown> {
  const { disk: _k, bytesPerState: _b, ...rest } = figures(r);
  return rest;
}

describe('a checkpoint written without --disk, resumed with --disk (the search that ran out of memory goes on with the disk stores)', () => {
  it('filter n=5 stopped at --max-states 40,000 in memory, resumed with --disk (thresholds tiny): the whole in-memory run\'s counts, depth, coverage and queue peak; 18 merges (the adopted 40,000-key table merged at once, then each time the table holds 5,000 keys)', async () => {
    const spec = { params: { n: 5 } };
    const cp = folder('cp');
    const whole = await run('bench/models/filter.ts', spec);
    const first = await run('bench/models/filter.ts', { ...spec, maxStates: 40_000, checkpoints: { dir: cp } });
    expect([first.result, first.distinctStates, first.disk]).toEqual(['incomplete', 40_000, undefined]);
    const resumed = await run('bench/models/filter.ts', { ...spec, disk: tiny(folder('resumed')), checkpoints: { resume: cp } });
    expect([whole.result, whole.distinctStates, whole.generatedStates, whole.depth]).toEqual(['ok', 104_432, 338_791, 37]);
    expect(searchFigures(resumed)).toEqual(searchFigures(whole));
    // a key found on disk stays in the table too (DiskVisitedSet.insert), so the table fills sooner than every 5,000 new keys
    expect(resumed.disk).toEqual({ merges: 18, keysOnDisk: 101_964, queueBytes: expect.any(Number) });
    expect((resumed.disk as { queueBytes: number }).queueBytes).toBeGreaterThan(0);
  });

  for (const [variant, property, length] of [['no-pin-check', 'migrationKeepsData', 10], ['no-reinvalidate', 'mirrorCoherent', 9]] as const) {
    it(`migrate ${variant}: stopped at 3,000 states in memory, resumed with --disk: ${property} violated with the whole in-memory run's ${length}-state trace`, async () => {
      const cp = folder('cp');
      const whole = await run('models/migrate.ts', { variant });
      await run('models/migrate.ts', { variant, maxStates: 3000, checkpoints: { dir: cp } });
      const resumed = await run('models/migrate.ts', { variant, disk: { ...tiny(folder('resumed')), tableKeys: 1000 }, checkpoints: { resume: cp } });
      expect(whole.result).toBe('violation');
      if (whole.result !== 'violation') return;
      expect([whole.violation.property, whole.violation.trace.length]).toEqual([property, length]);
      expect(searchFigures(resumed)).toEqual(searchFigures(whole)); // the trace rebuilt from the parent log moved to its file
      expect((resumed.disk as { merges: number }).merges).toBeGreaterThan(0);
    });
  }

  it('wide top=26 out of memory at 6 MiB (in process, a checkpoint at every slice), resumed with --disk in the same 6 MiB: all 531,441 states, the adopted table merged in slices that fit beside it', async () => {
    const spec = { params: { top: 26 }, maxMemoryBytes: 6 * 2 ** 20 };
    const cp = folder('cp');
    const stopped = await run('test/scale/specs/wide.ts', { ...spec, checkpoints: { dir: cp, everyMs: 0 } });
    expect([stopped.result, stopped.reason]).toEqual(['incomplete', 'memory']);
    const resumed = await run('test/scale/specs/wide.ts', { ...spec, disk: { dir: folder('resumed') }, checkpoints: { resume: cp } });
    const whole = await run('test/scale/specs/wide.ts', { params: { top: 26 } });
    expect([whole.result, whole.distinctStates, whole.generatedStates, whole.depth]).toEqual(['ok', 531_441, 2_047_033, 105]);
    expect([resumed.result, resumed.distinctStates, resumed.generatedStates, resumed.depth]).toEqual(['ok', 531_441, 2_047_033, 105]);
    expect((resumed.disk as { merges: number }).merges).toBeGreaterThan(0);
  });

  it('the CLI: check wide top=26 --max-memory 6 --checkpoint c stops for memory (exit 4); --resume c --disk d --max-memory 6 finishes (exit 0) with all 531,441 states', async () => {
    const spec = ['test/scale/specs/wide.ts', '-p', 'top=26', '--max-memory', '6', '--no-progress'];
    const cp = folder('cp');
    const stopped = await cli('check', ...spec, '--json', '--checkpoint', cp, '--checkpoint-every', '0.1s');
    const s = JSON.parse(stopped.out) as { result: string; reason: string; checkpoint: { written?: unknown } };
    expect([stopped.code, s.result, s.reason, s.checkpoint.written !== undefined]).toEqual([4, 'incomplete', 'memory', true]);
    const resumed = await cli('check', ...spec, '--resume', cp, '--disk', folder('spill'));
    expect(resumed.code).toBe(0);
    expect(resumed.out.split('\n').slice(0, 2)).toEqual(['wide (top=26): no violation in 531,441 distinct states', expect.stringMatching(/^531,441 distinct states, 2,047,033 generated, depth 105, /)]);
    expect(resumed.out).toMatch(/\ndisk: visited set merged \d+ times? into a file of [\d,]+ keys/);
    expect(resumed.out).toMatch(/\nresumed from .* at [\d,]+ states/);
  });
});
