// Disagreements between compiled and interpreted runs that the differential test (differential.test.ts) found,
// each reduced to a small spec: the compiled run must equal the interpreted one, and the compiler must
// have compiled the action (else the test would pass by falling back to the views).
import { describe, expect, it } from 'vitest';
import { bfs } from '../../checker/bfs.ts';
import { codeFor, interpretOnly } from '../../checker/compiler/index.ts';
import { instantiate } from '../../checker/loadSpec.ts';
import type { CheckResult } from '../../checker/result.ts';
import { array, bool, defineSpec, int, mapOf, model, option, record, seq, type Spec } from '../../spec/index.ts';

function summary(r: CheckResult): unknown {
  if (r.result === 'error') return { result: 'error', code: r.error.code, message: r.error.message };
  const base = { result: r.result, distinct: r.distinctStates, generated: r.generatedStates, depth: r.depth };
  return JSON.parse(JSON.stringify(r.result === 'violation' ? { ...base, property: r.violation.property, trace: r.violation.trace.map((t) => [t.action, t.state]) } : base));
}

/**
 * Runs the spec compiled and interpreted; returns the compiled run's summary after checking they agree.
 * `reason`: the action is expected to fall back to the views, for this reason.
 */
async function agree(spec: Spec, reason?: string): Promise<unknown> {
  const compiled = instantiate(spec, 'bug.ts').model;
  const interpreted = instantiate(spec, 'bug.ts').model;
  interpretOnly(interpreted);
  const report = codeFor(compiled).report.actions;
  // the reason, then where in the code (` at `...``)
  if (reason) expect(report.filter((a) => !a.compiled).map((a) => a.reason?.replace(/ at `.*`$/, ''))).toEqual([reason]);
  else expect(report.filter((a) => !a.compiled)).toEqual([]);
  const a = summary(await bfs(compiled));
  expect(a).toEqual(summary(await bfs(interpreted)));
  return a;
}

describe('compiled code agrees with the views', () => {
  it('an option of a record assigned a literal that reads the option: the literal is evaluated before the option is present', async () => {
    // seed 1249844599 of the differential test: `n.or = { x: 3, y: !(n.or !== null ? n.or.y : true) }` with
    // `or` null wrote y = true (the option was marked present before y was computed, so y read the new record)
    const spec = defineSpec({ name: 'optionLiteral' }, () =>
      model({ or: option(record({ x: int(3, 4), y: bool })) })
        .action('set', {
          when: (s) => s.or === null,
          effect: (n) => {
            n.or = { x: 3, y: n.or === null };
          },
        })
        .invariant('yIsTrue', (s) => s.or === null || s.or.y)
        .checkDeadlock(false),
    );
    expect(await agree(spec)).toEqual({ result: 'ok', distinct: 2, generated: 2, depth: 2 });
  });

  it('a record of a map or array held in a variable keeps the key it was read with', async () => {
    // `const e = n.a[n.j]; n.j = 1 - n.j; e.c = 2`: the compiled code computed e's slot when e was used, with
    // the new j, and wrote the other entry (found by hand while widening the differential test's generator)
    const spec = defineSpec({ name: 'aliasKey' }, () =>
      model({ a: array(record({ c: int(0, 2) }), 2), m: mapOf(int(0, 1), record({ c: int(0, 2) })), j: int(0, 1) })
        .action('viaArray', {
          when: (s) => s.a[0].c === 0 && s.a[1].c === 0,
          effect: (n) => {
            const e = n.a[n.j];
            n.j = 1 - n.j;
            e.c = 2;
          },
        })
        .action('viaMap', {
          when: (s) => s.m[0].c === 0 && s.m[1].c === 0,
          effect: (n) => {
            const e = n.m[n.j];
            n.j = 1;
            e.c = 1;
          },
        })
        .invariant('entry0', (s) => s.a[1].c === 0 && s.m[1].c === 0)
        .checkDeadlock(false),
    );
    expect(await agree(spec)).toMatchObject({ result: 'violation', property: 'entry0', depth: 3 });
  });

  it('an element of a sequence held in a variable across a shift keeps the element (the action runs through the views)', async () => {
    // `const m = n.q[0]; n.q.shift(); n.j = m.t` read the new first element's slots: the views give the
    // removed element, as JavaScript would
    const spec = defineSpec({ name: 'aliasShift' }, () =>
      model({ q: seq(record({ t: int(0, 3) }), 2), j: int(0, 3) })
        .init((s) => {
          s.q.push({ t: 1 });
          s.q.push({ t: 2 });
        })
        .action('take', {
          when: (s) => s.j === 0,
          effect: (n) => {
            const m = n.q[0]!;
            n.q.shift();
            n.j = m.t;
          },
        })
        .invariant('tookTwo', (s) => s.j !== 2)
        .checkDeadlock(false),
    );
    expect(await agree(spec, 'its effect uses q[0], held in a variable, after an assignment or a sequence change replaced it')).toEqual({ result: 'ok', distinct: 2, generated: 2, depth: 2 });
  });

  it('an element of an array held in a variable and then assigned whole keeps its old values (the action runs through the views)', async () => {
    const spec = defineSpec({ name: 'aliasReplaced' }, () =>
      model({ a: array(record({ c: int(0, 3) }), 2), j: int(0, 3) })
        .init((s) => {
          s.a[0].c = 1;
        })
        .action('replace', {
          when: (s) => s.a[0].c === 1,
          effect: (n) => {
            const e = n.a[0];
            n.a[0] = { c: 3 };
            n.j = e.c;
          },
        })
        .invariant('readNew', (s) => s.j !== 3)
        .checkDeadlock(false),
    );
    expect(await agree(spec, 'its effect uses a[0], held in a variable, after an assignment or a sequence change replaced it')).toEqual({ result: 'ok', distinct: 2, generated: 2, depth: 2 });
  });

  it('ctx.choose on the right of && or ||, or in a branch of ?:, runs only when JavaScript evaluates it', async () => {
    // `if (n.b && ctx.choose([true, false]))` chose also where n.b is false (the choice was hoisted out of
    // the condition): the same states, but more successors generated (found by hand, probing the compiler)
    const spec = defineSpec({ name: 'chooseShortCircuit' }, () =>
      model({ b: bool, j: int(0, 3) })
        .action('and', {
          effect: (n, _a, ctx) => {
            if (n.b && ctx.choose([true, false])) n.j = 1;
            else n.j = ctx.choose([2, 3]);
            n.b = !n.b;
          },
        })
        .action('ternary', {
          effect: (n, _a, ctx) => {
            n.j = n.b ? ctx.choose([0, 1]) : 3;
          },
        })
        .checkDeadlock(false),
    );
    // 4 states with b false (3 successors each), 4 with b true (5 each), and the initial state
    expect(await agree(spec)).toEqual({ result: 'ok', distinct: 8, generated: 33, depth: 3 });
  });
  it("'in' on a record of the state (its fields, toJSON and Object's prototype), methods of object literals, and `x && record` as a test", async () => {
    const spec = defineSpec({ name: 'inAndMethods' }, () =>
      model({ r: record({ a: int(0, 2), b: bool }), k: int(0, 2) })
        .action('step', {
          when: (s) => 'a' in s.r && 'toString' in s.r && !('c' in s.r) && s.k < 2,
          effect: (n) => {
            const key = n.k === 0 ? 'a' : 'zz';
            const counter = {
              bump(by: number): number {
                return n.k + by;
              },
            };
            if (n.r.b === false && n.r) n.r.b = key in n.r;
            n.k = counter.bump(1);
          },
        })
        .invariant('small', (s) => s.k <= 2)
        .checkDeadlock(false),
    );
    expect(await agree(spec)).toEqual({ result: 'ok', distinct: 3, generated: 3, depth: 3 });
  });
});
