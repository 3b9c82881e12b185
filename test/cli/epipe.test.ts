// A reader that goes away (`interleave graph ... | head -1`) ends the output quietly: the real CLI,
// spawned with its stdout (or stderr) pipe closed before it writes, exits with the command's own code
// and prints no EPIPE stack.
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';

/** Runs bin/interleave.js with the read end of `closed` shut at once; resolves to its exit code and the other stream. */
function runClosed(closed: 'stdout' | 'stderr', ...argv: string[]): Promise<{ code: number | null; other: string }> {
  const child = spawn(process.execPath, ['bin/interleave.js', ...argv], { stdio: ['ignore', 'pipe', 'pipe'] });
  child[closed].destroy();
  let other = '';
  child[closed === 'stdout' ? 'stderr' : 'stdout'].on('data', (d: Buffer) => (other += d.toString()));
  return new Promise((ok) => child.on('close', (code) => ok({ code, other })));
}

describe('a closed output pipe', () => {
  it('graph | head: exit 0, nothing on stderr', async () => {
    expect(await runClosed('stdout', 'graph', 'models/classic/diehard.ts', '--format', 'dot', '-p', 'solve=false')).toEqual({ code: 0, other: '' });
  });

  it('check with a violation keeps its own exit code (1)', async () => {
    expect(await runClosed('stdout', 'check', 'models/classic/diehard.ts')).toEqual({ code: 1, other: '' });
  });

  it('an error printed to a closed stderr still exits 2', async () => {
    const r = await runClosed('stderr', 'check', 'no-such-spec.ts');
    expect(r).toEqual({ code: 2, other: '' });
  });

  it('--help into a closed pipe exits 0', async () => {
    expect(await runClosed('stdout', '--help')).toEqual({ code: 0, other: '' });
  });
});
