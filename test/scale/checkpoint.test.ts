// Checkpoint and resume (`check --checkpoint DIR`, `--resume DIR`): a run killed (SIGKILL) or stopped (SIGTERM,
// memory, --max-states) after a checkpoint and resumed ends exactly as the run that was never stopped: the same
// counts, depth, coverage, queue peak and shortest counterexample (state ids and BFS order are kept). A checkpoint
// of another search (parameter, spec file, tool version) or a damaged one is refused by name, exit 2.
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, dsl, tempFiles } from '../cli/run.ts';
import { runUntil } from './checkpointHelpers.ts';

const freshDir = () => join(mkdtempSync(join(tmpdir(), 'interleave-checkpoint-')), 'cp');

/** The JSON result of an in-process run. */
async function json(...argv: string[]): Promise<{ code: number; r: Record<string, unknown>; err: string }> {
  const { code, out, err } = await cli('check', '--json', '--no-progress', ...argv);
  return { code, r: out ? (JSON.parse(out) as Record<string, unknown>) : {}, err };
}

/** The uninterrupted run of a spec, run once for the tests that compare with it. */
const wholeRuns = new Map<string, ReturnType<typeof json>>();
const whole = (...spec: string[]) => {
  const key = spec.join(' ');
  if (!wholeRuns.has(key)) wholeRuns.set(key, json(...spec));
  return wholeRuns.get(key)!;
};

/**
 * What must be the same in a resumed run and an uninterrupted one: everything but the time, the checkpoint notes,
 * the compiler's time and the spec audit's sample counts (this run's own).
 */
function figures(r: Record<string, unknown>): Record<string, unknown> {
  const { durationMs: _d, statesPerSecond: _s, resumed: _r, checkpoint: _c, compiled: _m, audit: _a, ...rest } = r;
  return rest;
}


describe('check --checkpoint, killed with SIGKILL, then --resume', () => {
  it('filter n=6: the resumed run has the uninterrupted run\'s counts, depth, coverage and queue peak', async () => {
    const dir = freshDir();
    const spec = ['bench/models/filter.ts', '-p', 'n=6'];
    const killed = await runUntil(['bin/interleave.js', 'check', ...spec, '--no-progress', '--checkpoint', dir, '--checkpoint-every', '1s'], dir, 'SIGKILL', 'checkpoint');
    expect([killed.alive, killed.signal]).toEqual([true, 'SIGKILL']);
    const uninterrupted = await whole(...spec);
    const resumed = await json(...spec, '--resume', dir);
    expect([uninterrupted.code, resumed.code]).toEqual([0, 0]);
    expect(uninterrupted.r.distinctStates).toBe(2_111_008);
    expect(figures(resumed.r)).toEqual(figures(uninterrupted.r));
    const from = resumed.r.resumed as { from: string; states: number };
    expect(from.from).toBe(dir);
    expect(from.states).toBeGreaterThan(0);
    expect(from.states).toBeLessThan(2_111_008);
  }, 60_000);

  it('a deep violation (depth 387): the resumed run reports the same shortest counterexample, step for step', async () => {
    const dir = freshDir();
    const spec = ['test/scale/specs/deep.ts', '-p', 'top=129'];
    const killed = await runUntil(['bin/interleave.js', 'check', ...spec, '--no-progress', '--checkpoint', dir, '--checkpoint-every', '0.5s'], dir, 'SIGKILL', 'checkpoint');
    expect([killed.alive, killed.signal]).toEqual([true, 'SIGKILL']);
    const uninterrupted = await whole(...spec);
    const resumed = await json(...spec, '--resume', dir);
    expect([uninterrupted.code, resumed.code]).toEqual([1, 1]);
    const v = uninterrupted.r.violation as { property: string; trace: unknown[] };
    expect([v.property, v.trace.length, uninterrupted.r.depth]).toEqual(['notNearTop', 387, 387]);
    expect(figures(resumed.r)).toEqual(figures(uninterrupted.r)); // the trace included
  }, 60_000);
});

describe('check --checkpoint, stopped with SIGTERM', () => {
  it('writes a checkpoint after the abort (exit 4), and the resumed run ends exactly', async () => {
    const dir = freshDir();
    const spec = ['test/scale/specs/deep.ts', '-p', 'top=129'];
    const stopped = await runUntil(['bin/interleave.js', 'check', ...spec, '--progress', 'json', '--progress-interval', '0.3', '--checkpoint', dir, '--checkpoint-every', '1h'], dir, 'SIGTERM', 'stderr');
    expect([stopped.alive, stopped.code]).toEqual([true, 4]);
    expect(stopped.out).toMatch(new RegExp(`incomplete|interrupted`));
    expect(stopped.out).toMatch(new RegExp(`checkpoint written to ${dir} at [\\d,]+ states \\(interrupted\\): [\\d,]+ KiB in [\\d.]+ s; continue with --resume ${dir}\\n`));
    const uninterrupted = await whole(...spec);
    const resumed = await json(...spec, '--resume', dir);
    expect(figures(resumed.r)).toEqual(figures(uninterrupted.r));
    const text = await cli('check', ...spec, '--no-progress', '--resume', dir);
    expect(text.out).toMatch(new RegExp(`resumed from ${dir} at [\\d,]+ states, saved \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d UTC: the counts are the whole search's; the time and states/s are this run's \\([\\d.]+ s searched before\\)\\n`));
  }, 60_000);
});

describe('checkpoints at --max-states and at the memory budget', () => {
  it('--max-states writes one; resumed without the bound, the search ends as the whole one (symmetry: the same orbits and full count)', async () => {
    const dir = freshDir();
    const spec = ['bench/models/filter.ts', '-p', 'n=6', '-p', 'symmetric=true'];
    const first = await json(...spec, '--max-states', '2000', '--checkpoint', dir);
    expect([first.code, first.r.reason, first.r.distinctStates]).toEqual([4, 'max-states', 2000]);
    expect((first.r.checkpoint as { written: { cause: string; states: number } }).written).toMatchObject({ cause: 'max-states', states: 2000 });
    const uninterrupted = await whole(...spec);
    const resumed = await json(...spec, '--resume', dir);
    expect([uninterrupted.r.distinctStates, uninterrupted.r.fullStates]).toEqual([4789, 2_111_008]);
    expect(figures(resumed.r)).toEqual(figures(uninterrupted.r));
  }, 30_000);

  it('a search short of memory stops between two states and saves there; resumed with more memory it ends exactly', async () => {
    const dir = freshDir();
    const spec = ['bench/models/filter.ts', '-p', 'n=6'];
    const first = await json(...spec, '--max-memory', '32', '--checkpoint', dir);
    expect([first.code, first.r.reason]).toEqual([4, 'memory']);
    const written = (first.r.checkpoint as { written: { cause: string; states: number } }).written;
    expect(written.cause).toBe('memory');
    expect(written.states).toBe(first.r.distinctStates);
    const uninterrupted = await whole(...spec);
    const resumed = await json(...spec, '--resume', dir);
    expect(figures(resumed.r)).toEqual(figures(uninterrupted.r));
  }, 60_000);

  it('--bitstate: the resumed run has the same counts and bit-array figures (bits set, omissions)', async () => {
    const dir = freshDir();
    const spec = ['bench/models/filter.ts', '-p', 'n=5', '--bitstate', '20'];
    const first = await json(...spec, '--max-states', '50000', '--checkpoint', dir);
    expect([first.code, first.r.reason, first.r.distinctStates]).toEqual([4, 'max-states', 50000]);
    const uninterrupted = await whole(...spec);
    const resumed = await json(...spec, '--resume', dir);
    expect([uninterrupted.code, uninterrupted.r.reason]).toEqual([4, 'bitstate']);
    expect(figures(resumed.r)).toEqual(figures(uninterrupted.r));
    expect((resumed.r.bitstate as { bitsSet: number }).bitsSet).toBe((uninterrupted.r.bitstate as { bitsSet: number }).bitsSet);
  }, 30_000);
});

describe('check --resume refuses a checkpoint of another search, or a damaged one (exit 2, no stack)', () => {
  /** A spec importing a local helper (100 states), and a checkpoint of it at 50 states. */
  async function saved(): Promise<{ folder: string; spec: string; dir: string }> {
    const folder = tempFiles({
      'helper.ts': 'export const top = (n: number) => n;\n',
      'counters.ts': `import { defineSpec, int, model } from '${dsl}';\nimport { top } from './helper.ts';\nexport default defineSpec({ name: 'counters', params: { n: 9 } }, ({ n }) =>\n  model({ a: int(0, 20), b: int(0, 20) })\n    .action('incA', { when: (s) => s.a < top(n), effect: (s) => void (s.a += 1) })\n    .action('incB', { when: (s) => s.b < n, effect: (s) => void (s.b += 1) })\n    .checkDeadlock(false),\n);\n`,
    });
    const spec = join(folder, 'counters.ts');
    const dir = join(folder, 'cp');
    const first = await cli('check', spec, '--max-states', '50', '--checkpoint', dir);
    expect(first.code).toBe(4);
    return { folder, spec, dir };
  }
  const refused = (r: { code: number; err: string }, ...lines: string[]) => {
    expect(r.code).toBe(2);
    for (const l of lines) expect(r.err).toContain(l);
    expect(r.err).not.toMatch(/\n\s+at /);
  };

  it('the same search resumes (100 states)', async () => {
    const { spec, dir } = await saved();
    const r = await json(spec, '--resume', dir);
    expect([r.code, r.r.distinctStates]).toEqual([0, 100]);
  });
  it('--resume A --checkpoint B goes on into B; a leftover checkpoint.bin.tmp (a crash while writing) is ignored', async () => {
    const { spec, dir, folder } = await saved();
    writeFileSync(join(dir, 'checkpoint.bin.tmp'), 'half a checkpoint');
    const other = join(folder, 'b');
    const second = await json(spec, '--resume', dir, '--checkpoint', other, '--max-states', '80');
    expect([second.code, second.r.distinctStates]).toEqual([4, 80]);
    expect((second.r.resumed as { states: number }).states).toBe(50);
    expect((second.r.checkpoint as { dir: string; written: { states: number } }).written).toMatchObject({ dir: other, states: 80 });
    const fromA = await json(spec, '--resume', dir);
    const fromB = await json(spec, '--resume', other);
    expect([fromA.r.distinctStates, (fromA.r.resumed as { states: number }).states, fromB.r.distinctStates, (fromB.r.resumed as { states: number }).states]).toEqual([100, 50, 100, 80]);
    expect(figures(fromA.r)).toEqual(figures(fromB.r));
  });
  it('a changed parameter', async () => {
    const { spec, dir } = await saved();
    refused(await cli('check', spec, '-p', 'n=8', '--resume', dir), `error[USAGE]: --resume ${dir}: the checkpoint is of another search:\n  param n: 9 in the checkpoint, 8 now\n`);
  });
  it('a changed spec file, and a changed file it imports', async () => {
    const a = await saved();
    writeFileSync(a.spec, `${readFileSync(a.spec, 'utf8')}// edited\n`);
    refused(await cli('check', a.spec, '--resume', a.dir), '  spec file counters.ts: sha256 ', ' in the checkpoint, sha256 ');
    const b = await saved();
    writeFileSync(join(b.folder, 'helper.ts'), 'export const top = (n: number) => n - 1;\n');
    const r = await cli('check', b.spec, '--resume', b.dir);
    refused(r, '  spec file helper.ts: sha256 ');
    expect(r.err).not.toContain('counters.ts');
  });
  it('another option: --no-deadlock is part of the search; --bitstate too', async () => {
    const { spec, dir } = await saved();
    refused(await cli('check', spec, '--bitstate', '20', '--resume', dir), '  bitstate: off in the checkpoint, 1048576 bits, 3 hashes, seed 0 now\n');
  });
  it('another tool version', async () => {
    const { spec, dir } = await saved();
    rewriteHeader(join(dir, 'checkpoint.bin'), (h) => ({ ...h, identity: { ...(h.identity as object), 'tool version': '0.0.1' } }));
    refused(await cli('check', spec, '--resume', dir), `  tool version: 0.0.1 in the checkpoint, ${JSON.parse(readFileSync('package.json', 'utf8')).version} now\n`);
  });
  it('a corrupt file, a truncated file, a folder without one', async () => {
    const a = await saved();
    const file = join(a.dir, 'checkpoint.bin');
    const bytes = readFileSync(file);
    bytes[bytes.length - 100] ^= 1;
    writeFileSync(file, bytes);
    refused(await cli('check', a.spec, '--resume', a.dir), `error[USAGE]: --resume: ${file} is corrupt: its SHA-256 does not match its contents`);
    const b = await saved();
    const size = readFileSync(join(b.dir, 'checkpoint.bin')).length;
    truncateSync(join(b.dir, 'checkpoint.bin'), size - 200);
    refused(await cli('check', b.spec, '--resume', b.dir), 'is corrupt or truncated at byte');
    refused(await cli('check', b.spec, '--resume', join(b.folder, 'none')), `--resume ${join(b.folder, 'none')}: no checkpoint there`);
  });
  it('--checkpoint into a folder that holds one', async () => {
    const { spec, dir } = await saved();
    refused(await cli('check', spec, '--checkpoint', dir), `error[USAGE]: --checkpoint ${dir}: the folder already holds a checkpoint`, `hint: continue it with --resume ${dir}, or give an empty folder`);
  });
});

/** Rewrites the checkpoint's header record (the first after the magic line) and its SHA-256 trailer. */
function rewriteHeader(file: string, edit: (h: Record<string, unknown>) => Record<string, unknown>): void {
  const b = readFileSync(file);
  const magic = b.indexOf(0x0a) + 1;
  const len = b.readUInt32LE(magic + 1);
  const header = JSON.parse(b.subarray(magic + 5, magic + 5 + len).toString('utf8')) as Record<string, unknown>;
  const text = Buffer.from(JSON.stringify(edit(header)));
  const head = Buffer.alloc(5);
  head[0] = 1;
  head.writeUInt32LE(text.length, 1);
  const body = Buffer.concat([b.subarray(0, magic), head, text, b.subarray(magic + 5 + len, b.length - 32)]);
  writeFileSync(file, Buffer.concat([body, createHash('sha256').update(body).digest()]));
}
