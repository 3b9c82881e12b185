// Tagged unions (`union({ none: null, msg: record(...), val: int(0, 2) })`): a mailbox per CPU and a lock owner.
// Counts against the naive reference search, through the views and with the compiler (which falls back), with
// symmetry against brute-force orbits; the types (a discriminated union), the JSON form, and the errors.
import { describe, expect, expectTypeOf, it } from 'vitest';
import { bfs } from '../../checker/bfs.ts';
import { check } from '../../checker/check.ts';
import { instantiate } from '../../checker/loadSpec.ts';
import { defineSpec, enumOf, int, model, record, scalarset, seq, setOf, union, type Id } from '../../spec/index.ts';
import { naiveSearch, type Verdict } from './naiveSearch.ts';

const file = 'test/checker/specs/mailbox.ts';

type Box = { tag: 'none' } | { tag: 'msg'; from: number; seq: number } | { tag: 'val'; value: number };
interface S {
  box: Box[];
  owner: number | null;
}

function permutations(n: number): number[][] {
  if (n === 0) return [[]];
  return permutations(n - 1).flatMap((p) => Array.from({ length: n }, (_, i) => [...p.slice(0, i), n - 1, ...p.slice(i)]));
}

/** The mailbox spec over plain values (CPUs are numbers). */
function naive(cpus: number, bad: boolean, symmetry: boolean): Verdict {
  const range = Array.from({ length: cpus }, (_, i) => i);
  const perms = permutations(cpus);
  const key = (x: S) => JSON.stringify(x);
  const rename = (x: S, g: number[]): S => {
    const box: Box[] = new Array(cpus);
    x.box.forEach((b, c) => (box[g[c]!] = b.tag === 'msg' ? { ...b, from: g[b.from]! } : b));
    return { box, owner: x.owner === null ? null : g[x.owner]! };
  };
  return naiveSearch<S>({
    init: [{ box: range.map(() => ({ tag: 'none' })), owner: null }],
    successors: (x) => {
      const out: S[] = [];
      const with_ = (f: (y: S) => void) => {
        const y: S = { box: [...x.box], owner: x.owner };
        f(y);
        out.push(y);
      };
      for (const from of range) for (const to of range) {
        if (from !== to && x.box[to]!.tag === 'none') with_((y) => (y.box[to] = { tag: 'msg', from, seq: x.owner === from ? 1 : 0 }));
      }
      for (const c of range) {
        const m = x.box[c]!;
        if (m.tag === 'msg') with_((y) => { y.box[c] = { tag: 'none' }; y.box[m.from] = { tag: 'val', value: m.seq + 1 }; });
      }
      for (const c of range) if (x.box[c]!.tag === 'val') with_((y) => (y.box[c] = { tag: 'none' }));
      for (const c of range) if (x.owner === null) with_((y) => (y.owner = c));
      for (const c of range) if (x.owner === c) with_((y) => (y.owner = null));
      return out;
    },
    invariant: (x) => !bad || x.box.every((b) => b.tag !== 'val' || b.value < 2),
    deadlock: false,
    key: (x) => (symmetry ? perms.map((g) => key(rename(x, g))).sort()[0]! : key(x)),
  });
}

async function engine(params: { cpus: number; bad?: boolean }, compile: boolean, symmetry: boolean): Promise<Verdict> {
  const { result } = await check(file, { compile, symmetry, params });
  if (result.result === 'error') throw result.error;
  if (result.result === 'incomplete') throw new Error('incomplete');
  const base = { result: result.result, distinct: result.distinctStates, generated: result.generatedStates, depth: result.depth };
  return result.result === 'violation' ? { ...base, kind: result.violation.kind, length: result.violation.trace.length } : base;
}

describe('tagged unions against the naive reference search', () => {
  const cases: [number, Verdict, Verdict][] = [
    [2, { result: 'ok', distinct: 63, generated: 211, depth: 7 }, { result: 'ok', distinct: 33, generated: 112, depth: 7 }],
    [3, { result: 'ok', distinct: 1340, generated: 6619, depth: 12 }, { result: 'ok', distinct: 242, generated: 1213, depth: 12 }],
  ];
  for (const [cpus, plain, orbits] of cases) {
    it(`${cpus} CPUs: ${plain.distinct} states, ${orbits.distinct} orbits, the same compiled (falling back) and through the views`, async () => {
      expect(naive(cpus, false, false)).toEqual(plain);
      expect(naive(cpus, false, true)).toEqual(orbits);
      for (const compile of [true, false]) {
        expect(await engine({ cpus }, compile, false)).toEqual(plain);
        expect(await engine({ cpus }, compile, true)).toEqual(orbits);
      }
    });
  }

  it('finds a reply of 2 (a request from the lock owner) in 4 states; the trace shows { tag, value } with ids by name', async () => {
    const expected = naive(2, true, false);
    expect(expected).toEqual({ result: 'violation', distinct: 25, generated: 45, depth: 4, kind: 'invariant', length: 4 });
    for (const compile of [true, false]) {
      expect(await engine({ cpus: 2, bad: true }, compile, false)).toEqual(expected);
      expect(await engine({ cpus: 2, bad: true }, compile, true)).toEqual({ result: 'violation', distinct: 14, generated: 28, depth: 4, kind: 'invariant', length: 4 });
    }
    const { result } = await check(file, { params: { cpus: 2, bad: true }, symmetry: false });
    expect(result.result === 'violation' && result.violation.trace.map((s) => s.state)).toEqual([
      { box: { Cpu0: { tag: 'none' }, Cpu1: { tag: 'none' } }, owner: { tag: 'nobody' } },
      { box: { Cpu0: { tag: 'none' }, Cpu1: { tag: 'none' } }, owner: { tag: 'cpu', value: 'Cpu0' } },
      { box: { Cpu0: { tag: 'none' }, Cpu1: { tag: 'msg', value: { from: 'Cpu0', seq: 1 } } }, owner: { tag: 'cpu', value: 'Cpu0' } },
      { box: { Cpu0: { tag: 'val', value: 2 }, Cpu1: { tag: 'none' } }, owner: { tag: 'cpu', value: 'Cpu0' } },
    ]);
  });
});

describe('tagged unions: values, types and errors', () => {
  const Cpu = scalarset('Cpu', 2);
  const Slot = union({ empty: null, held: Cpu, data: record({ v: int(0, 3), who: Cpu }) });

  it('types: a discriminated union; `tag` narrows `value`; values are read-only and assigned whole', () => {
    model({ x: Slot }).action('t', {
      when: (s) => {
        expectTypeOf(s.x).toEqualTypeOf<
          { readonly tag: 'empty' } | { readonly tag: 'held'; readonly value: Id<'Cpu'> } | { readonly tag: 'data'; readonly value: { readonly v: number; readonly who: Id<'Cpu'> } }
        >();
        if (s.x.tag === 'data') expectTypeOf(s.x.value.v).toEqualTypeOf<number>();
        // @ts-expect-error `value` exists only once the tag says which variant it is
        void s.x.value;
        return true;
      },
      effect: (n) => {
        n.x = { tag: 'held', value: Cpu.values[0]! };
        n.x = { tag: 'empty' };
        // @ts-expect-error a tag alone has no value
        n.x = { tag: 'empty', value: 1 };
        // @ts-expect-error the value must fit its variant
        n.x = { tag: 'held', value: 1 };
        // @ts-expect-error no such tag
        n.x = { tag: 'full' };
        if (n.x.tag === 'data') {
          // @ts-expect-error a union's value is read-only: assign the union whole
          n.x.value.v = 1;
        }
      },
    });
  });

  it('starts at its first variant; reads are frozen; a whole assignment of another variant clears the old one', async () => {
    const seen: unknown[] = [];
    const spec = defineSpec({ name: 'u' }, () =>
      model({ x: Slot, step: int(0, 3) })
        .action('go', {
          when: (s) => s.step < 3,
          effect: (n) => {
            seen.push(n.x.tag === 'empty' ? n.x : n.x.tag === 'held' ? n.x.value : n.x.value.who, Object.isFrozen(n.x));
            n.x = n.step === 0 ? { tag: 'data', value: { v: 3, who: Cpu.values[1]! } } : n.step === 1 ? { tag: 'held', value: Cpu.values[1]! } : { tag: 'empty' };
            n.step++;
          },
        })
        .checkDeadlock(false),
    );
    const r = await bfs(instantiate(spec, 'u.ts').model, {});
    expect(r).toMatchObject({ result: 'ok', distinctStates: 4 });
    expect(seen).toEqual([{ tag: 'empty' }, true, Cpu.values[1], true, Cpu.values[1], true]);
  });

  it('refuses a variant holding a set or a sequence, and an empty union, when the type is built', () => {
    expect(() => union({ s: setOf(Cpu) })).toThrow('union({ s: set(Cpu) }): a union is assigned whole, so its variants hold no set or sequence');
    expect(() => union({ q: record({ q: seq(int(0, 1), 2) }) })).toThrow('its variants hold no set or sequence');
    expect(() => union({})).toThrow('union({}): needs at least one variant');
    expect(() => union({ a: 3 as never })).toThrow('union({ a: ... }): a variant is a type or null (a tag alone)');
  });

  it('a value outside the union is an error naming the path and the variants', async () => {
    const cases: [unknown, string][] = [
      [{ tag: 'full' }, 'x = {"tag":"full"} is outside its type union(empty | held: Cpu | data: { v: int(0..3), who: Cpu }) (a { tag, value } of one of its variants)'],
      [{ tag: 'empty', value: 1 }, 'x.value = 1 is outside its type no such field (variant empty is a tag alone)'],
      [{ tag: 'held' }, 'x.value = undefined is outside its type a value of Cpu (variant held)'],
      [{ tag: 'data', value: { v: 4, who: Cpu.values[0] } }, 'x.value.v = 4 is outside its type int(0..3)'],
      ['empty', 'x = "empty" is outside its type union('],
    ];
    for (const [bad, message] of cases) {
      const spec = defineSpec({ name: 'bad' }, () =>
        model({ x: Slot, done: enumOf('no', 'yes') }).action('set', { when: (s) => s.done === 'no', effect: (n) => void ((n as { x: unknown }).x = bad) }),
      );
      const r = await bfs(instantiate(spec, 'bad.ts').model);
      expect(r.result === 'error' && r.error.message).toContain(message);
    }
  });
});
