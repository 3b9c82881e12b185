// Every phase is bounded: the store's memory budget, allocation failures that are never blamed on the
// spec, the liveness phase stopped by an abort, sizes capped when types are built, vacuous inits refused.
import { describe, expect, it } from 'vitest';
import { bfs } from '../../checker/bfs.ts';
import { check } from '../../checker/check.ts';
import { ChunkedArray } from '../../checker/ChunkedArray.ts';
import { LivenessCheck } from '../../checker/liveness/LivenessCheck.ts';
import { instantiate } from '../../checker/loadSpec.ts';
import { MemoryBudget, OutOfMemory } from '../../checker/memory.ts';
import { StateStore } from '../../checker/StateStore.ts';
import { array, bool, defineSpec, int, model, scalarset, seq, type ModelBuilder } from '../../spec/index.ts';
import { tempFiles, dsl } from '../cli/run.ts';

const compiled = (build: () => ModelBuilder<any>) => instantiate(defineSpec({ name: 'inline' }, build), 'inline.ts').model;

/** x counts up to 100,000: one state per value. */
const counter = () =>
  compiled(() =>
    model({ x: int(0, 100_000) })
      .action('inc', { when: (s) => s.x < 100_000, effect: (n) => void n.x++ })
      .checkDeadlock(false),
  );

describe('the memory budget', () => {
  it('a store that cannot grow within its budget throws OutOfMemory and keeps every key it holds', () => {
    const budget = new MemoryBudget(1 << 12); // 4 KiB: a 16-slot table (128 bytes) grows to 256 slots (2 KiB) and no further
    const store = new StateStore(16, false, budget);
    let inserted = 0;
    expect(() => {
      for (let k = 1; k < 1000; k++) {
        store.insert(0, k);
        inserted = k;
      }
    }).toThrow(OutOfMemory);
    // the 193rd key takes 256 slots past 3/4 full: a 512-slot table (4 KiB) beside the old one is over the budget
    expect(inserted).toBe(192);
    for (let k = 1; k <= inserted; k++) expect(store.has(0, k)).toBe(true);
    expect(budget.used).toBe(256 * 2 * 4);
  });

  it("an allocation that V8 refuses (RangeError) becomes OutOfMemory, the store's own error", () => {
    const failing = new ChunkedArray((n) => {
      if (n > 0) throw new RangeError('Array buffer allocation failed');
      return new Int32Array(0);
    });
    expect(() => failing.push(1)).toThrow(OutOfMemory);
    expect(() => failing.push(1)).toThrow(/allocating 0\.3 MiB failed: Array buffer allocation failed/);
  });

  it('stops the search at the budget: incomplete, reason memory, with the statistics so far', async () => {
    const r = await bfs(counter(), { maxMemoryBytes: 2 * 2 ** 20 });
    expect(r).toMatchObject({ result: 'incomplete', reason: 'memory', distinctStates: 49_152 });
    expect(await bfs(counter())).toMatchObject({ result: 'ok', distinctStates: 100_001 });
  });

  it('an out-of-memory inside the successor callback is not blamed on the action (no SPEC_THROW)', async () => {
    let calls = 0;
    const r = await bfs(counter(), {
      onTransition: () => {
        if (++calls === 10) throw new OutOfMemory('injected');
      },
    });
    // the 10th transition's target (the 11th state) was stored before the hook ran
    expect(r).toMatchObject({ result: 'incomplete', reason: 'memory', distinctStates: 11 });
  });
});

describe('the liveness phase', () => {
  it('an aborted signal stops it: incomplete, reason interrupted', async () => {
    const m = compiled(() =>
      model({ b: bool })
        .action('flip', { effect: (n) => void (n.b = !n.b), fair: 'weak' })
        .eventually('set', (s) => s.b),
    );
    const live = new LivenessCheck(m);
    const searched = await bfs(m, live.hooks({}));
    expect(searched.result).toBe('ok');
    const aborted = AbortSignal.abort();
    expect(await live.finish(searched, aborted)).toMatchObject({ result: 'incomplete', reason: 'interrupted', distinctStates: 2 });
  });

  it("an unknown fairness kind is refused when the model is built, naming the step", () => {
    expect(() =>
      model({ b: bool }).process('p', { a: { effect: (n) => void (n.b = true), next: 'a', fair: 'often' as 'weak' } }),
    ).toThrow("process 'p', step 'a': fair must be 'weak' or 'strong', not 'often'");
  });
});

describe('sizes capped when types are built', () => {
  it('refuses domains over 2^20 values and collections over 2^12 elements', () => {
    expect(() => scalarset('P', 1e9)).toThrow("scalarset('P', 1000000000): ids: 1,000,000,000 is over the limit of 1,048,576");
    expect(() => int(0, 2 ** 20)).toThrow('int(0, 1048576): values: 1,048,577 is over the limit of 1,048,576');
    expect(int(0, 1_000_000).values.length).toBe(1_000_001);
    expect(() => array(bool, 4097)).toThrow('array(_, 4097): elements: 4,097 is over the limit of 4,096');
    expect(() => seq(bool, 1e9)).toThrow('seq(_, 1000000000): elements');
  });

  it('refuses a state of more than 2^16 slots before laying it out', () => {
    expect(() => compiled(() => model({ a: array(array(bool, 4096), 17) }))).toThrow('variable a: 69,632 slots, over the limit of 65,536 per state');
  });
});

describe('vacuity', () => {
  it('an init that yields no state is a SPEC_DEFINITION error at the init, not "no violation in 0 states"', async () => {
    const dir = tempFiles({
      'empty.ts': `import { bool, defineSpec, model } from '${dsl}';
export default defineSpec({ name: 'empty' }, () =>
  model({ b: bool })
    .init((s, { choose }) => {
      const b = choose<boolean>([]);
      if (b !== undefined) s.b = b;
    })
    .invariant('no', (s) => !s.b),
);
`,
    });
    const r = await check(`${dir}/empty.ts`);
    expect(r.result.result).toBe('error');
    if (r.result.result !== 'error') return;
    expect(r.result.error.code).toBe('SPEC_DEFINITION');
    expect(r.result.error.message).toContain('the init yields no initial state');
    expect(r.result.error.location).toMatchObject({ file: `${dir}/empty.ts`, line: 4 });
  });
});
