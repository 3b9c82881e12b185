// `s.pc` is typed from the processes declared earlier in the chain, and parameters by their default's type: a
// misspelled label is a tsc error, not a silently false comparison.
import { describe, expect, expectTypeOf, it } from 'vitest';
import { bool, defineSpec, int, model, scalarset, type Id } from '../../spec/index.ts';

const T = scalarset('T', 2);
const [t0, t1] = [T.values[0]!, T.values[1]!];

describe('labels', () => {
  it("s.pc.<process> is the union of its labels plus 'done' (a map over the instances for a process over a domain)", () => {
    model({ x: int(0, 2) })
      .process('thread', T, {
        idle: {
          when: (s) => {
            expectTypeOf(s.pc.thread).toEqualTypeOf<{ readonly [k in Id<'T'>]: 'idle' | 'crit' | 'done' }>();
            return true;
          },
          next: 'crit',
        },
        crit: {
          effect: (n, { self }, ctx) => {
            expectTypeOf(ctx.prev.pc.thread[self]).toEqualTypeOf<'idle' | 'crit' | 'done'>();
            n.x = 1;
          },
          next: (n) => (n.x === 1 ? 'idle' : 'done'),
        },
      })
      .process('main', {
        go: {
          when: (s) => {
            expectTypeOf(s.pc.main).toEqualTypeOf<'go' | 'done'>();
            // @ts-expect-error misspelled label of another process
            return s.pc.thread[t0] === 'critcal';
          },
          next: 'done',
        },
      })
      .invariant('inv', (s) => {
        expectTypeOf(s.pc.main).toEqualTypeOf<'go' | 'done'>();
        // @ts-expect-error misspelled label
        return s.pc.thread[t0] !== 'critcal';
      })
      .cover('cov', (s) => s.pc.main === 'done')
      .actionInvariant('step', (prev, next) => prev.pc.main === 'go' || next.pc.main === 'done')
      .eventually('ev', (s) => s.pc.thread[t1] === 'crit')
      .leadsTo('lt', { t: T }, (s, { t }) => s.pc.thread[t] === 'idle', (s, { t }) => s.pc.thread[t] === 'crit')
      .terminal((s) => s.pc.main === 'done')
      // @ts-expect-error no process named 'nobody'
      .invariant('unknown', (s) => s.pc.nobody === 'x');
  });
  it('next labels are checked against the labels: a misspelled one, or a function returning one, fails tsc', () => {
    expect(() =>
      model({ x: int(0, 2) }).process('p', {
        a: { next: 'b' },
        // @ts-expect-error 'bb' is not a label of p
        b: { next: 'bb' },
      }),
    ).toThrow("process 'p', step 'b': next label 'bb' is not a step of this process");
    model({ x: int(0, 2) }).process('p', {
      a: { next: 'a' },
      // @ts-expect-error the function returns a label that does not exist
      b: { next: (n) => (n.x === 0 ? 'a' : 'c') },
    });
  });
  it('an action declared before the process does not see its pc', () => {
    model({ x: int(0, 2) })
      // @ts-expect-error the process is declared later in the chain
      .action('early', { when: (s) => s.pc.p === 'a' })
      .process('p', { a: { next: 'done' } });
  });
});

describe('parameters', () => {
  it('are typed by their default: a string param is a string, not its literal', () => {
    defineSpec({ name: 'p', params: { mode: 'fast', n: 2, on: true }, variants: ['a', 'b'] }, (params) => {
      expectTypeOf(params.mode).toEqualTypeOf<string>();
      expectTypeOf(params.n).toEqualTypeOf<number>();
      expectTypeOf(params.on).toEqualTypeOf<boolean>();
      expectTypeOf(params.variant).toEqualTypeOf<'a' | 'b'>();
      return model({ b: bool });
    });
  });
});
