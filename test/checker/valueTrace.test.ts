// A value that leaves its type is reported with the trace that leads to it: the states from an initial
// state to the one the step was applied to, the step (action, process, arguments) and the value.
import { describe, expect, it } from 'vitest';
import { bfs } from '../../checker/bfs.ts';
import { instantiate } from '../../checker/loadSpec.ts';
import { symmetryOf } from '../../checker/symmetry/Symmetry.ts';
import { simulate } from '../../checker/traces/simulate.ts';
import { defineSpec, int, mapOf, model, scalarset } from '../../spec/index.ts';

// a refcount of int(0, 2): a leak lets two CPUs take a reference on top of it
const leak = defineSpec({ name: 'leak' }, () => {
  const Cpu = scalarset('Cpu', 2);
  return model({ refs: int(0, 2) })
    .process('cpu', Cpu, {
      get: { effect: (n) => void n.refs++, next: 'put' },
      put: { effect: (n) => void n.refs--, next: 'get' },
    })
    .action('leak', { when: (s) => s.refs === 0, effect: (n) => void n.refs++ });
});

const path = (trace: readonly { state: Readonly<Record<string, unknown>> }[]) => trace.map((s) => s.state['refs']);

describe('a value outside its type', () => {
  it('comes with the shortest trace to the state the step was applied to, the step and the value', async () => {
    const r = await bfs(instantiate(leak, 'leak.ts').model);
    if (r.result !== 'error') throw new Error(`expected an error, got ${r.result}`);
    const c = r.error.context!;
    expect(r.error.code).toBe('VALUE');
    expect(c.trace!.map((s) => s.action)).toEqual([null, 'leak', 'cpu.get']);
    expect(path(c.trace!)).toEqual([0, 1, 2]);
    expect(c.state).toEqual(c.trace![2]!.state);
    expect(c.step).toMatchObject({ action: 'cpu.get', process: 'cpu[Cpu1]', args: { self: 'Cpu1' } });
    expect(c.value).toEqual({ path: 'refs', value: 3, expected: 'int(0..2)' });
  });

  it('under symmetry, the trace and the step are concrete: the step is one the last state really takes', async () => {
    const Page = scalarset('Page', 2);
    const pages = defineSpec({ name: 'pages' }, () =>
      model({ refs: mapOf(Page, int(0, 1)) }).action('pin', { p: Page }, { effect: (n, { p }) => void n.refs[p]++ }),
    );
    const loaded = instantiate(pages, 'pages.ts');
    const r = await bfs(loaded.model, { canonicalize: symmetryOf(loaded.model)!.canonicalize });
    if (r.result !== 'error') throw new Error(`expected an error, got ${r.result}`);
    const c = r.error.context!;
    const last = c.trace![c.trace!.length - 1]!.state as { refs: Record<string, number> };
    const p = c.step!.args['p'] as string;
    expect(last.refs[p]).toBe(1);
    expect(c.value).toEqual({ path: `refs[${p}]`, value: 2, expected: 'int(0..1)' });
  });

  it('in simulate, comes with the walk that reached it', async () => {
    const r = await simulate(instantiate(leak, 'leak.ts').model, { seed: 3, depth: 20, runs: 50 });
    if (r.result !== 'error') throw new Error(`expected an error, got ${r.result}`);
    const c = r.error.context!;
    expect(c.trace!.length).toBeGreaterThan(1);
    expect(path(c.trace!).at(-1)).toBe(2);
    expect(c.step!.action).toBe('cpu.get');
    expect(c.value).toEqual({ path: 'refs', value: 3, expected: 'int(0..2)' });
  });

  it('written by init, it has no trace (no step leads to it)', async () => {
    const bad = defineSpec({ name: 'bad-init' }, () => model({ x: int(0, 1) }).init((s) => void (s.x = 2)));
    const r = await bfs(instantiate(bad, 'bad-init.ts').model);
    if (r.result !== 'error') throw new Error(`expected an error, got ${r.result}`);
    expect(r.error.code).toBe('VALUE');
    expect(r.error.context!.trace).toBeUndefined();
  });
});
