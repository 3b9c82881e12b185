// The fast paths of sequence views (checker/views.ts): generated code for sequences of records, a read
// view's array kept while its slots are unchanged, a draft's array handed out again when the last run
// wrote it back unchanged in its objects; and whole assignments of records and options of records, which
// land and refresh only the collections they overlap. Counts against the naive reference search, and the
// cases where reuse would be wrong: objects user code pushed (its own constants), an effect skipped after
// changing a channel, a record holding a sequence assigned as a whole after the sequence was changed.
import { describe, expect, it } from 'vitest';
import { bfs } from '../../checker/bfs.ts';
import { compile } from '../../checker/compile.ts';
import { enumOf, int, mapOf, model, option, record, seq, type ModelBuilder } from '../../spec/index.ts';
import { naiveSearch } from './naiveSearch.ts';

const check = async (m: ModelBuilder<any, any>) => {
  const r = await bfs(compile(m.build()));
  if (r.result === 'error') throw r.error;
  return { result: r.result, distinct: r.distinctStates, generated: r.generatedStates };
};

type Msg = { k: 'a' | 'b'; v: number };
type Chans = Msg[][];
const key = (x: unknown) => JSON.stringify(x);

describe('channels as seq(record)', () => {
  // two channels of capacity 2; every step of the engine's spec is mirrored on plain values below
  const CONST: Msg = { k: 'a', v: 0 };
  const Message = record({ k: enumOf('a', 'b'), v: int(0, 2) });
  let guardSaw = '';
  const mismatches: string[] = [];
  // the draft starts as the state the guard saw, also after a run that was skipped or handed out its arrays
  const saw = (s: { ch: unknown }) => ((guardSaw = key(s.ch)), true);
  const same = (n: { ch: unknown }) => void (key(n.ch) !== guardSaw && mismatches.push(`${key(n.ch)} for ${guardSaw}`));
  const spec = () =>
    model({ ch: mapOf(int(0, 1), seq(Message, 2)) })
      .action('send', { i: int(0, 1) }, {
        when: (s, { i }) => saw(s) && s.ch[i]!.length < 2,
        // the same object every time: the engine must never write into it
        effect: (n, { i }) => {
          same(n);
          n.ch[i]!.push(CONST);
        },
      })
      .action('bump', { i: int(0, 1) }, {
        when: (s, { i }) => saw(s) && s.ch[i]!.length > 0 && s.ch[i]![0]!.v < 2,
        effect: (n, { i }, ctx) => {
          same(n);
          n.ch[i]![0]!.v += 1;
          // skipped after an element write that keeps the length
          if (n.ch[i]![0]!.v === 2 && n.ch[1 - i]!.length === 0) ctx.skip();
        },
      })
      .action('recv', { i: int(0, 1) }, {
        when: (s, { i }) => saw(s) && s.ch[i]!.length > 0,
        effect: (n, { i }, ctx) => {
          same(n);
          const m = n.ch[i]!.shift()!;
          // skipped after the shift: the changed channel must not leak into the next run
          if (m.k === 'a' && n.ch[1 - i]!.length === 2) return ctx.skip();
          if (m.k === 'a') n.ch[1 - i]!.push({ k: 'b', v: m.v });
        },
      })
      .action('replaceHead', {
        when: (s) => saw(s) && s.ch[0]!.length === 2,
        effect: (n) => {
          same(n);
          n.ch[0]!.splice(0, 1, { k: 'b', v: 2 });
          n.ch[1]!.pop();
        },
      })
      .action('clear', { i: int(0, 1) }, {
        when: (s, { i }) => saw(s) && s.ch[i]!.length === 2 && s.ch[i]![1]!.k === 'b',
        effect: (n, { i }) => {
          same(n);
          n.ch[i]!.clear();
        },
      })
      .checkDeadlock(false);
  const successors = (x: Chans): Chans[] => {
    const out: Chans[] = [];
    const copy = (): Chans => x.map((q) => q.map((m) => ({ ...m })));
    for (const i of [0, 1]) if (x[i]!.length < 2) out.push(((c) => (c[i]!.push({ ...CONST }), c))(copy()));
    for (const i of [0, 1]) if (x[i]!.length > 0 && x[i]![0]!.v < 2 && !(x[i]![0]!.v === 1 && x[1 - i]!.length === 0)) out.push(((c) => (c[i]![0]!.v += 1, c))(copy()));
    for (const i of [0, 1]) {
      if (x[i]!.length === 0) continue;
      const c = copy();
      const m = c[i]!.shift()!;
      if (m.k === 'a' && c[1 - i]!.length === 2) continue;
      if (m.k === 'a') c[1 - i]!.push({ k: 'b', v: m.v });
      out.push(c);
    }
    if (x[0]!.length === 2) {
      const c = copy();
      c[0]!.splice(0, 1, { k: 'b', v: 2 });
      c[1]!.pop();
      out.push(c);
    }
    for (const i of [0, 1]) if (x[i]!.length === 2 && x[i]![1]!.k === 'b') out.push(((c) => ((c[i]!.length = 0), c))(copy()));
    return out;
  };
  it('count as the naive search does, and leave the pushed constant alone', async () => {
    const naive = naiveSearch<Chans>({ init: [[[], []]], successors, invariant: () => true, deadlock: false, key });
    const r = await check(spec());
    expect(r).toEqual({ result: 'ok', distinct: naive.distinct, generated: naive.generated });
    expect(naive.distinct).toBe(637);
    expect(CONST).toEqual({ k: 'a', v: 0 });
    expect(mismatches).toEqual([]);
  });
  it('a read view holds snapshots: arrays and elements seen in earlier states keep their values', async () => {
    const seen: { q: readonly Msg[]; was: string }[] = [];
    const m = spec().invariant('look', (s) => {
      seen.push({ q: s.ch[0]!, was: key(s.ch[0]) });
      return true;
    });
    await check(m);
    expect(seen.length).toBeGreaterThan(100);
    for (const x of seen) {
      expect(key(x.q)).toBe(x.was);
      expect(Object.isFrozen(x.q)).toBe(true);
      for (const e of x.q) expect(Object.isFrozen(e)).toBe(true);
    }
  });
});

describe('a record holding a sequence, assigned as a whole', () => {
  it('after the sequence was read or changed in the same effect: the assignment wins, in this and later runs', async () => {
    let guardSaw = '';
    const mismatches: string[] = [];
    const m = model({ r: mapOf(int(0, 1), record({ q: seq(int(0, 2), 2), n: int(0, 3) })) })
      .action('replace', { i: int(0, 1) }, {
        // reads the sequence (its draft is handed out), then replaces the record holding it
        when: (s, { i }) => s.r[i]!.n < 3,
        effect: (n, { i }) => {
          // the types refuse a plain array where a SeqDraft is; the run time takes the record whole
          if (n.r[i]!.q.length < 2) (n.r as any)[i] = { q: [2], n: n.r[i]!.n + 1 };
        },
      })
      .action('push', { i: int(0, 1) }, {
        when: (s, { i }) => ((guardSaw = key(s.r[i]!.q)), s.r[i]!.q.length < 2),
        effect: (n, { i }) => {
          // the draft starts as the state the guard saw
          if (key(n.r[i]!.q) !== guardSaw) mismatches.push(`${key(n.r[i]!.q)} for ${guardSaw}`);
          n.r[i]!.q.push(1);
        },
      })
      .action('reset', { i: int(0, 1) }, {
        when: (s, { i }) => s.r[i]!.n < 3 && s.r[i]!.q.length === 1,
        effect: (n, { i }) => {
          n.r[i]!.q.push(0);
          (n.r as any)[i] = { q: [2], n: n.r[i]!.n + 1 };
        },
      })
      .checkDeadlock(false);
    type R = { q: number[]; n: number }[];
    const naive = naiveSearch<R>({
      init: [[{ q: [], n: 0 }, { q: [], n: 0 }]],
      successors: (x) => {
        const out: R[] = [];
        const copy = (): R => x.map((e) => ({ q: [...e.q], n: e.n }));
        for (const i of [0, 1]) if (x[i]!.n < 3) out.push(((c) => (c[i]!.q.length < 2 && (c[i] = { q: [2], n: c[i]!.n + 1 }), c))(copy()));
        for (const i of [0, 1]) if (x[i]!.q.length < 2) out.push(((c) => (c[i]!.q.push(1), c))(copy()));
        for (const i of [0, 1]) if (x[i]!.n < 3 && x[i]!.q.length === 1) out.push(((c) => ((c[i] = { q: [2], n: c[i]!.n + 1 }), c))(copy()));
        return out;
      },
      invariant: () => true,
      deadlock: false,
      key,
    });
    expect(await check(m)).toEqual({ result: 'ok', distinct: naive.distinct, generated: naive.generated });
    expect(mismatches).toEqual([]);
  });
});

describe('a chain of states (each the next one expanded): the draft of the last run is handed out again', () => {
  it('never holding an object user code pushed: its own constant stays as it was', async () => {
    const CONST = { k: 'a' as const, v: 0 };
    const m = model({ c: int(0, 3), q: seq(record({ k: enumOf('a', 'b'), v: int(0, 3) }), 1) })
      .init((s) => void s.q.push({ k: 'b', v: 0 }))
      .action('step', {
        when: (s) => s.c < 3,
        effect: (n) => {
          // replaces an element the view built by the user's own object, which the next run must not be handed
          if (n.c === 0) n.q[0] = CONST;
          else n.q[0]!.v += 1;
          n.c += 1;
        },
      })
      .checkDeadlock(false);
    expect(await check(m)).toEqual({ result: 'ok', distinct: 4, generated: 4 });
    expect(CONST).toEqual({ k: 'a', v: 0 });
  });
});

describe('whole assignments of a record or an option of one, with collection writes pending around them', () => {
  const Cur = record({ pid: int(0, 2), st: enumOf('a', 'b') });
  const vars = {
    cur: option(Cur),
    q: seq(int(0, 2), 2),
    m: mapOf(int(0, 1), record({ r: option(record({ x: int(0, 2) })), q: seq(int(0, 1), 1) })),
    w: record({ q: seq(int(0, 1), 1), k: int(0, 2) }),
  };
  type St = { cur: { pid: number; st: 'a' | 'b' } | null; q: number[]; m: { r: { x: number } | null; q: number[] }[]; w: { q: number[]; k: number } };
  it('count as the naive search does: pending writes elsewhere land at flush, those inside land before', async () => {
    const m = model(vars)
      .action('start', {
        when: (s) => s.cur === null && s.q.length < 2,
        effect: (n) => {
          n.q.push(1); // pending while cur is assigned
          n.cur = { pid: n.q.length, st: 'a' };
          if (n.q.length < 2) n.q.push(2);
        },
      })
      .action('stop', {
        when: (s) => s.cur !== null,
        effect: (n) => {
          n.q.shift();
          n.cur = null;
        },
      })
      .action('flip', { i: int(0, 1) }, {
        when: (s, { i }) => s.m[i]!.q.length === 0 || s.m[i]!.r !== null,
        effect: (n, { i }) => {
          // a collection of composites around the assignment: every collection lands first
          if (n.m[i]!.q.length === 0) n.m[i]!.q.push(1);
          else n.m[i]!.q[0] = 0;
          n.m[i]!.r = n.m[i]!.r === null ? { x: n.q.length } : null;
        },
      })
      .action('swap', {
        when: (s) => s.m[0]!.q.length === 1 && s.m[0]!.r === null,
        effect: (n) => {
          // through a view kept from before the element was replaced: the replacement lands first
          // (emptying the sequence inside it, which this run had handed out), then the write
          const old = n.m[0]!;
          if (old.q.length === 1) (n.m as any)[0] = { r: null, q: [] };
          old.r = { x: 2 };
        },
      })
      .action('renew', {
        when: (s) => s.w.k < 2,
        effect: (n) => {
          // the sequence inside is changed, then the record holding it assigned: the assignment wins
          if (n.w.q.length === 0) n.w.q.push(1);
          (n as any).w = { q: [0], k: n.w.k + 1 };
        },
      })
      .invariant('renewed', (s) => s.w.q.length === 0 || s.w.q[0] === 0)
      .checkDeadlock(false);
    const naive = naiveSearch<St>({
      init: [{ cur: null, q: [], m: [{ r: null, q: [] }, { r: null, q: [] }], w: { q: [], k: 0 } }],
      successors: (x) => {
        const out: St[] = [];
        const copy = (): St => JSON.parse(JSON.stringify(x)) as St;
        if (x.cur === null && x.q.length < 2) {
          const c = copy();
          c.q.push(1);
          c.cur = { pid: c.q.length, st: 'a' };
          if (c.q.length < 2) c.q.push(2);
          out.push(c);
        }
        if (x.cur !== null) {
          const c = copy();
          c.q.shift();
          c.cur = null;
          out.push(c);
        }
        for (const i of [0, 1]) {
          if (!(x.m[i]!.q.length === 0 || x.m[i]!.r !== null)) continue;
          const c = copy();
          if (c.m[i]!.q.length === 0) c.m[i]!.q.push(1);
          else c.m[i]!.q[0] = 0;
          c.m[i]!.r = c.m[i]!.r === null ? { x: c.q.length } : null;
          out.push(c);
        }
        if (x.m[0]!.q.length === 1 && x.m[0]!.r === null) {
          const c = copy();
          c.m[0] = { r: { x: 2 }, q: [] };
          out.push(c);
        }
        if (x.w.k < 2) out.push({ ...copy(), w: { q: [0], k: x.w.k + 1 } });
        return out;
      },
      invariant: (x) => x.w.q.length === 0 || x.w.q[0] === 0,
      deadlock: false,
      key,
    });
    expect(await check(m)).toEqual({ result: 'ok', distinct: naive.distinct, generated: naive.generated });
  });
  const errorOf = async (effect: (n: any) => void) => {
    const r = await bfs(compile(model(vars).action('bad', { effect }).build()));
    return r.result === 'error' ? `${r.error.code}: ${r.error.message}` : r.result;
  };
  it('a value outside the type fails with the path, as writeValue words it', async () => {
    expect(await errorOf((n) => void (n.cur = { pid: 3, st: 'a' }))).toBe("VALUE: action 'bad': cur.pid = 3 is outside its type int(0..2)");
    expect(await errorOf((n) => void (n.cur = { pid: 1, st: 'a', extra: 1 }))).toBe("VALUE: action 'bad': cur.extra = 1 is outside its type no such field");
    expect(await errorOf((n) => void (n.cur = { pid: 1 }))).toBe("VALUE: action 'bad': cur.st = undefined is outside its type a value (the field is missing)");
    expect(await errorOf((n) => void (n.cur = 7))).toBe("VALUE: action 'bad': cur = 7 is outside its type { pid: int(0..2), st: enum(a|b) }");
    expect(await errorOf((n) => void (n.cur = { pid: 1, st: 'c' }))).toBe('VALUE: action \'bad\': cur.st = "c" is outside its type enum(a|b)');
    expect(await errorOf((n) => void (n.m[0].r = { x: 9 }))).toBe("VALUE: action 'bad': m[0].r.x = 9 is outside its type int(0..2)");
  });
});
