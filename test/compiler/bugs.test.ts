// Disagreements between compiled and interpreted runs that the differential test (differential.test.ts) found,
// each reduced to a small spec: the compiled run must equal the interpreted one, and the compiler must
// have compiled the action (else the test would pass by falling back to the views).
import { describe, expect, it } from 'vitest';
import { bfs } from '../../checker/bfs.ts';
import { codeFor, interpretOnly } from '../../checker/compiler/index.ts';
import { instantiate } from '../../checker/loadSpec.ts';
import type { CheckResult } from '../../checker/result.ts';
import { bool, defineSpec, int, model, option, record, type Spec } from '../../spec/index.ts';

function summary(r: CheckResult): unknown {
  if (r.result === 'error') return { result: 'error', code: r.error.code, message: r.error.message };
  const base = { result: r.result, distinct: r.distinctStates, generated: r.generatedStates, depth: r.depth };
  return JSON.parse(JSON.stringify(r.result === 'violation' ? { ...base, property: r.violation.property, trace: r.violation.trace.map((t) => [t.action, t.state]) } : base));
}

/** Runs the spec compiled and interpreted; returns the compiled run's summary after checking they agree. */
async function agree(spec: Spec): Promise<unknown> {
  const compiled = instantiate(spec, 'bug.ts').model;
  const interpreted = instantiate(spec, 'bug.ts').model;
  interpretOnly(interpreted);
  expect(codeFor(compiled).report.actions.every((a) => a.compiled)).toBe(true);
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
});
