// Counterexamples found under symmetry are concrete executions: each is replayed here step by step
// on the spec without symmetry (re-running the step's action on the previous concrete state must
// give the next state exactly), it ends in the same violation, and it is as short as the shortest
// trace found without symmetry.
import { describe, expect, it } from 'vitest';
import { check } from '../../checker/check.ts';
import type { CompiledModel } from '../../checker/compile.ts';
import { Explorer } from '../../checker/Explorer.ts';
import { writeValue } from '../../checker/layout.ts';
import type { TraceStep, Violation } from '../../checker/result.ts';

/** Replays `trace` on `model` without symmetry; returns whether the last step or state violates `violation`. */
function replay(model: CompiledModel, violation: Violation): void {
  const trace = violation.trace;
  const ex = new Explorer(model);
  const initial: unknown[] = [];
  ex.initial(() => initial.push(ex.stateJson(ex.draft)));
  expect(initial).toContainEqual(trace[0]!.state);
  let lastStepViolates = false;
  for (let i = 1; i < trace.length; i++) {
    const step: TraceStep = trace[i]!;
    writeValue(model.layout.root, ex.cur, trace[i - 1]!.state, 'json');
    const results: { state: unknown; failed: string | null }[] = [];
    ex.expand((inst) => {
      if (inst.name !== step.action || inst.process !== step.process || JSON.stringify(inst.argsJson) !== JSON.stringify(step.args)) return;
      const failed = ex.checkFailure?.property ?? ex.violatedActionInvariant(inst)?.name ?? null;
      results.push({ state: ex.stateJson(ex.draft), failed });
    });
    const hit = results.find((r) => JSON.stringify(r.state) === JSON.stringify(step.state));
    if (!hit) throw new Error(`step ${i + 1} (${step.process ?? ''} ${step.action}) does not replay: its action does not lead to the recorded state`);
    if (i === trace.length - 1) lastStepViolates = hit.failed === violation.property;
  }
  const last = trace.at(-1)!.state;
  if (violation.kind === 'invariant') {
    writeValue(model.layout.root, ex.draft, last, 'json');
    const inv = model.invariants.find((p) => p.name === violation.property)!;
    expect(ex.holds(inv.name, inv.test)).toBe(false);
  } else if (violation.kind === 'action') {
    expect(lastStepViolates).toBe(true);
  } else if (violation.kind === 'deadlock') {
    writeValue(model.layout.root, ex.cur, last, 'json');
    expect(ex.expand(() => {})).toBe(0);
    expect(ex.isTerminal()).toBe(false);
  }
}

async function violationOf(file: string, symmetry: boolean, variant?: string): Promise<{ model: CompiledModel; violation: Violation; distinct: number }> {
  const { loaded, result, symmetry: used } = await check(file, { symmetry, variant });
  expect(used).toBe(symmetry);
  if (result.result !== 'violation') throw new Error(`expected a violation, got ${result.result}`);
  return { model: loaded!.model, violation: result.violation, distinct: result.distinctStates };
}

describe('counterexamples under symmetry replay without symmetry', () => {
  const cases: [string, string, string | undefined, Violation['kind'], string, number][] = [
    ['a test-then-set race', 'test/symmetry/specs/racyLock.ts', 'racy', 'invariant', 'mutex', 5],
    ['a lock handed over directly (action invariant)', 'test/symmetry/specs/racyLock.ts', 'handoff', 'action', 'noHandoff', 4],
    ['a lock handed over directly (check in the effect)', 'test/symmetry/specs/racyLock.ts', 'checked', 'action', 'noHandoff', 4],
    ['waiters stuck for good (deadlock)', 'test/symmetry/specs/racyLock.ts', 'stuck', 'deadlock', 'deadlock', 5],
    ['a filter lock that lets equal levels pass', 'test/symmetry/specs/filterSameLevel.ts', undefined, 'invariant', 'mutex', 11],
  ];
  for (const [name, file, variant, kind, property, length] of cases) {
    it(`${name}: ${kind} ${property} in ${length} states, with and without symmetry; the symmetric trace replays step by step`, async () => {
      const sym = await violationOf(file, true, variant);
      const plain = await violationOf(file, false, variant);
      for (const { violation } of [sym, plain]) {
        expect(violation.kind).toBe(kind);
        expect(violation.property).toBe(property);
        expect(violation.trace).toHaveLength(length);
      }
      expect(sym.distinct).toBeLessThan(plain.distinct);
      replay(plain.model, sym.violation);
    });
  }

  it("a check's message names the concrete ids of the trace, not those of the stored representative", async () => {
    const { violation } = await violationOf('test/symmetry/specs/racyLock.ts', true, 'checked');
    const last = violation.trace.at(-1)!;
    expect(violation.message).toBe(`the lock went straight to ${String(last.state['holder'])}`);
  });
});
