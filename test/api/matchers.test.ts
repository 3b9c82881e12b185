// The public entry and the vitest matchers, as a user's test would use them: `import ... from 'interleave'`
// and `import 'interleave/vitest'` (resolved to the sources here, to dist/ in an installed package).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, describe, expect, expectTypeOf, it } from 'vitest';
import { bool, check, defineSpec, int, minimize, model, replay, scalarset, simulate, type CheckOutcome, type ReplayOutcome, type Spec } from 'interleave';
import 'interleave/vitest';

const lock = defineSpec({ name: 'lock', params: { threads: 2 }, variants: ['atomic', 'racy'] }, ({ threads, variant }) => {
  const Thread = scalarset('Thread', threads);
  return model({ locked: bool, inside: int(0, threads) })
    .process('thread', Thread, {
      acquire: { when: (s) => variant === 'racy' || !s.locked, effect: (n) => void (n.locked = true), next: 'enter' },
      enter: { effect: (n) => void n.inside++, next: 'leave' },
      leave: {
        effect: (n) => {
          n.inside--;
          n.locked = false;
        },
        next: 'acquire',
      },
    })
    .invariant('mutualExclusion', (s) => s.inside <= 1);
});

const here = relative(process.cwd(), new URL(import.meta.url).pathname);
const dir = mkdtempSync(join(tmpdir(), 'interleave-api-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('check()', () => {
  it('returns a union on result: ok with the counts, violation with the shortest trace', async () => {
    const ok = await check(lock, { symmetry: false });
    expect(ok).toMatchObject({ result: 'ok', specName: 'lock', params: { threads: 2 }, variant: 'atomic', symmetry: false, distinctStates: 5 });
    const bad = await check(lock, { variant: 'racy', params: { threads: 3 } });
    expect(bad.result).toBe('violation');
    if (bad.result !== 'violation') return;
    expect(bad.violation).toMatchObject({ kind: 'invariant', property: 'mutualExclusion' });
    expect(bad.violation.trace.map((s) => s.action)).toEqual([null, 'thread.acquire', 'thread.acquire', 'thread.enter', 'thread.enter']);
    expect(bad.params).toEqual({ threads: 3 });
    expect(bad.variant).toBe('racy');
  });

  it('gives bad input as the error outcome, not a throw', async () => {
    const r = await check(lock, { variant: 'fast' });
    expect(r.result).toBe('error');
    if (r.result === 'error') expect([r.error.code, r.error.message]).toEqual(['VARIANT', "spec 'lock' has no variant 'fast'"]);
    const stopped = await check(lock, { variant: 'racy', maxStates: 2, symmetry: false });
    expect(stopped).toMatchObject({ result: 'incomplete', reason: 'max-states' });
  });

  it('types its outcomes as a discriminated union', () => {
    expectTypeOf(check).parameter(0).toEqualTypeOf<Spec | string>();
    expectTypeOf<Extract<CheckOutcome, { result: 'violation' }>['violation']['trace'][number]['action']>().toEqualTypeOf<string | null>();
    expectTypeOf<CheckOutcome['result']>().toEqualTypeOf<'ok' | 'violation' | 'incomplete' | 'error'>();
    expectTypeOf<ReplayOutcome['outcome']>().toEqualTypeOf<'reproduced' | 'diverged' | 'passes' | 'nondeterministic' | 'error'>();
  });
});

describe('simulate(), replay(), minimize()', () => {
  it('simulate finds the race with a seed; its trace replays; minimize keeps 5 states', async () => {
    const s = await simulate(lock, { variant: 'racy', seed: 1, runs: 50, depth: 20 });
    expect(s.result).toBe('violation');
    if (s.result !== 'violation') return;
    expect(s.violation.property).toBe('mutualExclusion');
    expect(s.trace.length).toBe(5);
    const file = {
      format: 'interleave-trace' as const,
      version: 1 as const,
      spec: 'lock.ts',
      specName: 'lock',
      params: { threads: 2 },
      variant: 'racy',
      symmetry: false,
      property: 'mutualExclusion',
      kind: 'invariant' as const,
      steps: s.trace.map(({ action, process, args, state }) => ({ action, ...(process ? { process } : {}), args, state })),
    };
    expect(await replay(file, { spec: lock })).toMatchObject({ outcome: 'reproduced', step: 4 });
    expect(await replay(file, { spec: lock, variant: 'atomic' })).toMatchObject({ outcome: 'diverged', step: 2, reason: 'not-enabled' });
    expect(await replay(file)).toMatchObject({ outcome: 'error', error: { code: 'USAGE' } });
    const m = await minimize(file, { spec: lock });
    expect(m).toMatchObject({ result: 'minimized', before: { states: 5 }, after: { states: 5 } });
    writeFileSync(join(dir, 'racy.json'), JSON.stringify({ ...file, spec: relative(dir, here) }));
    await expect(join(dir, 'racy.json')).toReproduce({ spec: lock });
    await expect({ ...file }).not.toReproduce({ spec: lock, variant: 'atomic' });
  });
});

describe('the matchers', () => {
  it('toPass and toViolate pass on what the checker finds', async () => {
    await expect(lock).toPass();
    await expect(lock).toPass({ params: { threads: 3 } });
    await expect(lock).toViolate('mutualExclusion', { variant: 'racy', maxTraceLength: 5, kind: 'invariant' });
    await expect(lock).not.toViolate('mutualExclusion');
  });

  it('a failing toPass prints the counterexample as interleave check does', async () => {
    const failure = await expect(lock).toPass({ variant: 'racy' }).then(
      () => null,
      (e: Error) => e.message,
    );
    expect(failure).toMatch(
      new RegExp(
        `^expected the spec to pass, but:\\nlock \\(variant racy, threads=2\\): invariant mutualExclusion violated \\(${here}:24\\)\\n  with: inside = 2\\n\\nCounterexample, 5 states:\\n1\\. initial state\\n`,
      ),
    );
    expect(failure).toMatch(new RegExp(`\\n2\\. thread\\[Thread0\\]: acquire   \\(${here}:14\\)\\n     locked: false -> true\\n`));
    expect(failure).toContain('distinct states');
  });

  it('a failing toViolate says what it wanted and prints what was found', async () => {
    const tooShort = await expect(lock).toViolate('mutualExclusion', { variant: 'racy', maxTraceLength: 4 }).then(() => null, (e: Error) => e.message);
    expect(tooShort).toMatch(/^expected a violation of mutualExclusion in at most 4 states, but:\nlock \(variant racy, threads=2\): invariant mutualExclusion violated [^\n]*\n  with: inside = 2\n\nCounterexample, 5 states:/);
    const none = await expect(lock).toViolate('mutualExclusion').then(() => null, (e: Error) => e.message);
    expect(none).toMatch(/^expected a violation of mutualExclusion, but:\nlock \(variant atomic, threads=2\): no violation in \d+ distinct states\n/);
  });

  it('say so when given something that is not a spec', async () => {
    const failure = await expect({ name: 'lock' }).toPass().then(() => null, (e: Error) => e.message);
    expect(failure).toBe('expected a spec (the value of defineSpec) or the path of a spec file, got {"name":"lock"}');
  });

  it('are typed on vitest Assertion', () => {
    expectTypeOf(expect(lock).toPass).toBeFunction();
    expectTypeOf(expect(lock).toPass).returns.toEqualTypeOf<Promise<void>>();
    expectTypeOf(expect(lock).toViolate).parameter(0).toEqualTypeOf<string>();
    expectTypeOf(expect(lock).toViolate).parameter(1).toMatchTypeOf<{ maxTraceLength?: number } | undefined>();
    // @ts-expect-error toViolate names the property by a string
    const wrong = () => expect(lock).toViolate(42);
    void wrong;
    expectTypeOf(expect('t.json').toReproduce).returns.toEqualTypeOf<Promise<void>>();
  });
});
