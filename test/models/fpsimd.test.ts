// kernel-tla's fpsimd (models/kernel-tla/fpsimd.ts) against TLC's counts with the guard `pc[self] # "handle_int"` added
// to its `Interrupt(self)`, SYMMETRY Perms: the interrupt primitive never nests a handler in its own level, so the
// port keeps the committed guard (`~in_interrupt[self]`) and counts as the guarded spec. The committed constants
// (THREADS = {t1, t2}, VALS = {v1, v2}: 3,931,046 / 5,103,598 / 139, about 2 minutes) are a manual run:
//   npx tsx cli/main.ts check models/kernel-tla/fpsimd.ts   (see docs/kernel.md)
import { describe, expect, it } from 'vitest';
import { bfs } from '../../checker/bfs.ts';
import { check } from '../../checker/check.ts';
import { compile } from '../../checker/compile.ts';
import { importSpec } from '../../checker/loadSpec.ts';
import { idOf } from '../../spec/types.ts';
import { cli } from '../cli/run.ts';

const FILE = 'models/kernel-tla/fpsimd.ts';
const counts = async (threads: number, vals: number, stack = 6) => {
  const { result } = await check(FILE, { symmetry: true, params: { cpus: 1, threads, vals, stack } });
  if (result.result === 'error') return { result: 'error', message: result.error.message };
  return { result: result.result, distinct: result.distinctStates, generated: result.generatedStates, depth: result.depth };
};

describe('fpsimd, TLC counts of the guarded spec', () => {
  it('CPUS = {p1}, THREADS = {t1}, VALS = {v1, v2}: 1,476 distinct, 1,982 generated, depth 57', async () => {
    expect(await counts(1, 2)).toEqual({ result: 'ok', distinct: 1476, generated: 1982, depth: 57 });
  });
  it('CPUS = {p1}, THREADS = {t1, t2}, VALS = {v1}: 327,121 distinct, 405,647 generated, depth 137', async () => {
    expect(await counts(2, 1)).toEqual({ result: 'ok', distinct: 327121, generated: 405647, depth: 137 });
  });
});

describe("the committed spec's unbounded nesting cannot happen", () => {
  it('with only the committed guard (~in_interrupt), no reachable state holds two interrupt_handler frames', async () => {
    const spec = await importSpec(FILE);
    const built: any = spec.build({ ...spec.params, threads: 1, vals: 2, variant: 'default' });
    const m = built.invariant('handlerNotReentered', (s: any) => [...s.stack.thread_[idOf('Thread', 0)].frames].filter((f: any) => f.proc === 'interrupt_handler').length <= 1);
    const r = await bfs(compile(m.build()));
    // no symmetry reduction here: 2,831 states (1,476 orbits)
    expect([r.result, r.result === 'ok' && r.distinctStates]).toEqual(['ok', 2831]);
  });
  it('the deepest nesting needs 6 frames: with 5 the call is an error naming the stack', async () => {
    expect(await counts(2, 1, 5)).toEqual({
      result: 'error',
      message:
        "thread_[Thread0]: action 'thread_.sch2': stack.thread_[Thread0] = \"[fpsimd_thread_switch -> sch3, schedule -> int1, interrupt_handler -> knb1, kernel_neon_begin -> kn2, kernel_neon -> sys1, syscall -> thr3]\" is outside its type a call stack of 5 frames: schedule.sch2 calls fpsimd_thread_switch with every frame in use; raise .process(..., { stack }) or bound the recursion",
    });
  });
});

describe('the CLI on fpsimd', () => {
  it('prints the counts; an interrupt masked at some labels is not listed as never enabled, steps no run reaches are', async () => {
    const run = await cli('check', FILE, '--param', 'threads=1');
    expect(run.code).toBe(0);
    expect(run.out).toContain('1,476 distinct states, 1,982 generated, depth 57');
    expect(run.out).toContain('never enabled: thread_.fts1 (models/kernel-tla/fpsimd.ts:');
    expect(run.out).not.toContain('irq@');
  });
});
