// --out writes what its target's kind calls for: a regular or new file atomically (no temporary file
// left, mode kept), through a symbolic link to its target, straight into a FIFO or a character device
// (never replacing the node), and a directory is a usage error with nothing written.
import { spawn } from 'node:child_process';
import { chmodSync, existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, readlinkSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { SpecError } from '../../checker/SpecError.ts';
import { checkOutputTarget, writeOutputFile } from '../../cli/outputFile.ts';
import { cli, tempFiles } from './run.ts';

// renameSync fails on demand: the temporary file must then be removed
const failRename = vi.hoisted(() => ({ on: false }));
vi.mock('node:fs', async (original) => {
  const fs = await original<typeof import('node:fs')>();
  const renameSync: typeof fs.renameSync = (from, to) => {
    if (failRename.on) throw Object.assign(new Error(`EXDEV: cross-device link not permitted, rename '${String(from)}' -> '${String(to)}'`), { code: 'EXDEV' });
    fs.renameSync(from, to);
  };
  return { ...fs, default: { ...fs, renameSync }, renameSync };
});

const usage = (f: () => void): string => {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(SpecError);
    expect((e as SpecError).code).toBe('USAGE');
    return (e as SpecError).message;
  }
  throw new Error('no error');
};

describe('--out', () => {
  it('replaces a regular file atomically, keeping its mode, and leaves no temporary file', () => {
    const dir = tempFiles({ 'old.json': 'old\n' });
    chmodSync(join(dir, 'old.json'), 0o640);
    writeOutputFile(join(dir, 'old.json'), 'new\n');
    writeOutputFile(join(dir, 'sub', 'fresh.json'), 'fresh\n');
    expect(readFileSync(join(dir, 'old.json'), 'utf8')).toBe('new\n');
    expect(statSync(join(dir, 'old.json')).mode & 0o777).toBe(0o640);
    expect(readFileSync(join(dir, 'sub', 'fresh.json'), 'utf8')).toBe('fresh\n');
    expect(readdirSync(dir).sort()).toEqual(['old.json', 'sub']);
  });

  it('removes the temporary file when the rename fails, and leaves the old file as it was', () => {
    const dir = tempFiles({ 'old.json': 'old\n' });
    failRename.on = true;
    try {
      expect(usage(() => writeOutputFile(join(dir, 'old.json'), 'new\n'))).toMatch(/^--out .*old\.json: cannot write: EXDEV/);
    } finally {
      failRename.on = false;
    }
    expect(readdirSync(dir)).toEqual(['old.json']);
    expect(readFileSync(join(dir, 'old.json'), 'utf8')).toBe('old\n');
  });

  it('follows a symbolic link: the target is replaced, the link stays a link; a link to nothing creates its target', () => {
    const dir = tempFiles({ 'target.json': 'old\n' });
    symlinkSync(join(dir, 'target.json'), join(dir, 'link.json'));
    symlinkSync(join(dir, 'later.json'), join(dir, 'dangling.json'));
    writeOutputFile(join(dir, 'link.json'), 'new\n');
    writeOutputFile(join(dir, 'dangling.json'), 'created\n');
    expect(lstatSync(join(dir, 'link.json')).isSymbolicLink()).toBe(true);
    expect(readlinkSync(join(dir, 'link.json'))).toBe(join(dir, 'target.json'));
    expect(readFileSync(join(dir, 'target.json'), 'utf8')).toBe('new\n');
    expect(lstatSync(join(dir, 'dangling.json')).isSymbolicLink()).toBe(true);
    expect(readFileSync(join(dir, 'later.json'), 'utf8')).toBe('created\n');
    expect(readdirSync(dir).sort()).toEqual(['dangling.json', 'later.json', 'link.json', 'target.json']);
  });

  it('writes /dev/null in place, and a full device is an error that leaves the device node as it was', () => {
    writeOutputFile('/dev/null', 'nothing\n');
    expect(statSync('/dev/null').isCharacterDevice()).toBe(true);
    if (existsSync('/dev/full')) {
      expect(usage(() => writeOutputFile('/dev/full', 'x'.repeat(10000)))).toMatch(/^--out \/dev\/full: cannot write: ENOSPC/);
      expect(statSync('/dev/full').isCharacterDevice()).toBe(true);
    }
  });

  it('a directory, or a link to one, is error[USAGE] before anything is written, and no .tmp file is left', async () => {
    const dir = tempFiles({ 'spec.ts': 'export default 1;\n' });
    mkdirSync(join(dir, 'out'));
    symlinkSync(join(dir, 'out'), join(dir, 'outlink'));
    expect(usage(() => writeOutputFile(join(dir, 'out'), 'x'))).toBe(`--out ${join(dir, 'out')}: is a directory`);
    expect(usage(() => writeOutputFile(join(dir, 'outlink'), 'x'))).toBe(`--out ${join(dir, 'outlink')}: leads to ${join(dir, 'out')}, is a directory`);
    const r = await cli('check', 'models/classic/diehard.ts', '--out', join(dir, 'out'));
    expect(r.code).toBe(2);
    expect(r.err).toBe(`error[USAGE]: --out ${join(dir, 'out')}: is a directory\n  hint: name a file for --out, e.g. --out ${join(dir, 'out', 'out.json')}\n`);
    expect(r.out).toBe('');
    const g = await cli('graph', 'models/classic/diehard.ts', '--format', 'dot', '-p', 'solve=false', '--out', join(dir, 'outlink'));
    expect(g.code).toBe(2);
    expect(readdirSync(join(dir, 'out'))).toEqual([]);
    expect(readdirSync(dir).sort()).toEqual(['out', 'outlink', 'spec.ts']);
  });

  it('a block device is refused (asked through the check that never writes, in case of a regression)', () => {
    const block = ['/dev/loop0', '/dev/sda', '/dev/vda', '/dev/nvme0n1'].find((d) => existsSync(d) && statSync(d).isBlockDevice());
    if (!block) return;
    expect(usage(() => checkOutputTarget(block))).toBe(`--out ${block}: is a block device: interleave does not write to disks`);
  });

  it('writes into a FIFO that a reader holds open, and the FIFO stays a FIFO', async () => {
    const dir = tempFiles({});
    const fifo = join(dir, 'pipe');
    const made = spawn('mkfifo', [fifo]);
    if ((await new Promise<number | null>((ok) => made.on('close', ok))) !== 0) return;
    const reader = spawn('cat', [fifo], { stdio: ['ignore', 'pipe', 'inherit'] });
    let read = '';
    reader.stdout.on('data', (d: Buffer) => (read += d.toString()));
    const done = new Promise<void>((ok) => reader.on('close', () => ok()));
    // the trace of DieHard, through the whole command
    const r = await cli('check', 'models/classic/diehard.ts', '--out', fifo);
    await done;
    expect(r.code).toBe(1);
    expect(JSON.parse(read)).toMatchObject({ format: 'interleave-trace', property: 'NotSolved' });
    expect(lstatSync(fifo).isFIFO()).toBe(true);
    expect(readdirSync(dir)).toEqual(['pipe']);
  });
});
