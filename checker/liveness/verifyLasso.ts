// Checks a lasso counterexample without the state graph, from the trace alone: every step is a real
// step of the spec, the loop closes (or the last state stutters), the loop is fair (every weak unit
// taken or disabled somewhere in it, every strong unit taken or disabled throughout), and the
// behaviour violates the named temporal property. Replay and the tests use it: a lasso that passes
// is a genuine counterexample, whatever search produced it.
import type { CompiledModel } from '../compile.ts';
import { Explorer } from '../Explorer.ts';
import { writeValue } from '../layout.ts';
import type { TraceStep } from '../result.ts';
import { fairnessUnits } from './fairness.ts';
import { planTemporal, type Literal, type PropertyInstance } from './properties.ts';

/** The verdict on a lasso. */
export type LassoCheck = { readonly ok: true; readonly stutters: boolean } | { readonly ok: false; readonly reason: string };

/** Verifies that `trace` with loop start `loop` is a fair behaviour of `model` violating `property`. */
export function verifyLasso(model: CompiledModel, property: string, trace: readonly Pick<TraceStep, 'action' | 'process' | 'args' | 'state'>[], loop: number): LassoCheck {
  const fail = (reason: string): LassoCheck => ({ ok: false, reason });
  if (trace.length === 0) return fail('the trace is empty');
  if (!Number.isInteger(loop) || loop < 0 || loop >= trace.length) return fail(`loop ${loop} is not a state of the trace (1..${trace.length})`);
  const ex = new Explorer(model);
  const n = model.layout.slotCount;
  const slots = trace.map((step, i) => {
    const buf = new Int32Array(n);
    try {
      writeValue(model.layout.root, buf, step.state, 'json');
    } catch (e) {
      throw new Error(`state ${i + 1} of the lasso does not fit the spec: ${e instanceof Error ? e.message : String(e)}`);
    }
    return buf;
  });
  const same = (a: Int32Array, b: Int32Array) => a.every((v, i) => v === b[i]);
  const argsKey = (a: Readonly<Record<string, unknown>>) => JSON.stringify(a);

  // an initial state, then real steps
  let initial = false;
  ex.initial(() => (initial ||= same(ex.draft, slots[0]!)));
  if (!initial) return fail('state 1 is not an initial state');
  const taken: number[] = []; // instance of each step (index i: the step into state i)
  for (let i = 1; i < trace.length; i++) {
    const step = trace[i]!;
    ex.cur.set(slots[i - 1]!);
    let found = -1;
    ex.expand((inst) => {
      if (found < 0 && inst.name === step.action && (inst.process ?? undefined) === (step.process ?? undefined) && argsKey(inst.argsJson) === argsKey(step.args) && same(ex.draft, slots[i]!)) found = inst.index;
    });
    if (found < 0) return fail(`step ${i + 1} (${step.action}) does not lead from state ${i} to state ${i + 1}`);
    taken[i] = found;
  }
  // the loop closes, or stutters in its only state
  const stutters = loop === trace.length - 1;
  if (!stutters && !same(slots[trace.length - 1]!, slots[loop]!)) return fail(`the last state is not state ${loop + 1}: the loop does not close`);
  const loopEnd = stutters ? trace.length : trace.length - 1; // states loop .. loopEnd - 1 repeat forever

  // fairness of the loop
  const fairness = fairnessUnits(model);
  const enabledCount = new Int32Array(fairness.units.length);
  const takenInLoop = new Uint8Array(fairness.units.length);
  const unitsOf = (i: number) => fairness.unitList.subarray(fairness.unitStart[i]!, fairness.unitStart[i + 1]!);
  for (let k = loop; k < loopEnd; k++) {
    const here = new Set<number>();
    ex.cur.set(slots[k]!);
    ex.expand((inst) => {
      if (!same(ex.draft, slots[k]!)) for (const u of unitsOf(inst.index)) here.add(u);
    });
    for (const u of here) enabledCount[u]!++;
    if (!stutters && k + 1 <= trace.length - 1 && !same(slots[k]!, slots[k + 1]!)) for (const u of unitsOf(taken[k + 1]!)) takenInLoop[u] = 1;
  }
  const loopSize = loopEnd - loop;
  for (let u = 0; u < fairness.units.length; u++) {
    const unit = fairness.units[u]!;
    if (takenInLoop[u] === 1) continue;
    if (unit.kind === 'weak' && enabledCount[u] === loopSize) return fail(`the loop is unfair: ${unit.name} is weakly fair, enabled throughout the loop and never taken`);
    if (unit.kind === 'strong' && enabledCount[u]! > 0) return fail(`the loop is unfair: ${unit.name} is strongly fair, enabled in the loop and never taken`);
  }

  // the property fails on this behaviour (for some instance of it)
  const plan = planTemporal(model.temporal.filter((t) => t.name === property));
  if (plan.instances.length === 0) return fail(`the spec has no temporal property '${property}'`);
  const bits = slots.slice(0, loopEnd).map((buf) => {
    ex.draft.set(buf);
    return plan.predicates.map((p) => ex.holds(p.property, p.test));
  });
  const sat = (k: number, lit: Literal | null) => lit === null || bits[k]![lit.predicate] !== lit.negated;
  const violates = (p: PropertyInstance) => {
    const starts = p.start === 'initial' ? [0] : [...Array(loopEnd).keys()];
    return starts.some((i) => {
      if (!sat(i, p.trigger)) return false;
      for (let j = Math.min(i, loop); j < loopEnd; j++) if (!sat(j, p.within)) return false;
      for (let j = loop; j < loopEnd; j++) if (sat(j, p.accept)) return true;
      return false;
    });
  };
  if (!plan.instances.some(violates)) return fail(`the behaviour satisfies ${property}`);
  return { ok: true, stutters };
}
