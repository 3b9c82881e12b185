// Procedures: a procedure called from two places counts exactly like its hand-inlined twin and like
// the naive search; locals live in the frame (zero outside it); a call beyond the stack is an error
// with the trace; the types of `locals`, `call` and the pc follow the declarations.
import { describe, expect, expectTypeOf, it } from 'vitest';
import { bfs } from '../../checker/bfs.ts';
import { compile } from '../../checker/compile.ts';
import type { CheckResult } from '../../checker/result.ts';
import { array, bool, int, mapOf, model, xchg, type ModelBuilder } from '../../spec/index.ts';
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
