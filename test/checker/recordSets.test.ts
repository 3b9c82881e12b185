// Sets of records (`setOf(record({ asid: Asid, task: Task, dirty: bool }))`): a TLB as a set of entries, looked up
// and changed by value. Counts against the naive reference search, through the views and compiled, with symmetry
// against brute-force orbits; the types, the JSON form of traces, and the errors for bad elements and sizes.
import { describe, expect, expectTypeOf, it } from 'vitest';
import { check } from '../../checker/check.ts';
import { bool, defineSpec, eq, int, model, option, record, scalarset, setOf, type Id } from '../../spec/index.ts';
import { MAX_ELEMENTS } from '../../spec/types.ts';
import { naiveSearch, type Verdict } from './naiveSearch.ts';

const file = 'test/checker/specs/tlb.ts';

interface Params {
  asids: number;
  tasks: number;
  cap: number;
  bad?: boolean;
}

/** All permutations of 0..n-1. */
function permutations(n: number): number[][] {
  if (n === 0) return [[]];
  return permutations(n - 1).flatMap((p) => Array.from({ length: n }, (_, i) => [...p.slice(0, i), n - 1, ...p.slice(i)]));
}

/** The TLB spec as the naive search sees it: a state is a sorted list of `asid.task.dirty` entries. */
function naive(p: Params, symmetry: boolean): Verdict {
  type S = readonly string[];
  const entry = (a: number, t: number, d: number) => `${a}.${t}.${d}`;
  const parse = (e: string) => e.split('.').map(Number) as [number, number, number];
  const norm = (xs: Iterable<string>): S => [...new Set(xs)].sort();
  const range = (n: number) => Array.from({ length: n }, (_, i) => i);
  const pa = permutations(p.asids);
  const pt = permutations(p.tasks);
  return naiveSearch<S>({
    init: [[]],
    successors: (x) => {
      const out: S[] = [];
      for (const a of range(p.asids)) for (const t of range(p.tasks)) {
        if (x.length < p.cap && !x.includes(entry(a, t, 0)) && !x.includes(entry(a, t, 1))) out.push(norm([...x, entry(a, t, 0)]));
      }
      for (const a of range(p.asids)) for (const t of range(p.tasks)) {
        if (x.includes(entry(a, t, 0))) out.push(norm([...x.filter((e) => e !== entry(a, t, 0)), entry(a, t, 1)]));
      }
      for (const a of range(p.asids)) if (x.some((e) => parse(e)[0] === a)) out.push(x.filter((e) => parse(e)[0] !== a));
      return out;
    },
    invariant: (x) => x.length <= p.cap && (!p.bad || range(p.tasks).every((t) => x.filter((e) => parse(e)[1] === t && parse(e)[2] === 1).length < 2)),
    deadlock: false,
    key: (x) =>
      symmetry
        ? pa.flatMap((ga) => pt.map((gt) => norm(x.map((e) => { const [a, t, d] = parse(e); return entry(ga[a]!, gt[t]!, d); })).join(' '))).sort()[0]!
        : x.join(' '),
  });
}

async function engine(p: Params, compile: boolean, symmetry: boolean): Promise<Verdict & { compiled?: number }> {
  const { result, compiled } = await check(file, { compile, symmetry, params: { ...p } });
  if (result.result === 'error') throw result.error;
  if (result.result === 'incomplete') throw new Error('incomplete');
  const base = { result: result.result, distinct: result.distinctStates, generated: result.generatedStates, depth: result.depth };
  const v = result.result === 'violation' ? { ...base, kind: result.violation.kind, length: result.violation.trace.length } : base;
  return compile ? { ...v, compiled: compiled!.actions.filter((a) => a.compiled).length } : v;
}

describe('sets of records against the naive reference search', () => {
  const cases: [Params, Verdict, Verdict][] = [
    [{ asids: 2, tasks: 2, cap: 2 }, { result: 'ok', distinct: 33, generated: 105, depth: 5 }, { result: 'ok', distinct: 12, generated: 38, depth: 5 }],
    [{ asids: 2, tasks: 2, cap: 3 }, { result: 'ok', distinct: 65, generated: 265, depth: 7 }, { result: 'ok', distinct: 20, generated: 84, depth: 7 }],
    [{ asids: 3, tasks: 2, cap: 2 }, { result: 'ok', distinct: 73, generated: 253, depth: 5 }, { result: 'ok', distinct: 12, generated: 44, depth: 5 }],
    [{ asids: 3, tasks: 3, cap: 3 }, { result: 'ok', distinct: 835, generated: 4129, depth: 7 }, { result: 'ok', distinct: 44, generated: 238, depth: 7 }],
  ];
  for (const [p, plain, orbits] of cases) {
    it(`${p.asids} ASIDs, ${p.tasks} tasks, at most ${p.cap} entries: ${plain.distinct} states, ${orbits.distinct} orbits, the same compiled and through the views`, async () => {
      expect(naive(p, false)).toEqual(plain);
      expect(naive(p, true)).toEqual(orbits);
      // fill, write and the invariant compile (has/add/delete/size by value); flushAsid's spread of the set falls back
      expect(await engine(p, true, false)).toEqual({ ...plain, compiled: 2 });
      expect(await engine(p, false, false)).toEqual(plain);
      expect(await engine(p, true, true)).toEqual({ ...orbits, compiled: 2 });
      expect(await engine(p, false, true)).toEqual(orbits);
    });
  }

  it('finds a task with dirty entries under two ASIDs in 5 states, and the trace shows entries as records of names', async () => {
    const p = { asids: 2, tasks: 2, cap: 2, bad: true };
    const expected = { result: 'violation', distinct: 29, generated: 68, depth: 5, kind: 'invariant', length: 5 };
    expect(naive(p, false)).toEqual(expected);
    const { result } = await check(file, { params: p, symmetry: false });
    expect(result.result === 'violation' && result.violation.trace.map((s) => s.state.tlb)).toEqual([
      [],
      [{ asid: 'Asid0', task: 'Task0', dirty: false }],
      [{ asid: 'Asid0', task: 'Task0', dirty: false }, { asid: 'Asid1', task: 'Task0', dirty: false }],
      [{ asid: 'Asid0', task: 'Task0', dirty: true }, { asid: 'Asid1', task: 'Task0', dirty: false }],
      [{ asid: 'Asid0', task: 'Task0', dirty: true }, { asid: 'Asid1', task: 'Task0', dirty: true }],
    ]);
    // with symmetry the counts at the violation depend on which state of an orbit is explored: the verdict and trace length do not
    for (const compile of [true, false]) {
      expect({ ...(await engine(p, compile, false)), compiled: undefined }).toEqual({ ...expected, compiled: undefined });
      expect(await engine(p, compile, true)).toMatchObject({ result: 'violation', kind: 'invariant', length: 5 });
    }
  });
});

describe('sets of records: values and types', () => {
  const Asid = scalarset('Asid', 2);
  const Task = scalarset('Task', 2);
  const Entry = record({ asid: Asid, task: Task });

  it('has, add and delete take records by value, with the fields in any order; elements are frozen records', async () => {
    const seen: unknown[] = [];
    const spec = defineSpec({ name: 'values' }, () =>
      model({ tlb: setOf(Entry), n: int(0, 1) })
        .init((s) => {
          s.tlb.add({ asid: Asid.values[0]!, task: Task.values[1]! });
          s.tlb.add({ task: Task.values[0]!, asid: Asid.values[1]! });
        })
        .action('look', {
          when: (s) => s.n === 0,
          effect: (n) => {
            const [first] = n.tlb;
            seen.push(eq(first, { task: first!.task, asid: first!.asid }), eq(n.tlb, n.tlb), n.tlb.size, n.tlb.has({ task: Task.values[1]!, asid: Asid.values[0]! }), n.tlb.has({ ...first! }), Object.isFrozen(first), JSON.stringify(n.tlb));
            n.tlb.delete({ asid: Asid.values[0]!, task: Task.values[1]! });
            n.n = 1;
          },
        })
        .invariant('sizes', (s) => s.tlb.size === 2 - s.n)
        .checkDeadlock(false),
    );
    const { instantiate } = await import('../../checker/loadSpec.ts');
    const { bfs } = await import('../../checker/bfs.ts');
    const r = await bfs(instantiate(spec, 'values.ts').model);
    expect(r.result === 'error' ? r.error.message : r).toMatchObject({ result: 'ok', distinctStates: 2 });
    expect(seen.slice(0, 7)).toEqual([true, true, 2, true, true, true, '[{"asid":"Asid0","task":"Task1"},{"asid":"Asid1","task":"Task0"}]']);
  });

  it('types: elements are read-only records of ids; has/add/delete take one; init and drafts agree', () => {
    model({ tlb: setOf(Entry) }).action('t', {
      when: (s) => {
        expectTypeOf(s.tlb.has).parameter(0).toEqualTypeOf<{ readonly asid: Id<'Asid'>; readonly task: Id<'Task'> }>();
        for (const e of s.tlb) expectTypeOf(e).toEqualTypeOf<{ readonly asid: Id<'Asid'>; readonly task: Id<'Task'> }>();
        // @ts-expect-error a record with a missing field is not an element
        s.tlb.has({ asid: Asid.values[0]! });
        // @ts-expect-error nor one whose field has another scalarset's id
        s.tlb.has({ asid: Task.values[0]!, task: Task.values[0]! });
        // @ts-expect-error a read view has no add
        s.tlb.add({ asid: Asid.values[0]!, task: Task.values[0]! });
        return true;
      },
      effect: (n) => {
        expectTypeOf(n.tlb.add).parameter(0).toEqualTypeOf<{ readonly asid: Id<'Asid'>; readonly task: Id<'Task'> }>();
        // @ts-expect-error a set is changed in place, not assigned
        n.tlb = [];
      },
    });
  });

  it('refuses a record field that is not a domain, and more than MAX_ELEMENTS possible records, when the type is built', () => {
    expect(() => setOf(record({ asid: Asid, owner: option(Task) }) as never)).toThrow(
      "setOf(record({ owner: option(Task), ... })): the fields of a set's records must be bool, int, enum or scalarset",
    );
    expect(() => setOf(record({ a: int(0, 63), b: int(0, 63), c: bool }))).toThrow(
      `setOf({ a: int(0..63), b: int(0..63), c: bool }): possible elements: 8,192 is over the limit of ${MAX_ELEMENTS.toLocaleString('en-US')}`,
    );
    expect(setOf(record({ a: int(0, 63), b: int(0, 63) })).kind).toBe('set');
  });

  it('an element outside the type is an error naming the set and the value', async () => {
    for (const bad of [{ asid: 'nope' }, { asid: Asid.values[0], task: Task.values[0], extra: 1 }]) {
      const spec = defineSpec({ name: 'bad' }, () =>
        model({ tlb: setOf(Entry) }).action('add', { when: (s) => s.tlb.size === 0, effect: (n) => n.tlb.add(bad as never) }),
      );
      const { instantiate } = await import('../../checker/loadSpec.ts');
      const { bfs } = await import('../../checker/bfs.ts');
      const r = await bfs(instantiate(spec, 'bad.ts').model);
      expect(r.result === 'error' && r.error.message).toContain('tlb element = {');
      expect(r.result === 'error' && r.error.message).toContain('is outside its type { asid: Asid, task: Task }');
    }
  });
});
