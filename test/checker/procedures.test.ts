// Procedures: a procedure called from two places counts exactly like its hand-inlined twin and like
// the naive search; locals live in the frame (zero outside it); a call beyond the stack is an error
// with the trace; the types of `locals`, `call` and the pc follow the declarations.
import { describe, expect, expectTypeOf, it } from 'vitest';
import { bfs } from '../../checker/bfs.ts';
import { check } from '../../checker/check.ts';
import { compile } from '../../checker/compile.ts';
import type { CheckResult } from '../../checker/result.ts';
import { array, bool, enumOf, int, mapOf, model, xchg, type ModelBuilder } from '../../spec/index.ts';
import { cli } from '../cli/run.ts';
import { naiveSearch, type Verdict } from './naiveSearch.ts';

const T = int(0, 1);

const verdict = async (m: ModelBuilder<any, any, any>): Promise<Verdict> => {
  const r: CheckResult = await bfs(compile(m.build()));
  if (r.result === 'error') throw r.error;
  if (r.result === 'incomplete') throw new Error('incomplete');
  const base = { result: r.result, distinct: r.distinctStates, generated: r.generatedStates, depth: r.depth };
  return r.result === 'violation' ? { ...base, kind: r.violation.kind, length: r.violation.trace.length } : base;
};

/** Two cpus each take lock 0, then lock 1, through one `lock(l)` procedure: a test-and-set loop on `xchg`. */
function withProcedure(racy: boolean) {
  return model({ locked: array(bool, 2), inside: array(int(0, 2), 2) })
    .procedure('lock', { over: T, locals: { l: int(0, 1), seen: bool } }, {
      tas: {
        effect: (n, { locals }) => void (locals.seen = racy ? n.locked[locals.l]! : xchg(n.locked, locals.l, true)),
        next: (_n, { locals }) => (locals.seen && !racy ? 'tas' : 'return'),
      },
    })
    .process('cpu', T, {
      a: { call: 'lock', args: () => ({ l: 0 }), next: 'cs0' },
      cs0: { effect: (n) => void n.inside[0]!++, next: 'rel0' },
      rel0: {
        effect: (n) => {
          n.inside[0]!--;
          n.locked[0] = false;
        },
        next: 'b',
      },
      b: { call: 'lock', args: () => ({ l: 1 }), next: 'cs1' },
      cs1: { effect: (n) => void n.inside[1]!++, next: 'rel1' },
      rel1: {
        effect: (n) => {
          n.inside[1]!--;
          n.locked[1] = false;
        },
        next: 'done',
      },
    }, { stack: 1 })
    .invariant('mutualExclusion', (s) => s.inside[0]! <= 1 && s.inside[1]! <= 1);
}

/** The same, with the procedure copied into both call sites by hand (PlusCal without procedures). */
function inlined(racy: boolean) {
  // the loop on lock `l`; its local `seen` is zero outside the loop
  const tas = (l: 0 | 1, after: 'cs0' | 'cs1'): any => ({
    effect: (n: { locked: boolean[]; seen: { [k: number]: boolean } }, { self }: { self: number }): undefined => {
      const seen = racy ? n.locked[l]! : xchg(n.locked, l, true);
      n.seen[self] = seen && !racy;
    },
    next: (n: { seen: { readonly [k: number]: boolean } }, { self }: { self: number }): 'a_tas' | 'b_tas' | 'cs0' | 'cs1' => (n.seen[self] ? (l === 0 ? 'a_tas' : 'b_tas') : after),
  });
  return model({ locked: array(bool, 2), inside: array(int(0, 2), 2), seen: mapOf(T, bool) })
    .process('cpu', T, {
      a: { next: 'a_tas' },
      a_tas: tas(0, 'cs0'),
      cs0: { effect: (n) => void n.inside[0]!++, next: 'rel0' },
      rel0: {
        effect: (n) => {
          n.inside[0]!--;
          n.locked[0] = false;
        },
        next: 'b',
      },
      b: { next: 'b_tas' },
      b_tas: tas(1, 'cs1'),
      cs1: { effect: (n) => void n.inside[1]!++, next: 'rel1' },
      rel1: {
        effect: (n) => {
          n.inside[1]!--;
          n.locked[1] = false;
        },
        next: 'done',
      },
    })
    .invariant('mutualExclusion', (s) => s.inside[0]! <= 1 && s.inside[1]! <= 1);
}

interface Plain {
  locked: boolean[];
  inside: number[];
  seen: boolean[];
  pc: string[];
}
/** The twin's successor order: its labels as declared. */
const TWIN = ['a', 'a_tas', 'cs0', 'rel0', 'b', 'b_tas', 'cs1', 'rel1'];
/** The lowered procedure's: the process's own steps, then the procedure's step (`tas`, at either call site). */
const LOWERED = ['a', 'cs0', 'rel0', 'b', 'cs1', 'rel1', 'tas'];
/**
 * The naive search over the inlined program, in a given successor order (which decides the counts at a
 * violation, where the search stops; not the counts of a full search).
 */
function naive(racy: boolean, order = TWIN): Verdict {
  const init: Plain = { locked: [false, false], inside: [0, 0], seen: [false, false], pc: ['a', 'a'] };
  return naiveSearch<Plain>({
    init: [init],
    successors: (x) => {
      const out: Plain[] = [];
      for (const label of order) {
        for (let t = 0; t < 2; t++) {
          if (x.pc[t] !== label && !(label === 'tas' && x.pc[t]!.endsWith('_tas'))) continue;
          const y = structuredClone(x);
          const at = x.pc[t]!;
          const l = at[0] === 'a' || at.endsWith('0') ? 0 : 1;
          if (at === 'a' || at === 'b') y.pc[t] = `${at}_tas`;
          else if (at.endsWith('_tas')) {
            const seen = x.locked[l]!;
            if (!racy) y.locked[l] = true;
            const again = seen && !racy;
            y.seen[t] = again;
            y.pc[t] = again ? at : `cs${l}`;
          } else if (at.startsWith('cs')) {
            y.inside[l]!++;
            y.pc[t] = `rel${l}`;
          } else {
            y.inside[l]!--;
            y.locked[l] = false;
            y.pc[t] = l === 0 ? 'b' : 'done';
          }
          out.push(y);
        }
      }
      return out;
    },
    invariant: (x) => x.inside.every((i) => i <= 1),
    deadlock: false,
    key: (x) => JSON.stringify(x),
  });
}

describe('procedures', () => {
  it('a procedure called from two places counts like its hand-inlined twin and the naive search: 93 states', async () => {
    const expected = naive(false);
    expect(expected).toEqual({ result: 'ok', distinct: 93, generated: 165, depth: 17 });
    expect(await verdict(inlined(false))).toEqual(expected);
    expect(await verdict(withProcedure(false))).toEqual(expected);
    expect(naive(false, LOWERED)).toEqual(expected);
  });
  it('without the atomic exchange both cpus enter: the same violation and trace length as the twin, counts as the naive search', async () => {
    const expected = naive(true);
    expect(expected).toEqual({ result: 'violation', kind: 'invariant', length: 7, distinct: 22, generated: 32, depth: 7 });
    expect(await verdict(inlined(true))).toEqual(expected);
    expect(await verdict(withProcedure(true))).toEqual({ ...expected, distinct: 24, generated: 34 });
    expect(naive(true, LOWERED)).toEqual({ ...expected, distinct: 24, generated: 34 });
  });
});

/**
 * The naive search over calls.ts with both calls inlined: per cpu `first`, then for lock 0 and lock 1 in
 * turn the callee's `take`, the `tas` loop (its local `seen` zero outside it), `cs`, `release`, with
 * `second` between the two. Successors in the engine's order: the process's steps, then lock's, then critical's (as declared).
 */
function naiveNested(racy: boolean): Verdict {
  type S = { locked: boolean[]; inside: number[]; pc: string[]; seen: boolean[] };
  const seq = ['first', 'take0', 'tas0', 'cs0', 'release0', 'second', 'take1', 'tas1', 'cs1', 'release1', 'done'];
  const order = ['first', 'second', 'tas', 'take', 'cs', 'release'];
  return naiveSearch<S>({
    init: [{ locked: [false, false], inside: [0, 0], pc: ['first', 'first'], seen: [false, false] }],
    successors: (x) => {
      const out: S[] = [];
      for (const label of order) {
        for (let t = 0; t < 2; t++) {
          const at = x.pc[t]!;
          if (at.replace(/\d$/, '') !== label) continue;
          const l = at === 'first' ? 0 : at === 'second' ? 1 : Number(at.at(-1));
          const y = structuredClone(x);
          const next = seq[seq.indexOf(at) + 1]!;
          y.pc[t] = next;
          if (label === 'tas') {
            const seen = x.locked[l]!;
            if (!racy) y.locked[l] = true;
            y.seen[t] = seen && !racy;
            if (y.seen[t]) y.pc[t] = at;
          } else if (label === 'cs') y.inside[l]!++;
          else if (label === 'release') {
            y.inside[l]!--;
            y.locked[l] = false;
          }
          out.push(y);
        }
      }
      return out;
    },
    invariant: (x) => x.inside.every((i) => i <= 1),
    deadlock: false,
    key: (x) => JSON.stringify(x),
  });
}

const calls = 'test/checker/fixtures/calls.ts';

describe('nested calls (test/checker/fixtures/calls.ts)', () => {
  it('a procedure calling another, each from two places: 135 states, as the naive search of the inlined program counts', async () => {
    const expected = naiveNested(false);
    expect(expected).toEqual({ result: 'ok', distinct: 135, generated: 245, depth: 21 });
    const { result } = await check(calls, { variant: 'atomic', symmetry: false });
    expect(result.result === 'ok' ? { result: 'ok', distinct: result.distinctStates, generated: result.generatedStates, depth: result.depth } : result).toEqual(expected);
    // under symmetry (the call stacks are a map over the scalarset, permuted with it): 71 orbits, the symmetry test passes
    const reduced = (await check(calls, { variant: 'atomic' })).result;
    expect(reduced.result === 'ok' ? reduced.distinctStates : reduced).toBe(71);
  });
  it('the racy variant: both cpus enter, the trace shows each call stack as a backtrace', async () => {
    const expected = naiveNested(true);
    const { result } = await check(calls, { variant: 'racy', symmetry: false });
    if (result.result !== 'violation') throw new Error(result.result);
    expect({ result: 'violation', distinct: result.distinctStates, generated: result.generatedStates, depth: result.depth, kind: result.violation.kind, length: result.violation.trace.length }).toEqual(expected);
    const run = await cli('check', calls, '--variant', 'racy');
    expect(run.code).toBe(1);
    const lines = run.out.split('\n');
    expect(lines.slice(lines.indexOf('Counterexample, 9 states:'), lines.indexOf('Counterexample, 9 states:') + 16)).toEqual([
      'Counterexample, 9 states:',
      '1. initial state',
      '     locked = [false, false]',
      '     inside = [0, 0]',
      '     stack.cpu[Cpu0] = []',
      '     stack.cpu[Cpu1] = []',
      '     pc.cpu[Cpu0] = first',
      '     pc.cpu[Cpu1] = first',
      '2. cpu[Cpu0]: first   (test/checker/fixtures/calls.ts:27)',
      '     stack.cpu[Cpu0]: [] -> [critical(l=0) -> second]',
      '     pc.cpu[Cpu0]: first -> take',
      '3. cpu[Cpu1]: first   (test/checker/fixtures/calls.ts:27)',
      '     stack.cpu[Cpu1]: [] -> [critical(l=0) -> second]',
      '     pc.cpu[Cpu1]: first -> take',
      '4. cpu[Cpu0]: take   (test/checker/fixtures/calls.ts:16)',
      '     stack.cpu[Cpu0]: [critical(l=0) -> second] -> [lock(l=0, seen=false) -> cs, critical(l=0) -> second]',
    ]);
  });
  it('a call with every frame in use is an error with the trace and the stack it would need, not a hang', async () => {
    const run = await cli('check', calls, '--variant', 'shallow');
    expect(run.code).toBe(2);
    expect(run.err).toContain(
      "error[VALUE]: cpu[Cpu0]: action 'cpu.take': stack.cpu[Cpu0] = \"[lock -> cs, critical -> second]\" is outside its type a call stack of 1 frame: critical.take calls lock with every frame in use; raise .process(..., { stack }) or bound the recursion",
    );
    expect(run.err).toContain('     stack.cpu[Cpu0]: [critical(l=0) -> second] -> [lock -> cs, critical -> second]   outside its type a call stack of 1 frame');
    expect(run.err).not.toContain('    at ');
  });
});

describe('the types of procedures follow the declarations', () => {
  it('locals, self, call targets, call arguments and the pc', async () => {
    const Mode = enumOf('idle', 'busy');
    const seen: string[][] = [];
    const m = model({ x: int(0, 3) })
      .procedure('get', { over: int(0, 1), locals: { tries: int(0, 2), mode: Mode } }, {
        try: {
          when: (_s, { self, locals }) => {
            expectTypeOf(self).toEqualTypeOf<number>();
            expectTypeOf(locals.tries).toEqualTypeOf<number>();
            expectTypeOf(locals.mode).toEqualTypeOf<'idle' | 'busy'>();
            // a guard reads the frame: its locals are read-only, in the types and at run time
            expectTypeOf(locals).toEqualTypeOf<{ readonly tries: number; readonly mode: 'idle' | 'busy' }>();
            expect(() => {
              // @ts-expect-error read-only in a guard
              locals.tries = 2;
            }).toThrow(/cannot write/);
            return true;
          },
          effect: (n, { locals }) => {
            expectTypeOf(locals).toEqualTypeOf<{ tries: number; mode: 'idle' | 'busy' }>();
            seen.push(Object.keys(locals));
            locals.tries++;
            n.x = locals.tries;
          },
          next: 'return',
        },
      })
      .procedure('outer', { over: int(0, 1) }, {
        enter: { call: 'get', args: () => ({ tries: 1 }), next: 'leave' },
        leave: { next: 'return' },
      })
      .process('p', int(0, 1), {
        start: { call: 'outer', next: 'end' },
        end: { next: 'done' },
      }, { stack: 2 })
      .invariant('pcs', (s) => {
        expectTypeOf(s.pc.p[0]!).toEqualTypeOf<'start' | 'end' | 'try' | 'enter' | 'leave' | 'done'>();
        return true;
      });
    // type tests only (the builder refuses each at run time too)
    const q = () => model({}).procedure('q', { locals: { k: int(0, 1) } }, { s: { next: 'return' } });
    // @ts-expect-error a procedure step goes to one of its labels or 'return', not 'done'
    void (() => model({}).procedure('r', {}, { s: { next: 'done' } }));
    // @ts-expect-error no procedure 'nope' is declared
    void (() => q().process('r', { a: { call: 'nope', next: 'done' } }, { stack: 1 }));
    // @ts-expect-error a call's args are the callee's locals, with their types
    void (() => q().process('r', { a: { call: 'q', args: () => ({ k: 'one' }), next: 'done' } }, { stack: 1 }));
    const r = await bfs(compile(m.build()));
    if (r.result === 'error') throw r.error;
    expect(seen[0]).toEqual(['tries', 'mode']);
  });
});
