// Fairness constraints of a model, as units over action instances. A unit is what one WF or SF
// formula is about: `WF_vars(Proc(self))` for a fair process instance (all its steps), `WF_vars(step)`
// for a fair step of one process instance, `WF_vars(A(args))` for one instance of a fair action, and
// `WF_vars(A \/ B)` for a group (`.fair('weak', ['A', 'B'])`: every instance of A and of B).
// A unit is enabled in a state when one of its instances has a successor other than the state itself
// (TLA's ENABLED <A>_vars), and taken by a step of one of its instances that changes the state.
import type { CompiledModel } from '../compile.ts';
import type { Fairness } from '../../spec/model.ts';

/** One weak or strong fairness constraint. */
export interface FairnessUnit {
  readonly kind: Fairness;
  /** Printable: `phil[2]` (a process instance), `phil[2].eat` (a step), `tick(r=3)` (an action instance). */
  readonly name: string;
}

/** The units of a model and, per action instance, the units it belongs to. */
export interface FairnessUnits {
  readonly units: readonly FairnessUnit[];
  /** Units of instance i: `unitList[unitStart[i] .. unitStart[i + 1])`. */
  readonly unitStart: Int32Array;
  readonly unitList: Int32Array;
  /** Whether instance i belongs to some unit. */
  readonly fairInstance: Uint8Array;
}

/** Collects the fairness units declared on processes, process steps and actions. */
export function fairnessUnits(model: CompiledModel): FairnessUnits {
  const units: FairnessUnit[] = [];
  const members: number[][] = model.instances.map(() => []);
  const add = (kind: Fairness, name: string, instances: readonly number[]): void => {
    const u = units.length;
    units.push({ kind, name });
    for (const i of instances) members[i]!.push(u);
  };
  // a fair process: one unit per process instance, over all its steps
  for (const proc of model.processes) {
    if (!proc.fair) continue;
    const byInstance = new Map<string, number[]>();
    for (const inst of model.instances) {
      if (model.actions[inst.action]!.process?.name !== proc.name) continue;
      const list = byInstance.get(inst.process!) ?? [];
      list.push(inst.index);
      byInstance.set(inst.process!, list);
    }
    for (const [name, list] of byInstance) add(proc.fair, name, list);
  }
  // a fair step: one unit per process instance, over the step's instances there (its choices and branches:
  // WF of `\E v : step(self, v)`); a fair action: one unit per instance
  const steps = new Map<string, { kind: Fairness; list: number[] }>();
  for (const inst of model.instances) {
    const action = model.actions[inst.action]!;
    if (!action.fair) continue;
    if (action.process) {
      const name = `${inst.process}.${action.process.label}`;
      const unit = steps.get(name) ?? steps.set(name, { kind: action.fair, list: [] }).get(name)!;
      unit.list.push(inst.index);
    } else {
      const args = Object.entries(inst.argsJson);
      add(action.fair, `${inst.name}${args.length ? `(${args.map(([k, v]) => `${k}=${String(v)}`).join(', ')})` : ''}`, [inst.index]);
    }
  }
  for (const [name, { kind, list }] of steps) add(kind, name, list);
  // a fair group: one unit over every instance of its actions, steps and processes (WF of their disjunction)
  for (const g of model.fairness) {
    const names = new Set(g.actions);
    const list = model.instances.filter((inst) => {
      const a = model.actions[inst.action]!;
      return names.has(a.name) || (a.process !== undefined && names.has(a.process.name));
    });
    add(g.kind, g.actions.join(' \\/ '), list.map((inst) => inst.index));
  }
  const unitStart = new Int32Array(model.instances.length + 1);
  members.forEach((list, i) => (unitStart[i + 1] = unitStart[i]! + list.length));
  const unitList = Int32Array.from(members.flat());
  const fairInstance = Uint8Array.from(members, (list) => (list.length > 0 ? 1 : 0));
  return { units, unitStart, unitList, fairInstance };
}
