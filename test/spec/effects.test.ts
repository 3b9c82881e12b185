// An effect returns nothing. "This branch yields nothing" has one explicit form, `ctx.skip()` (or an empty
// `ctx.choose([])`); any returned value is an error at its first call, with the action's location.
import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { bfs } from '../../checker/bfs.ts';
import { compile } from '../../checker/compile.ts';
import type { CheckResult } from '../../checker/result.ts';
import { bool, int, model, type ModelBuilder } from '../../spec/index.ts';

const here = fileURLToPath(import.meta.url);
const run = (m: ModelBuilder<any, any>): Promise<CheckResult> => bfs(compile(m.build()));
const ok = async (m: ModelBuilder<any, any>) => {
  const r = await run(m);
  if (r.result === 'error') throw r.error;
  return { result: r.result, distinct: r.distinctStates, generated: r.generatedStates };
};

describe('an effect that returns a value', () => {
  it('fails tsc: an assignment as an arrow body, a returned boolean or number; void calls and `return ctx.skip()` pass', () => {
    model({ b: bool, x: int(0, 3) })
      // @ts-expect-error the arrow returns the assigned value (false)
      .action('assign', { effect: (n) => (n.b = false) })
      // @ts-expect-error a block body that returns a value
      .action('returns', { effect: (n) => { n.x = 1; return true; } })
      .action('voidCall', { effect: (n, _a, ctx) => ctx.check('p', true) })
      .action('voidOp', { effect: (n) => void (n.b = true) })
      .action('skips', { effect: (n, _a, ctx) => { if (n.b) return ctx.skip(); n.b = true; } });
  });
  it('is a SPEC_DEFINITION error at the first call, naming the action, the value and where the action is declared', async () => {
    const line = Number(new Error().stack!.split('\n')[1]!.match(/:(\d+):\d+\)?$/)![1]) + 1;
    const m = model({ b: bool }).action('reset', { effect: (n) => ((n as { b: boolean }).b = false) as unknown as undefined });
    const r = await run(m);
    expect(r.result).toBe('error');
    if (r.result !== 'error') return;
    expect(r.error.code).toBe('SPEC_DEFINITION');
    expect(r.error.message).toBe("action 'reset': the effect returned false; an effect returns nothing");
    expect(r.error.hint).toContain('ctx.skip()');
    expect(r.error.location).toMatchObject({ file: here, line });
    expect(r.error.context).toMatchObject({ action: 'reset', state: { b: false } });
  });
  it('also for a process step and for init, any value but undefined (null, 0, a string)', async () => {
    const step = model({ x: int(0, 1) }).process('p', { go: { effect: () => null as unknown as undefined, next: 'done' } });
    const r1 = await run(step);
    expect(r1.result === 'error' && `${r1.error.code}: ${r1.error.message}`).toBe("SPEC_DEFINITION: p: action 'p.go': the effect returned null; an effect returns nothing");
    const init = model({ x: int(0, 1) }).init(() => 'x' as unknown as undefined);
    const r2 = await run(init);
    expect(r2.result === 'error' && `${r2.error.code}: ${r2.error.message}`).toBe('SPEC_DEFINITION: action \'init\': the effect returned "x"; an effect returns nothing');
    expect(r2.result === 'error' && r2.error.location?.file).toBe(here);
  });
});

describe('ctx.skip() and an empty choice end the branch', () => {
  it('ctx.skip(): the code after it does not run, the other branches do', async () => {
    let after = 0;
    const m = model({ x: int(0, 3) })
      .action('step', {
        effect: (n, _a, ctx) => {
          const d = ctx.choose([1, 2]);
          if (n.x + d > 3) return ctx.skip();
          n.x += d;
          after++;
        },
      })
      .checkDeadlock(false);
    // 0 -> 1, 2; 1 -> 2, 3; 2 -> 3 (2+2 skipped); 3 -> nothing
    expect(await ok(m)).toEqual({ result: 'ok', distinct: 4, generated: 6 });
    expect(after).toBe(5);
  });
  it('ctx.choose([]) ends the branch like ctx.skip(): the effect does not run on with undefined', async () => {
    const seen: unknown[] = [];
    const m = model({ x: int(0, 2) })
      .action('step', {
        effect: (n, _a, ctx) => {
          const options = n.x === 0 ? [1, 2] : [];
          const v = ctx.choose(options);
          seen.push(v);
          n.x = v;
        },
      })
      .checkDeadlock(false);
    expect(await ok(m)).toEqual({ result: 'ok', distinct: 3, generated: 3 });
    expect(seen).toEqual([1, 2]);
  });
  it('an empty choice after other choices drops only that combination', async () => {
    const m = model({ x: int(0, 9) })
      .action('step', {
        when: (s) => s.x === 0,
        effect: (n, _a, ctx) => {
          const a = ctx.choose([1, 2, 3]);
          const b = ctx.choose(a === 2 ? [] : [0, 5]);
          n.x = a + b;
        },
      })
      .checkDeadlock(false);
    // 0 and 1, 6, 3, 8
    expect(await ok(m)).toEqual({ result: 'ok', distinct: 5, generated: 5 });
  });
  it("in init: choose([]) and skip() leave that initial state out", async () => {
    const m = model({ x: int(0, 3), b: bool })
      .init((s, { choose, skip }) => {
        s.x = choose([0, 1, 2, 3]);
        if (s.x === 1) skip();
        s.b = choose(s.x === 2 ? [] : [false, true]);
      })
      .checkDeadlock(false);
    expect(await ok(m)).toEqual({ result: 'ok', distinct: 4, generated: 4 });
  });
});
