// `--deadlock=murphi` (CMurphi, and Rumur's default `--deadlock-detection stuttering`): a state whose every enabled
// transition leads back to itself is a deadlock too. TLC's deadlock (no successor at all) stays the default.
// specs/leakedLock.ts is a spinlock whose holder never releases it; specs/leakedLock.m is its Murphi twin, for which
// Rumur 2.x reports: deadlock, "5 states, 7 rules fired", a 3-state error trace (Startstate; acquire, i: 0; crit, i: 0).
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { check } from '../../checker/check.ts';
import { MURPHI_DEADLOCK } from '../../checker/result.ts';
import { cli, treeTempFiles } from '../cli/run.ts';

const spec = 'test/checker/specs/leakedLock.ts';
const steps = (r: Awaited<ReturnType<typeof check>>) =>
  r.result.result === 'violation' ? r.result.violation.trace.map((t) => [t.process ?? null, t.action, t.state]) : null;

describe('--deadlock=murphi', () => {
  it('TLC semantics (default): the spinning thread is a step back to the same state, so no deadlock (5 distinct, 9 generated)', async () => {
    const { result } = await check(spec);
    expect(result).toMatchObject({ result: 'ok', distinctStates: 5, generatedStates: 9, depth: 3 });
  });

  it('Murphi semantics: deadlock after thread 0 takes the lock and finishes, Rumur\'s trace and counts (5 states, 7 rules fired + 1 start)', async () => {
    const r = await check(spec, { deadlock: 'murphi' });
    expect(r.result).toMatchObject({ result: 'violation', distinctStates: 5, generatedStates: 8, depth: 3 });
    expect(r.result.result === 'violation' && r.result.violation).toMatchObject({ kind: 'deadlock', property: MURPHI_DEADLOCK, message: 'every enabled action leads back to this state' });
    const waiting = { '0': 'acquire', '1': 'acquire' };
    expect(steps(r)).toEqual([
      [null, null, { locked: false, pc: { thread: waiting } }],
      ['thread[0]', 'thread.acquire', { locked: true, pc: { thread: { '0': 'crit', '1': 'acquire' } } }],
      ['thread[0]', 'thread.crit', { locked: true, pc: { thread: { '0': 'done', '1': 'acquire' } } }],
    ]);
  });

  it('a state where every process is done stays an acceptable end: the releasing variant passes (8 distinct, 11 generated)', async () => {
    const { result } = await check(spec, { deadlock: 'murphi', variant: 'release' });
    expect(result).toMatchObject({ result: 'ok', distinctStates: 8, generatedStates: 11, depth: 5 });
  });

  it('the CLI prints it, writes a trace file that replays as the same Murphi deadlock, and refuses an unknown mode', async () => {
    const dir = treeTempFiles({});
    const out = join(dir, 'leak.json');
    const r = await cli('check', spec, '--deadlock=murphi', '--out', out);
    expect(r.code).toBe(1);
    expect(r.out).toContain('leakedLock (variant leak): deadlock (murphi)\n  every enabled action leads back to this state\n\nCounterexample, 3 states:');
    const replayed = await cli('replay', out);
    expect(replayed.code).toBe(1);
    expect(replayed.out).toContain(': reproduced\n  deadlock at step 3, as recorded\n  every enabled action leads back to this state\n');
    expect((await cli('check', spec, '--deadlock=spin')).code).toBe(2);
    expect((await cli('check', spec, '--no-deadlock')).code).toBe(0);
  });
});
