// Runs single steps of a model for the trace tools (replay, minimize, simulate, graphs): the successors
// of one state, each with the property it violates, if any. Properties are checked as the BFS checks
// them: a failed `ctx.check`, then action invariants on the step, then invariants on the new state.
// Works on copies of slot buffers, so callers can keep states; the hot path of exhaustive search is bfs.ts.
import type { SourceLocation } from '../../spec/location.ts';
import type { ActionInstance, CompiledModel } from '../compile.ts';
import { Explorer } from '../Explorer.ts';
import { MURPHI_DEADLOCK, type TraceStep, type ViolationKind } from '../result.ts';
import { sameSlots } from '../packing.ts';
import { stepOf } from '../trace.ts';

export { sameSlots };

/** A property that fails on a state or a step. */
export interface StepViolation {
  readonly kind: ViolationKind;
  readonly property: string;
  readonly message?: string;
  readonly location?: SourceLocation;
}

/** A successor (or an initial state), with the instance that produced it and what it violates. */
export interface Successor {
  /** Null for an initial state. */
  readonly inst: ActionInstance | null;
  readonly slots: Int32Array;
  readonly violation: StepViolation | null;
}

/** The deadlock pseudo-property, as the BFS reports it. */
export const deadlockViolation: StepViolation = Object.freeze({ kind: 'deadlock', property: 'deadlock', message: 'no action is enabled' });

/** A Murphi deadlock (`--deadlock=murphi`), as the BFS reports it. */
export const murphiDeadlockViolation: StepViolation = Object.freeze({ kind: 'deadlock', property: MURPHI_DEADLOCK, message: 'every enabled action leads back to this state' });

/** Single steps of one compiled model. */
export class Stepper {
  readonly ex: Explorer;
  readonly #single = new Map<ActionInstance, Explorer>();

  /** What `deadlocked` looks for: TLC's deadlock, or also Murphi's (every successor is the state itself). */
  readonly deadlock: 'tlc' | 'murphi';

  constructor(
    readonly model: CompiledModel,
    options: { readonly deadlock?: 'tlc' | 'murphi' } = {},
  ) {
    this.ex = new Explorer(model);
    this.deadlock = options.deadlock ?? 'tlc';
  }

  /** The violation `deadlocked` stands for. */
  get deadlockViolation(): StepViolation {
    return this.deadlock === 'murphi' ? murphiDeadlockViolation : deadlockViolation;
  }

  /** Every initial state, in enumeration order, each with the invariant it violates. */
  initialStates(): Successor[] {
    const out: Successor[] = [];
    const ex = this.ex;
    ex.initial(() => {
      const inv = ex.violatedInvariant();
      out.push({ inst: null, slots: ex.draft.slice(), violation: inv ? { kind: 'invariant', property: inv.name, location: inv.location } : null });
    });
    return out;
  }

  /** The successors of `state` in expansion order; only those of `only` when given. */
  successors(state: Int32Array, only?: ActionInstance): Successor[] {
    const out: Successor[] = [];
    const ex = only ? this.#explorerOf(only) : this.ex;
    ex.cur.set(state);
    ex.expand((inst) => {
      out.push({ inst, slots: ex.draft.slice(), violation: this.#violationOfStep(ex, inst) });
    });
    return out;
  }

  // an explorer over one instance runs only that instance's guard and effect
  #explorerOf(inst: ActionInstance): Explorer {
    let ex = this.#single.get(inst);
    if (!ex) {
      ex = new Explorer({ ...this.model, instances: [inst] });
      this.#single.set(inst, ex);
    }
    return ex;
  }

  /** Whether `state` has no enabled action (Murphi: none that leaves it) and is not an acceptable end. */
  deadlocked(state: Int32Array): boolean {
    if (!this.model.checkDeadlock) return false;
    const ex = this.ex;
    ex.cur.set(state);
    let leaves = false;
    const n = ex.expand(() => void (leaves ||= !sameSlots(ex.draft, ex.cur)));
    return (n === 0 || (this.deadlock === 'murphi' && !leaves)) && !ex.isTerminal();
  }

  /** Whether `state` satisfies every state constraint (`.constraint`): a walk does not go on from one that does not. */
  inModel(state: Int32Array): boolean {
    this.ex.draft.set(state);
    return this.ex.inModel();
  }

  /** Evaluates a state predicate (a cover property) on `state`. */
  holds(state: Int32Array, name: string, test: (s: any) => boolean): boolean {
    this.ex.draft.set(state);
    return this.ex.holds(name, test);
  }

  /** The JSON form of a state. */
  json(slots: Int32Array): Record<string, unknown> {
    return this.ex.stateJson(slots);
  }

  /** A printable trace step for a successor. */
  traceStep(s: Successor): TraceStep {
    return stepOf(this.ex, s.inst, s.slots);
  }

  #violationOfStep(ex: Explorer, inst: ActionInstance): StepViolation | null {
    const failed = ex.checkFailure;
    if (failed) return { kind: 'action', property: failed.property, ...(failed.message ? { message: failed.message } : {}) };
    const ai = this.model.actionInvariants.length ? ex.violatedActionInvariant(inst) : null;
    if (ai) return { kind: 'action', property: ai.name, location: ai.location };
    const inv = ex.violatedInvariant();
    if (inv) return { kind: 'invariant', property: inv.name, location: inv.location };
    return null;
  }
}

/** Deep equality of JSON values; object key order does not matter. */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    return a.length === bb.length && a.every((x, i) => sameJson(x, bb[i]));
  }
  const ka = Object.keys(a);
  const ob = b as Record<string, unknown>;
  if (ka.length !== Object.keys(ob).length) return false;
  return ka.every((k) => Object.hasOwn(ob, k) && sameJson((a as Record<string, unknown>)[k], ob[k]));
}

/** The action instance a recorded step names: same action, process and arguments (JSON form). */
export function findInstance(model: CompiledModel, step: { readonly action: string | null; readonly process?: string; readonly args: Readonly<Record<string, unknown>> }): ActionInstance | undefined {
  return model.instances.find((i) => i.name === step.action && (i.process ?? undefined) === (step.process ?? undefined) && sameJson(i.argsJson, step.args));
}
