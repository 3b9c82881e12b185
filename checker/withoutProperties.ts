// A model with some properties turned off (`--skip`): used by the check entry and by the workers of a
// parallel search, which build their own copy of the model.
import type { CompiledModel } from './compile.ts';

/** The model without the named invariants, action invariants, cover and temporal properties (`deadlock`: no deadlock check). */
export function withoutProperties(model: CompiledModel, skip: ReadonlySet<string>): CompiledModel {
  const keep = <T extends { name: string }>(xs: readonly T[]) => xs.filter((x) => !skip.has(x.name));
  return {
    ...model,
    invariants: keep(model.invariants),
    actionInvariants: keep(model.actionInvariants),
    covers: keep(model.covers),
    temporal: keep(model.temporal),
    checkDeadlock: model.checkDeadlock && !skip.has('deadlock'),
  };
}
