// Rebuilds a trace from the search's log by re-running actions: an initial state's ordinal, then for
// each step the ordinal of the successor taken. Under symmetry the log describes representatives;
// the trace is rebuilt concrete, from a concrete initial state, picking at each step a successor
// whose representative is the next logged one, so every printed trace is a real execution.
import type { ActionInstance, CompiledModel } from './compile.ts';
import { deepFreeze } from './deepFreeze.ts';
import { Explorer } from './Explorer.ts';
import { writeValue } from './layout.ts';
import { sameSlots } from './packing.ts';
import type { TraceStep, ViolationKind } from './result.ts';
import { SpecError } from './SpecError.ts';

/** A trace as the search logs it. */
export interface TracePath {
  /** Which generated initial state (0-based, in enumeration order). */
  readonly initial: number;
  /** For each step, which successor (0-based, in expansion order) of the previous state. */
  readonly steps: readonly number[];
}

/** A trace step for the successor `inst` held in the explorer's draft. */
export function stepOf(ex: Explorer, inst: ActionInstance | null, buf: Int32Array): TraceStep {
  const a = inst ? ex.model.actions[inst.action] : undefined;
  return deepFreeze({
    action: inst ? inst.name : null,
    ...(inst?.process ? { process: inst.process } : {}),
    args: inst ? { ...inst.argsJson } : {},
    state: ex.stateJson(buf),
    ...(a?.location ? { location: a.location } : {}),
  });
}

/** Re-runs a logged path; `canonicalize` is the search's, when it used symmetry. */
export function rebuildTrace(model: CompiledModel, path: TracePath, canonicalize?: (src: Int32Array, dst: Int32Array) => void): TraceStep[] {
  return rebuildViolationTrace(model, path, canonicalize).trace;
}

/**
 * Re-runs a logged path that ends in a violation. Under symmetry, a last step that violates an
 * action property is rebuilt by a concrete step that violates it too, and `message` is that
 * step's own check message (it names concrete ids, not the representative's).
 */
export function rebuildViolationTrace(
  model: CompiledModel,
  path: TracePath,
  canonicalize?: (src: Int32Array, dst: Int32Array) => void,
  endsWith?: { readonly kind: ViolationKind; readonly property: string },
): { trace: TraceStep[]; message?: string } {
  const ex = new Explorer(model);
  const n = model.layout.slotCount;
  const rep = new Int32Array(n); // the logged representative at the current step
  const concrete = new Int32Array(n);
  const target = new Int32Array(n);
  const tmp = new Int32Array(n);
  let k = 0;
  ex.initial(() => {
    if (k++ === path.initial) concrete.set(ex.draft);
  });
  if (k <= path.initial) throw new Error('internal: the initial state of a trace is gone (is the spec nondeterministic?)');
  const trace: TraceStep[] = [stepOf(ex, null, concrete)];
  let message: string | undefined;
  if (canonicalize) canonicalize(concrete, rep);
  else rep.set(concrete);
  for (let stepIndex = 0; stepIndex < path.steps.length; stepIndex++) {
    const ordinal = path.steps[stepIndex]!;
    // the logged successor of the representative
    ex.cur.set(rep);
    let i = 0;
    let logged: TraceStep | null = null;
    let loggedAction = -1;
    ex.expand((inst) => {
      if (i++ !== ordinal) return;
      target.set(ex.draft);
      loggedAction = inst.action;
      if (!canonicalize) logged = stepOf(ex, inst, ex.draft);
    });
    if (i <= ordinal) throw new Error('internal: a step of a trace is gone (is the spec nondeterministic?)');
    if (!canonicalize) {
      trace.push(logged!);
      rep.set(target);
      continue;
    }
    // under symmetry: a concrete successor whose representative is the logged one, preferably by the
    // logged action; a last step that violates an action property must violate it here too
    canonicalize(target, rep);
    ex.cur.set(concrete);
    const mustViolate = endsWith?.kind === 'action' && stepIndex === path.steps.length - 1 ? endsWith.property : null;
    let taken: TraceStep | null = null;
    let takenSameAction = false;
    ex.expand((inst) => {
      if (takenSameAction) return;
      canonicalize(ex.draft, tmp);
      if (!sameSlots(tmp, rep)) return;
      if (mustViolate !== null && !violates(ex, inst, mustViolate)) return;
      if (taken && inst.action !== loggedAction) return;
      taken = stepOf(ex, inst, ex.draft);
      if (mustViolate !== null) message = ex.checkFailure?.message;
      takenSameAction = inst.action === loggedAction;
      target.set(ex.draft);
    });
    if (!taken) {
      throw new SpecError('SYMMETRY', `no concrete step leads to the orbit of step ${stepIndex + 1} of the counterexample: the spec is not symmetric in its scalarsets`, {
        context: { state: ex.stateJson(concrete) },
        hint: 'run the check with --check-symmetry for a witness, or with --no-symmetry',
      });
    }
    trace.push(taken);
    concrete.set(target);
  }
  return message !== undefined ? { trace, message } : { trace };
}

/** Whether the step `cur` -> `draft` by `inst` violates the named action property. */
function violates(ex: Explorer, inst: ActionInstance, property: string): boolean {
  if (ex.checkFailure) return ex.checkFailure.property === property;
  return ex.model.actionInvariants.length > 0 && ex.violatedActionInvariant(inst)?.name === property;
}

/** Whether an error was raised by a step (not by init or a property) writing a value outside its type. */
export function isStepValueError(e: SpecError): boolean {
  const c = e.context;
  return e.code === 'VALUE' && c?.action !== undefined && c.action !== 'init' && c.property === undefined;
}

/**
 * A value outside its type, raised while expanding the state at the end of `path()`, with the trace
 * that leads to it: the path rebuilt (concrete under symmetry), and the error as that last concrete
 * state raises it again (its ids are the trace's, not the representative's). Any other error, or one
 * the rebuild does not raise again, comes back unchanged.
 */
export function withTraceTo(model: CompiledModel, path: () => TracePath, canonicalize: ((src: Int32Array, dst: Int32Array) => void) | undefined, error: SpecError): SpecError {
  if (!isStepValueError(error)) return error;
  let trace: TraceStep[];
  try {
    trace = rebuildTrace(model, path(), canonicalize);
  } catch {
    return error; // not rebuilt (a nondeterministic spec): the error as it was
  }
  const ex = new Explorer(model);
  writeValue(model.layout.root, ex.cur, trace[trace.length - 1]!.state, 'json');
  try {
    ex.expand(() => {});
  } catch (e) {
    if (e instanceof SpecError && isStepValueError(e)) return withStepTrace(model, e, trace);
  }
  return error;
}

/** A step's error with the trace to the state the step was applied to, and the step itself. */
export function withStepTrace(model: CompiledModel, e: SpecError, trace: readonly TraceStep[]): SpecError {
  const c = e.context!;
  const location = model.actions.find((a) => a.name === c.action)?.location;
  return e.with({ trace, step: { action: c.action!, ...(c.process ? { process: c.process } : {}), args: c.args ?? {}, ...(location ? { location } : {}) } });
}
