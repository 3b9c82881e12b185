// Views equal their types: every member a view or draft type declares exists at run time, and every member a view
// has at run time is declared. Type tests (expectTypeOf, @ts-expect-error, checked by `tsc --noEmit`) sit next to
// run-time tests of the same collection kind.
import { describe, expect, expectTypeOf, it } from 'vitest';
import { bfs } from '../../checker/bfs.ts';
import { compile } from '../../checker/compile.ts';
import type { CheckResult } from '../../checker/result.ts';
import {
  array,
  bool,
  enumOf,
  int,
  mapOf,
  model,
  option,
  record,
  seq,
  setOf,
  type ArrayDraft,
  type ArrayView,
  type ModelBuilder,
  type SeqDraft,
  type SeqView,
  type SetDraft,
  type SetView,
} from '../../spec/index.ts';

const run = (m: ModelBuilder<any, any>): Promise<CheckResult> => bfs(compile(m.build()));
const distinct = async (m: ModelBuilder<any, any>): Promise<number> => {
  const r = await run(m);
  if (r.result === 'error') throw r.error;
  return r.distinctStates;
};
/** Runs one effect on the initial state and returns what `observe` saw (in the guard: the read view; in the effect: the draft). */
const errorOf = async (m: ModelBuilder<any, any>): Promise<string> => {
  const r = await run(m);
  if (r.result !== 'error') throw new Error(`expected an error, got ${r.result}`);
  return `${r.error.code}: ${r.error.message}`;
};
/** The own and inherited member names of a value, minus Object.prototype's. */
const members = (v: object): string[] => {
  const out = new Set<string>();
  for (let o: object | null = v; o && o !== Object.prototype; o = Object.getPrototypeOf(o)) {
    for (const k of Object.getOwnPropertyNames(o)) out.add(k);
    for (const k of Object.getOwnPropertySymbols(o)) out.add(k.toString());
  }
  return [...out].sort();
};

describe('sequences', () => {
  const vars = { q: seq(int(0, 1), 3) };
  it('SeqView has max at run time: a guard `s.q.length < s.q.max` gives 4 states (lengths 0..3)', async () => {
    const m = model(vars).action('push', { when: (s) => s.q.length < s.q.max, effect: (n) => void n.q.push(0) }).checkDeadlock(false);
    expect(await distinct(m)).toBe(4);
  });
  it('types: a read view is a ReadonlyArray of plain values with max; a draft is an Array with max and clear()', () => {
    model(vars).action('a', {
      when: (s) => {
        expectTypeOf(s.q).toEqualTypeOf<SeqView<number>>();
        expectTypeOf(s.q).toMatchTypeOf<ReadonlyArray<number>>();
        expectTypeOf(s.q.max).toEqualTypeOf<number>();
        // @ts-expect-error a read view is not writable
        s.q.push(1);
        return true;
      },
      effect: (n) => {
        expectTypeOf(n.q).toEqualTypeOf<SeqDraft<number>>();
        expectTypeOf(n.q).toMatchTypeOf<number[]>();
        expectTypeOf(n.q.clear).toEqualTypeOf<() => void>();
        // @ts-expect-error a sequence is changed in place, not assigned
        n.q = [1];
      },
    });
  });
  it('SeqDraft.clear() exists and empties the sequence; max is the bound', async () => {
    const seen: unknown[] = [];
    const m = model(vars)
      .init((s) => {
        s.q.push(1, 0, 1);
      })
      .action('clear', {
        when: (s) => s.q.length > 0,
        effect: (n) => {
          seen.push(n.q.max, n.q.length);
          n.q.clear();
          seen.push(n.q.length);
        },
      })
      .checkDeadlock(false);
    expect(await distinct(m)).toBe(2);
    expect(seen).toEqual([3, 3, 0]);
  });
  it('run-time members: a read view has the array members plus max; a draft plus max and clear', async () => {
    const seen: Record<string, string[]> = {};
    const m = model(vars)
      .action('look', {
        when: (s) => {
          seen['view'] = members(s.q);
          expect(Object.isFrozen(s.q)).toBe(true);
          expect(Object.getPrototypeOf(s.q.map((x) => x))).toBe(Array.prototype);
          expect(Array.isArray(s.q)).toBe(true);
          return true;
        },
        effect: (n) => {
          seen['draft'] = members(n.q);
        },
      })
      .checkDeadlock(false);
    await distinct(m);
    const arrayMembers = members([]);
    expect(seen['view']).toEqual([...arrayMembers, 'max'].sort());
    expect(seen['draft']).toEqual([...arrayMembers, 'clear', 'max'].sort());
  });
  it('elements read as views: a sequence of sets holds set views, of records read-only objects', async () => {
    const seen: unknown[] = [];
    const m = model({ q: seq(setOf(int(0, 2)), 1), r: seq(record({ a: bool }), 1) })
      .init((s) => {
        s.q.push([2, 0]);
        s.r.push({ a: true });
      })
      .action('look', {
        when: (s) => {
          expectTypeOf(s.q[0]!).toEqualTypeOf<SetView<number>>();
          expectTypeOf(s.r[0]!).toEqualTypeOf<{ readonly a: boolean }>();
          seen.push([...s.q[0]!], s.q[0]!.has(2), s.q[0]!.size, s.r[0]);
          return true;
        },
        effect: (n) => {
          expectTypeOf(n.r[0]!).toEqualTypeOf<{ a: boolean }>();
          n.r[0]!.a = false;
        },
      })
      .checkDeadlock(false);
    expect(await distinct(m)).toBe(2);
    expect(seen.slice(0, 4)).toEqual([[0, 2], true, 2, { a: true }]);
  });
  it('assigning a whole sequence is refused at run time as in the types', async () => {
    const m = model(vars).action('assign', {
      effect: (n) => {
        (n as any).q = [1];
      },
    });
    expect(await errorOf(m)).toBe("SPEC_THROW: action 'assign': cannot write q: a sequence is changed in place (push, pop, shift, splice, clear, element writes), not assigned");
  });
});

describe('sets', () => {
  const vars = { s: setOf(int(0, 2)) };
  it('types: SetView reads; SetDraft adds add, delete and clear; a whole set is not assignable', () => {
    model(vars).action('a', {
      when: (s) => {
        expectTypeOf(s.s).toEqualTypeOf<SetView<number>>();
        // @ts-expect-error a read view has no mutators
        s.s.add(1);
        return true;
      },
      effect: (n) => {
        expectTypeOf(n.s).toEqualTypeOf<SetDraft<number>>();
        // @ts-expect-error a set is changed in place, not assigned
        n.s = [1];
      },
    });
  });
  it('run-time members equal the declared ones: a read view has no mutators, a draft has them', async () => {
    const seen: Record<string, string[]> = {};
    const m = model(vars)
      .action('look', {
        when: (s) => {
          seen['view'] = members(s.s);
          return true;
        },
        effect: (n) => {
          seen['draft'] = members(n.s);
          n.s.add(2);
          n.s.add(0);
          n.s.delete(0);
          seen['after'] = [...n.s].map(String);
          seen['size'] = [String(n.s.size), String(n.s.has(2))];
          n.s.clear();
          seen['json'] = n.s.toJSON().map(String);
        },
      })
      .checkDeadlock(false);
    await distinct(m);
    const setView = ['Symbol(Symbol.iterator)', 'has', 'size', 'toJSON'];
    expect(seen['view']).toEqual(setView);
    expect(seen['draft']).toEqual([...setView, 'add', 'clear', 'delete'].sort());
    expect(seen['after']).toEqual(['2']);
    expect(seen['size']).toEqual(['1', 'true']);
    expect(seen['json']).toEqual([]);
  });
  it('assigning a whole set is refused at run time as in the types', async () => {
    const m = model(vars).action('assign', {
      effect: (n) => {
        (n as any).s = [1];
      },
    });
    expect(await errorOf(m)).toBe("SPEC_THROW: action 'assign': cannot write s: a set is changed in place (add, delete, clear), not assigned");
  });
  it('a set inside a map is changed in place too: replacing the element is refused', async () => {
    const m = model({ m: mapOf(int(0, 1), setOf(bool)) }).action('assign', {
      effect: (n) => {
        (n.m as any)[0] = [true];
      },
    });
    expect(await errorOf(m)).toBe("SPEC_THROW: action 'assign': cannot write m[0]: a set is changed in place (add, delete, clear), not assigned");
  });
});

describe('arrays', () => {
  const vars = { a: array(int(0, 3), 2), r: array(record({ x: bool }), 2) };
  it('types: ArrayView is a ReadonlyArray; ArrayDraft a ReadonlyArray with writable elements and no length changes', () => {
    model(vars).action('act', {
      when: (s) => {
        expectTypeOf(s.a).toEqualTypeOf<ArrayView<number>>();
        expectTypeOf(s.a.map((x) => x + 1)).toEqualTypeOf<number[]>();
        // @ts-expect-error read-only
        s.a[0] = 1;
        return true;
      },
      effect: (n) => {
        expectTypeOf(n.a).toEqualTypeOf<ArrayDraft<number>>();
        n.a[0] = 1;
        n.r[1]!.x = true;
        // @ts-expect-error an array's length is fixed
        n.a.push(1);
      },
    });
  });
  it('run time: read views are arrays; drafts are arrays; writes land; length changes and writes to read views are refused', async () => {
    const seen: unknown[] = [];
    const m = model(vars)
      .action('write', {
        when: (s) => {
          seen.push(Array.isArray(s.a), Object.isFrozen(s.r), s.a.length, s.a.map((x) => x), s.r.length, Array.isArray(s.r));
          return s.a[0] === 0;
        },
        effect: (n) => {
          seen.push(Array.isArray(n.a), n.a.length);
          n.a[0] = 3;
          n.r[1]!.x = true;
        },
      })
      .checkDeadlock(false);
    expect(await distinct(m)).toBe(2);
    expect(seen.slice(0, 8)).toEqual([true, true, 2, [0, 0], 2, true, true, 2]);
    const grow = model({ a: array(int(0, 3), 2) }).action('grow', { effect: (n) => void (n.a as unknown as number[]).push(1) });
    expect(await errorOf(grow)).toBe("VALUE: action 'grow': a = \"3 elements\" is outside its type exactly 2 elements (a fixed-size collection)");
    // an array of leaves is reused from state to state rather than frozen: a write into a read view is caught after the guard
    const tamper = model({ a: array(int(0, 3), 2) }).action('tamper', { when: (s) => (((s.a as unknown as number[])[0] = 1), true) });
    expect(await errorOf(tamper)).toBe("SPEC_THROW: action 'tamper': cannot write a[0]: this state is read-only; an effect writes its first argument (the next state)");
  });
  it('an array of length 0 has length 0', async () => {
    const seen: number[] = [];
    await distinct(
      model({ a: array(bool, 0) })
        .action('look', { when: (s) => (seen.push(s.a.length), true) })
        .checkDeadlock(false),
    );
    expect(seen[0]).toBe(0);
  });
});

describe('maps, records and options', () => {
  const Color = enumOf('red', 'green');
  const vars = {
    byEnum: mapOf(Color, int(0, 2)),
    byBool: mapOf(bool, bool),
    byInt: mapOf(int(1, 2), int(0, 2)),
    rec: record({ n: int(0, 2), tags: setOf(Color) }),
    opt: option(int(0, 2)),
    optRec: option(record({ b: bool })),
  };
  it('types: maps over enums and bools have named keys, over ints numeric keys; records and options as declared', () => {
    model(vars).action('a', {
      when: (s) => {
        expectTypeOf(s.byEnum).toEqualTypeOf<{ readonly red: number; readonly green: number }>();
        expectTypeOf(s.byBool).toEqualTypeOf<{ readonly false: boolean; readonly true: boolean }>();
        expectTypeOf(s.byInt).toEqualTypeOf<{ readonly [k: number]: number }>();
        expectTypeOf(s.rec).toEqualTypeOf<{ readonly n: number; readonly tags: SetView<'red' | 'green'> }>();
        expectTypeOf(s.opt).toEqualTypeOf<number | null>();
        expectTypeOf(s.optRec).toEqualTypeOf<{ readonly b: boolean } | null>();
        // @ts-expect-error not a key
        void s.byEnum.blue;
        return true;
      },
      effect: (n) => {
        expectTypeOf(n.byEnum).toEqualTypeOf<{ red: number; green: number }>();
        expectTypeOf(n.rec.tags).toEqualTypeOf<SetDraft<'red' | 'green'>>();
        n.byEnum.red = 2;
        n.byBool.true = true;
        n.byInt[2] = 1;
        n.rec.n = 1;
        n.rec.tags.add('green');
        n.opt = 1;
        n.optRec = { b: true };
      },
    });
  });
  it('run time: every declared member reads and writes as typed', async () => {
    const seen: unknown[] = [];
    const m = model(vars)
      .action('write', {
        when: (s) => s.opt === null,
        effect: (n) => {
          n.byEnum.red = 2;
          n.byBool.true = true;
          n.byInt[2] = 1;
          n.rec.n = 1;
          n.rec.tags.add('green');
          n.opt = 1;
          n.optRec = { b: true };
        },
      })
      .action('look', {
        when: (s) => {
          if (s.opt !== null) seen.push(s.byEnum.red, s.byEnum.green, s.byBool.true, s.byInt[1], s.byInt[2], s.rec.n, s.rec.tags.has('green'), s.optRec?.b);
          return false;
        },
      })
      .checkDeadlock(false);
    expect(await distinct(m)).toBe(2);
    expect(seen).toEqual([2, 0, true, 0, 1, 1, true, true]);
  });
  it('run-time members of a record and an enum-keyed map are exactly the declared fields and keys (plus toJSON)', async () => {
    const seen: string[][] = [];
    const m = model(vars)
      .action('look', {
        when: (s) => {
          seen.push(members(s.rec), members(s.byEnum), Object.keys(s.rec), Object.keys(s.byEnum));
          return false;
        },
      })
      .checkDeadlock(false);
    await distinct(m);
    expect(seen).toEqual([
      ['n', 'tags', 'toJSON'],
      ['green', 'red', 'toJSON'],
      ['n', 'tags'],
      ['red', 'green'],
    ]);
  });
});
