// What the checkpoint tests share: a snapshot round trip through a real file, and a child process stopped
// with a signal once it has written a checkpoint.
import { spawn } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileSnapshotReader, FileSnapshotWriter, type SnapshotReader, type SnapshotWriter } from '../../checker/checkpoint/snapshot.ts';

/** Writes with `save` into a file, reads back with `restore` (the trailer checked). */
export function roundTrip<T>(save: (w: SnapshotWriter) => void, restore: (r: SnapshotReader) => T): T {
  const file = join(mkdtempSync(join(tmpdir(), 'interleave-snapshot-')), 'x.bin');
  const fd = openSync(file, 'w');
  const w = new FileSnapshotWriter(fd);
  save(w);
  w.finish();
  closeSync(fd);
  const r = new FileSnapshotReader(file);
  const out = restore(r);
  r.finish();
  r.close();
  return out;
}

/**
 * Runs `node ...argv`; once `dir` holds a checkpoint (`waitFor: 'checkpoint'`) or stderr has a line (`'stderr'`),
 * sends `signal`. Resolves with the exit code (or signal), the output, and whether the process was still running
 * when signalled.
 */
export function runUntil(argv: string[], dir: string, signal: NodeJS.Signals, waitFor: 'checkpoint' | 'stderr'): Promise<{ code: number | null; signal: string | null; out: string; err: string; alive: boolean }> {
  const child = spawn(process.execPath, argv, { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  let alive = false;
  child.stdout.on('data', (d: Buffer) => void (out += d.toString()));
  const send = () => {
    if (alive || child.exitCode !== null) return;
    alive = true;
    child.kill(signal);
  };
  child.stderr.on('data', (d: Buffer) => {
    err += d.toString();
    if (waitFor === 'stderr' && err.includes('\n')) send();
  });
  const poll = setInterval(() => waitFor === 'checkpoint' && existsSync(join(dir, 'checkpoint.bin')) && send(), 10);
  return new Promise((done) => {
    child.on('exit', (code, sig) => {
      clearInterval(poll);
      done({ code, signal: sig, out, err, alive });
    });
  });
}

/** Distinct pseudo-random 64-bit keys, (0, 0) first. */
export function keys(n: number): [number, number][] {
  const out: [number, number][] = [[0, 0]];
  let x = 1;
  for (let i = 1; i < n; i++) {
    x = (Math.imul(x, 0x9e3779b1) + 0x7f4a7c15) >>> 0;
    out.push([x, i]);
  }
  return out;
}
