// Atomics and value equality: what they return (types and run time agree), and two models checked
// against the naive reference search: a cmpxchg retry loop on a record and a ticket lock on fetchAdd.
import { describe, expect, expectTypeOf, it } from 'vitest';
import { bfs } from '../../checker/bfs.ts';
import { compile } from '../../checker/compile.ts';
import type { CheckResult } from '../../checker/result.ts';
import {
  array,
  atomicRead,
  atomicSet,
  bool,
  cmpxchg,
  eq,
  fetchAdd,
  fetchAnd,
  fetchOr,
  int,
  mapOf,
  model,
  option,
  record,
  setOf,
  snapshot,
  xchg,
  type ModelBuilder,
} from '../../spec/index.ts';
import { naiveSearch, type Verdict } from '../checker/naiveSearch.ts';

const verdict = async (m: ModelBuilder<any, any>): Promise<Verdict> => {
  const r: CheckResult = await bfs(compile(m.build()));
  if (r.result === 'error') throw r.error;
  if (r.result === 'incomplete') throw new Error('incomplete');
  const base = { result: r.result, distinct: r.distinctStates, generated: r.generatedStates, depth: r.depth };
  return r.result === 'violation' ? { ...base, kind: r.violation.kind, length: r.violation.trace.length } : base;
};

// ---- the cmpxchg retry loop: `do { old = READ_ONCE(v); } while (cmpxchg(&v, old, new(old)) != old)` ----

const Word = (threads: number) => record({ count: int(0, threads), last: option(int(0, threads - 1)) });

function casLoop(threads: number, racy: boolean) {
  const T = int(0, threads - 1);
  return model({ v: Word(threads), seen: mapOf(T, Word(threads)) })
    .process('inc', T, {
      read: { effect: (n, { self }) => void (n.seen[self] = atomicRead(n, 'v')), next: 'cas' },
      cas: {
        effect: (n, { self }) => {
          const old = n.seen[self];
          if (racy) n.v = { count: old.count + 1, last: self };
          else cmpxchg(n, 'v', old, { count: old.count + 1, last: self });
        },
        // the loop's exit test, on the value cmpxchg found
        next: (_n, { self }, prev) => (racy || eq(prev.v, prev.seen[self]) ? 'done' : 'read'),
      },
    })
    .invariant('noLostUpdate', (s) => T.values.some((t) => s.pc.inc[t] !== 'done') || s.v.count === threads);
}

interface CasState {
  v: { count: number; last: number | null };
  seen: { count: number; last: number | null }[];
  pc: ('read' | 'cas' | 'done')[];
}
function naiveCasLoop(threads: number, racy: boolean): Verdict {
  const init: CasState = { v: { count: 0, last: null }, seen: Array.from({ length: threads }, () => ({ count: 0, last: null })), pc: Array(threads).fill('read') };
  return naiveSearch<CasState>({
    init: [init],
    successors: (x) => {
      const out: CasState[] = [];
      for (let t = 0; t < threads; t++) {
        if (x.pc[t] !== 'read') continue;
        const y = structuredClone(x);
        y.seen[t] = { ...x.v };
        y.pc[t] = 'cas';
        out.push(y);
      }
      for (let t = 0; t < threads; t++) {
        if (x.pc[t] !== 'cas') continue;
        const y = structuredClone(x);
        const old = x.seen[t]!;
        const same = x.v.count === old.count && x.v.last === old.last;
        if (racy || same) y.v = { count: old.count + 1, last: t };
        y.pc[t] = racy || same ? 'done' : 'read';
        out.push(y);
      }
      return out;
    },
    invariant: (x) => x.pc.some((p) => p !== 'done') || x.v.count === threads,
    deadlock: false, // every process done is no deadlock; nothing else stops
    key: (x) => JSON.stringify(x),
  });
}

// ---- a ticket lock: `ticket = atomic_fetch_add(&next, 1); while (READ_ONCE(owner) != ticket); ...; owner++` ----

function ticketLock(threads: number) {
  const T = int(0, threads - 1);
  return model({ next: int(0, threads), owner: int(0, threads), ticket: mapOf(T, int(0, threads)), inside: int(0, threads), flags: int(0, 3), busy: bool })
    .process('cpu', T, {
      take: { effect: (n, { self }) => void (n.ticket[self] = fetchAdd(n, 'next', 1)), next: 'spin' },
      spin: { when: (s, { self }) => atomicRead(s, 'owner') === s.ticket[self], effect: () => {}, next: 'enter' },
      enter: {
        effect: (n) => {
          n.inside++;
          fetchOr(n, 'flags', 1);
          xchg(n, 'busy', true);
        },
        next: 'leave',
      },
      leave: {
        effect: (n) => {
          n.inside--;
          fetchAnd(n, 'flags', 2);
          atomicSet(n, 'busy', false);
          fetchAdd(n, 'owner', 1);
        },
        next: 'done',
      },
    })
    .invariant('mutualExclusion', (s) => s.inside <= 1 && (s.inside === 1) === s.busy && (s.flags === 1) === s.busy);
}

interface TicketState {
  next: number;
  owner: number;
  ticket: number[];
  inside: number;
  pc: string[];
}
function naiveTicketLock(threads: number): Verdict {
  const init: TicketState = { next: 0, owner: 0, ticket: Array(threads).fill(0), inside: 0, pc: Array(threads).fill('take') };
  const step = (x: TicketState, t: number): TicketState | null => {
    const y = structuredClone(x);
    switch (x.pc[t]) {
      case 'take':
        y.ticket[t] = y.next++;
        y.pc[t] = 'spin';
        return y;
      case 'spin':
        if (x.owner !== x.ticket[t]) return null;
        y.pc[t] = 'enter';
        return y;
      case 'enter':
        y.inside++;
        y.pc[t] = 'leave';
        return y;
      case 'leave':
        y.inside--;
        y.owner++;
        y.pc[t] = 'done';
        return y;
    }
    return null;
  };
  return naiveSearch<TicketState>({
    init: [init],
    successors: (x) => {
      const out: TicketState[] = [];
      for (let t = 0; t < threads; t++) {
        const y = step(x, t);
        if (y) out.push(y);
      }
      return out;
    },
    invariant: (x) => x.inside <= 1,
    deadlock: false, // only the end (every cpu done) has no successor
    key: (x) => JSON.stringify(x),
  });
}

describe('atomics in models, against the naive search', () => {
  it('a cmpxchg retry loop on a record loses no update: 3 threads, 71 states, as the naive search counts', async () => {
    const naive = naiveCasLoop(3, false);
    expect(naive).toEqual({ result: 'ok', distinct: 71, generated: 109, depth: 7 });
    expect(await verdict(casLoop(3, false))).toEqual(naive);
    expect(await verdict(casLoop(2, false))).toEqual(naiveCasLoop(2, false));
  });
  it('the same loop with a plain write instead of cmpxchg loses an update in 5 states', async () => {
    const naive = naiveCasLoop(2, true);
    expect(naive).toMatchObject({ result: 'violation', kind: 'invariant', length: 5 });
    expect(await verdict(casLoop(2, true))).toEqual(naive);
  });
  it('a ticket lock on fetchAdd is mutually exclusive: 3 cpus, 115 states as the naive search counts', async () => {
    const naive = naiveTicketLock(3);
    expect(naive).toEqual({ result: 'ok', distinct: 115, generated: 169, depth: 13 });
    expect(await verdict(ticketLock(3))).toEqual(naive);
  });
});

describe('what atomics return', () => {
  it('the old value: a frozen plain copy for a record (not a view), a number or bool for a leaf; types agree', async () => {
    const seen: unknown[] = [];
    const m = model({ v: record({ a: int(0, 3), b: option(bool) }), xs: array(int(0, 7), 2), k: int(0, 7), f: bool, s: setOf(int(0, 1)) }).action('go', {
      when: (s) => s.k === 0,
      effect: (n) => {
        const r0 = atomicRead(n, 'v');
        expectTypeOf(r0).toEqualTypeOf<{ readonly a: number; readonly b: boolean | null }>();
        const r1 = cmpxchg(n, 'v', { a: 0, b: null }, { a: 2, b: true });
        expectTypeOf(r1).toEqualTypeOf<{ readonly a: number; readonly b: boolean | null }>();
        const r2 = cmpxchg(n, 'v', { a: 0, b: null }, { a: 3, b: false }); // fails: v is { a: 2, b: true }
        const r3 = xchg(n, 'xs', [5, 6]);
        expectTypeOf(r3).toEqualTypeOf<ReadonlyArray<number>>();
        const r4 = fetchAdd(n, 'k', 3);
        expectTypeOf(r4).toEqualTypeOf<number>();
        const r5 = fetchOr(n, 'k', 4);
        const r6 = fetchAnd(n, 'k', 6);
        const r7 = fetchOr(n, 'f', true);
        expectTypeOf(r7).toEqualTypeOf<boolean>();
        const r8 = cmpxchg(n.xs, 0, 5, 1);
        expectTypeOf(r8).toEqualTypeOf<number>();
        // @ts-expect-error sets have no atomics
        expect(() => atomicRead(n, 's')).toThrow(/an atomic on a set/);
        // @ts-expect-error fetchAdd takes an int location (type test only: never called)
        const bad = () => fetchAdd(n, 'v', 1);
        void bad;
        n.v = { a: 0, b: null };
        seen.push(r0, r1, r2, r3, r4, r5, r6, r7, r8, Object.isFrozen(r1), Object.keys(r1), snapshot(n.v), eq(n.v, { a: 0, b: null }), eq(n.xs, [1, 6]));
      },
    }).checkDeadlock(false);
    const r = await bfs(compile(m.build()));
    expect(r.result).toBe('ok');
    expect(seen.slice(0, 14)).toEqual([
      { a: 0, b: null },
      { a: 0, b: null },
      { a: 2, b: true },
      [0, 0],
      0,
      3,
      7,
      false,
      5,
      true,
      ['a', 'b'],
      { a: 0, b: null },
      true,
      true,
    ]);
  });
  it('eq compares views, drafts, snapshots and plain values by value', async () => {
    const out: boolean[] = [];
    const m = model({ a: record({ x: int(0, 1), y: array(bool, 2) }), b: record({ x: int(0, 1), y: array(bool, 2) }), s: setOf(int(0, 2)), t: setOf(int(0, 2)) })
      .init((n) => {
        n.a.y[1] = true;
        n.b.y[1] = true;
        n.s.add(2);
        n.t.add(2);
      })
      .action('go', {
        when: (s) => {
          out.push(eq(s.a, s.b), eq(s.s, s.t), eq(s.a, { x: 0, y: [false, true] }), eq(s.a, { x: 1, y: [false, true] }), eq(snapshot(s.a), s.b));
          return false;
        },
      })
      .checkDeadlock(false);
    await bfs(compile(m.build()));
    expect(out).toEqual([true, true, true, false, true]);
  });
});
