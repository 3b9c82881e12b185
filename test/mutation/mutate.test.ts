// `interleave mutate` on a small lock whose every mutant is known: which the properties catch (by which
// property, in how many states), which survive, which are equivalent (same reachable states) and which
// are invalid (a value outside its type); `--show` prints the mutant's diff; a failing variant is refused.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateMutants } from '../../checker/mutation/generateMutants.ts';
import { mutate, type MutationReport } from '../../checker/mutation/runMutants.ts';
import { describeOutcome } from '../../cli/format/mutate.ts';
import { cli } from '../cli/run.ts';

const LOCK = 'test/mutation/lock.ts';

describe('generateMutants', () => {
  it('makes 13 mutants of the lock: guards, dropped effects and writes, swapped steps and statements', () => {
    const mutants = generateMutants(readFileSync(LOCK, 'utf8'), { variant: 'atomic' });
    expect(mutants.map((m) => `${m.id} ${m.line} ${m.operator}: ${m.description}`)).toEqual([
      "1 9 weaken-guard: guard variant === 'racy' || !s.locked -> true",
      '2 10 drop-step: drop the effect of step acquire',
      '3 10 swap-steps: swap the effects of steps acquire / enter',
      '4 10 drop-write: drop (n.locked = true)',
      '5 14 drop-step: drop the effect of step enter',
      '6 14 swap-steps: swap the effects of steps enter / leave',
      '7 15 drop-write: drop n.inside++',
      '8 15 swap-statements: swap n.inside++; / n.entered = true;',
      '9 16 drop-write: drop n.entered = true',
      '10 21 drop-step: drop the effect of step leave',
      '11 22 drop-write: drop n.inside--',
      '12 22 swap-statements: swap n.inside--; / n.locked = false;',
      '13 23 drop-write: drop n.locked = false',
    ]);
  });

  it('leaves properties, ctx.check claims and parameter checks alone, and skips kernel primitive calls', () => {
    const text = [
      "import { defineSpec, model, bool, spinlockType, spinLock, spinUnlock, spinCanLock } from 'interleave';",
      "export default defineSpec({ name: 'k', params: { n: 1 } }, ({ n }) => {",
      "  if (n < 1) throw new RangeError('n');",
      '  return model({ ptl: spinlockType(), x: bool })',
      "    .process('p', { a: { when: (s) => spinCanLock(s.ptl) && !s.x, effect: (w, _a, ctx) => {",
      "      spinLock(ctx, w.ptl, 'p');",
      "      ctx.check('c', !w.x, 'x');",
      '      w.x = true;',
      "      spinUnlock(ctx, w.ptl, 'p');",
      "    }, next: 'done' } })",
      "    .invariant('i', (s) => !s.x || s.x);",
      '});',
    ].join('\n');
    expect(generateMutants(text).map((m) => `${m.operator}: ${m.description}`)).toEqual([
      'weaken-guard: drop conjunct spinCanLock(s.ptl)',
      'negate-guard: negate conjunct spinCanLock(s.ptl)',
      'weaken-guard: drop conjunct !s.x',
      'negate-guard: negate conjunct !s.x',
      'drop-step: drop the effect of step a',
      "skip-call: skip spinLock(ctx, w.ptl, 'p')",
      'drop-write: drop w.x = true',
      "swap-statements: swap w.x = true; / spinUnlock(ctx, w.ptl, 'p');",
      "skip-call: skip spinUnlock(ctx, w.ptl, 'p')",
    ]);
  });
});

describe('mutate on the lock (variant atomic)', () => {
  let report: MutationReport;
  beforeAll(async () => {
    const r = await mutate(LOCK, { variant: 'atomic' });
    if (!('mutants' in r)) throw new Error(r.message);
    report = r;
  }, 300_000);

  it('scores 7 of 8: every mutant with its outcome', () => {
    expect(report.score).toBe(7 / 8);
    expect(report.original).toMatchObject({ distinctStates: 7, generatedStates: 8 });
    expect(report.mutants.map((m) => `${m.mutant.id} ${m.outcome.status}: ${describeOutcome(m.outcome)}`)).toEqual([
      '1 caught: invariant mutualExclusion, trace 5 states',
      '2 caught: invariant mutualExclusion, trace 5 states',
      '3 caught: invariant mutualExclusion, trace 3 states',
      '4 caught: invariant mutualExclusion, trace 5 states',
      "5 invalid: VALUE: thread[Thread0]: action 'thread.leave': inside = -1 is outside its type int(0..2)",
      "6 invalid: VALUE: thread[Thread0]: action 'thread.enter': inside = -1 is outside its type int(0..2)",
      "7 invalid: VALUE: thread[Thread0]: action 'thread.leave': inside = -1 is outside its type int(0..2)",
      '8 equivalent: same 7 states as the original',
      '9 survived: no violation in 7 states',
      '10 caught: deadlock, trace 4 states',
      '11 caught: invariant mutualExclusion, trace 6 states',
      '12 equivalent: same 7 states as the original',
      '13 caught: deadlock, trace 4 states',
    ]);
  });

  it("the survivor's diff applies to the original with git apply and gives the mutant", () => {
    const survivor = report.mutants.find((m) => m.outcome.status === 'survived')!;
    expect(survivor.diff).toBe(
      [
        '--- a/test/mutation/lock.ts',
        '+++ b/test/mutation/lock.ts',
        '@@ -13,7 +13,6 @@',
        '       enter: {',
        '         effect: (n) => {',
        '           n.inside++;',
        '-          n.entered = true;',
        '         },',
        "         next: 'leave',",
        '       },',
        '',
      ].join('\n'),
    );
    const dir = mkdtempSync(join(tmpdir(), 'interleave-mutate-'));
    execFileSync('mkdir', ['-p', join(dir, 'test/mutation')]);
    writeFileSync(join(dir, LOCK), readFileSync(LOCK, 'utf8'));
    writeFileSync(join(dir, 'm.diff'), survivor.diff);
    execFileSync('git', ['apply', 'm.diff'], { cwd: dir });
    expect(readFileSync(join(dir, LOCK), 'utf8')).toBe(survivor.mutant.text);
  });
});

describe('review --mutation', () => {
  it('shows the score at both revisions: dropping the write-only `entered` takes the survivor away (7/8 -> 7/7)', async () => {
    const { reviewFiles } = await import('../../checker/review/review.ts');
    const head = 'test/mutation/.lock-head.ts';
    writeFileSync(head, readFileSync(LOCK, 'utf8').replace('          n.entered = true;\n', ''));
    try {
      const r = await reviewFiles(LOCK, head, { variants: ['atomic'], mutation: true });
      expect(r.specs[0]!.mutation).toEqual({
        base: { variant: 'atomic', score: 7 / 8, caught: 7, scored: 8, mutants: 13, survivors: ['line 16: drop-write drop n.entered = true'] },
        head: { variant: 'atomic', score: 1, caught: 7, scored: 7, mutants: 11, survivors: [] },
      });
    } finally {
      rmSync(head, { force: true });
    }
  }, 300_000);
});

describe('interleave mutate (CLI)', () => {
  it('--show 9 prints the survivor as a diff without checking anything', async () => {
    const r = await cli('mutate', LOCK, '--show', '9');
    expect(r.code).toBe(0);
    expect(r.out.split('\n').slice(0, 4)).toEqual(['# #9 drop-write, line 16: drop n.entered = true', '--- a/test/mutation/lock.ts', '+++ b/test/mutation/lock.ts', '@@ -13,7 +13,6 @@']);
  });

  it('refuses a variant that already fails (exit 2): there is nothing to measure', async () => {
    const r = await cli('mutate', LOCK, '--variant', 'racy');
    expect(r.code).toBe(2);
    expect(r.err).toContain('error[USAGE]: test/mutation/lock.ts (variant racy) violates mutualExclusion: mutate a spec variant that passes');
  }, 60_000);

  it('--show out of range is a usage error naming the range', async () => {
    const r = await cli('mutate', LOCK, '--show', '14');
    expect(r.code).toBe(2);
    expect(r.err).toContain('error[USAGE]: --show 14: test/mutation/lock.ts has mutants 1 to 13');
  });
});
