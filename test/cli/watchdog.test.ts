// A step that never returns blocks the search and its Ctrl-C handler; the watchdog thread says which step it is,
// where, and how to stop the process. The run is killed by the test once the message is there.
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';

describe('the watchdog of a step that never returns', () => {
  it('names the action and its line on stderr, with the pid to kill', async () => {
    const child = spawn(process.execPath, ['bin/interleave.js', 'check', 'test/cli/fixtures/endlessStep.ts'], {
      env: { ...process.env, INTERLEAVE_STEP_WARN_MS: '1000' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    const warned = await new Promise<boolean>((done) => {
      const timer = setTimeout(() => done(false), 60_000);
      child.stderr.on('data', (d: Buffer) => {
        stderr += d.toString();
        if (stderr.includes('kill -9')) (clearTimeout(timer), done(true));
      });
      child.on('exit', () => (clearTimeout(timer), done(false)));
    });
    child.kill('SIGKILL');
    expect(warned).toBe(true);
    expect(stderr).toMatch(
      new RegExp(`interleave: action spin \\(test/cli/fixtures/endlessStep\\.ts:6\\) has run for \\d+ s on one state without returning \\(a loop that never ends\\?\\)\\. The search stops only between steps, so Ctrl-C cannot stop it now: kill -9 ${child.pid}\\n`),
    );
  }, 90_000);
});
