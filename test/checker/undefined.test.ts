// orUndefined(T): TLA+'s `defaultInitValue` (a PlusCal variable declared without a value) as JavaScript's
// `undefined`, distinct from `null`: a per-process result that is not yet computed, then `null` (none found) or a
// value. Counts against the naive reference search (views and compiled, with symmetry), types, JSON form, errors.
import { describe, expect, expectTypeOf, it } from 'vitest';
import { bfs } from '../../checker/bfs.ts';
import { check } from '../../checker/check.ts';
import { instantiate } from '../../checker/loadSpec.ts';
import { defineSpec, enumOf, int, model, option, orUndefined } from '../../spec/index.ts';
import { naiveSearch, type Verdict } from './naiveSearch.ts';

import spec from './specs/lookup.ts';

function naive(symmetry: boolean): Verdict {
  type S = { found: (undefined | null | number)[]; slot: number };
  const show = (v: undefined | null | number) => (v === undefined ? 'u' : String(v));
  return naiveSearch<S>({
    init: [{ found: [undefined, undefined, undefined], slot: 0 }],
    successors: (x) => {
      const out: S[] = [];
      for (let p = 0; p < 3; p++) if (x.found[p] === undefined) out.push({ ...x, found: x.found.map((v, i) => (i === p ? (x.slot === 0 ? null : x.slot - 1) : v)) });
      if (x.slot < 2) out.push({ ...x, slot: x.slot + 1 });
      for (let p = 0; p < 3; p++) if (typeof x.found[p] === 'number') out.push({ ...x, found: x.found.map((v, i) => (i === p ? undefined : v)) });
      return out;
    },
    invariant: () => true,
    deadlock: false,
    // the processes are interchangeable: under symmetry a state is its multiset of results
    key: (x) => `${(symmetry ? x.found.map(show).sort() : x.found.map(show)).join(',')}/${x.slot}`,
  });
}

describe('orUndefined against the naive reference search', () => {
  it('3 processes: 99 states, 34 orbits; the same compiled (falling back where it tests undefined) and through the views', async () => {
    expect(naive(false)).toEqual({ result: 'ok', distinct: 99, generated: 246, depth: 6 });
    expect(naive(true)).toEqual({ result: 'ok', distinct: 34, generated: 86, depth: 6 });
    const { model: m } = instantiate(spec, 'lookup.ts');
    for (const compile of [true, false]) {
      for (const symmetry of [false, true]) {
        const { result, compiled } = await check('test/checker/specs/lookup.ts', { compile, symmetry });
        expect(result).toMatchObject(symmetry ? { result: 'ok', distinctStates: 34, generatedStates: 86, depth: 6 } : { result: 'ok', distinctStates: 99, generatedStates: 246, depth: 6 });
        if (compile) expect(compiled!.actions.map((a) => [a.name, a.compiled])).toEqual([['lookup', false], ['fill', true], ['forget', false]]);
      }
    }
    expect(await bfs(m)).toMatchObject({ result: 'ok', distinctStates: 99 });
  });
});

describe('orUndefined: values, types and errors', () => {
  it('types: undefined, null or the value; starts undefined; traces show "undefined"', async () => {
    model({ x: orUndefined(option(int(0, 1))), e: orUndefined(enumOf('a', 'b')) }).action('t', {
      when: (s) => {
        expectTypeOf(s.x).toEqualTypeOf<number | null | undefined>();
        expectTypeOf(s.e).toEqualTypeOf<'a' | 'b' | undefined>();
        return true;
      },
      effect: (n) => {
        n.x = undefined;
        n.x = null;
        n.x = 1;
        // @ts-expect-error outside the type
        n.x = 'a';
      },
    });
    const bad = defineSpec({ name: 'u' }, () =>
      model({ x: orUndefined(option(int(0, 1))) })
        .action('set', { when: (s) => s.x === undefined, effect: (n) => void (n.x = null) })
        .invariant('stillUndefined', (s) => s.x === undefined),
    );
    const r = await bfs(instantiate(bad, 'u.ts').model);
    expect(r.result === 'violation' && r.violation.trace.map((t) => t.state.x)).toEqual(['undefined', null]);
  });

  it('refuses orUndefined(orUndefined(T)), and an enum value named "undefined", when the type is built', () => {
    expect(() => orUndefined(orUndefined(int(0, 1)))).toThrow('orUndefined(orUndefined(...)): undefined would mean two things');
    expect(() => orUndefined(enumOf('undefined', 'x'))).toThrow("the enum value 'undefined' would read as undefined in traces");
  });
});
