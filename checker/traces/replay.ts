// Replays a recorded trace on a (possibly edited) spec: each step's action is looked up by name,
// process and arguments, run on the current state, and its successor compared with the recorded state
// (of several successors from `ctx.choose`, the one equal to it). Properties are checked as the BFS
// checks them. Each step is also run twice: different results mean the spec's code is nondeterministic
// (it reads the time, random numbers or hidden mutable state), which would make every result meaningless.
import type { CompiledModel } from '../compile.ts';
import { verifyLasso } from '../liveness/verifyLasso.ts';
import { MURPHI_DEADLOCK, type TraceStep } from '../result.ts';
import type { TraceFile, TraceFileStep } from '../traceFile.ts';
import { diffStates, type Change } from './stateDiff.ts';
import { findInstance, sameJson, sameSlots, Stepper, type StepViolation, type Successor } from './Stepper.ts';

/** Why a replay left the recorded trace. */
export type DivergenceReason =
  /** No initial state of the spec equals the recorded one. */
  | 'initial-state'
  /** The spec has no action with the recorded name, process and arguments. */
  | 'unknown-action'
  /** The action exists but its guard is false in the current state. */
  | 'not-enabled'
  /** The action runs but yields a different state than the recorded one. */
  | 'different-state'
  /** Another property fails before the recorded one (the trace now shows a different bug). */
  | 'other-property';

/** The outcome of a replay. `step` is an index into the trace (0 = the initial state). */
export type ReplayResult =
  | {
      readonly outcome: 'reproduced';
      readonly step: number;
      readonly violation: StepViolation;
      /** The replayed trace, up to the violating step. */
      readonly trace: readonly TraceStep[];
    }
  | {
      readonly outcome: 'diverged';
      readonly step: number;
      readonly reason: DivergenceReason;
      /** The recorded step that could not be followed. */
      readonly expected: TraceFileStep;
      /** For `initial-state` and `different-state`: the variables that differ (recorded -> produced, closest successor). */
      readonly changes?: readonly Change[];
      /** For `not-enabled`: the steps enabled instead (`process: action(args)`). */
      readonly enabled?: readonly string[];
      /** For `other-property`: what fails. */
      readonly violation?: StepViolation;
      /** The replayed prefix: states that matched the recording (and, for `other-property`, the violating one). */
      readonly trace: readonly TraceStep[];
    }
  | {
      readonly outcome: 'passes';
      readonly trace: readonly TraceStep[];
      /** For a lasso: why the recorded temporal property does not fail on it now. */
      readonly note?: string;
    }
  | {
      readonly outcome: 'nondeterministic';
      readonly step: number;
      /** The step's action, null for the initial states. */
      readonly action: string | null;
      /** What the two runs produced (JSON states). */
      readonly first: readonly Record<string, unknown>[];
      readonly second: readonly Record<string, unknown>[];
      readonly trace: readonly TraceStep[];
    };

/** What to do about a nondeterministic spec. */
export const NONDETERMINISM_HINT = 'actions must depend only on the state and their arguments: no Date.now(), Math.random() or variables kept outside the model';

/** Options of a replay. */
export interface ReplayOptions {
  /** Run every step twice and compare (default true). */
  readonly checkDeterminism?: boolean;
}

/**
 * Replays `file`'s steps on `model`, expecting `file.property` (of `file.kind`) to fail at the last step;
 * for a lasso (`loop`), expecting the loop to close, be fair and violate the temporal property.
 */
export function replay(model: CompiledModel, file: Pick<TraceFile, 'steps' | 'property' | 'kind' | 'loop'>, options: ReplayOptions = {}): ReplayResult {
  const twice = options.checkDeterminism ?? true;
  const st = new Stepper(model, { deadlock: file.kind === 'deadlock' && file.property === MURPHI_DEADLOCK ? 'murphi' : 'tlc' });
  const steps = file.steps;
  const trace: TraceStep[] = [];
  const isRecorded = (v: StepViolation) => v.property === file.property && v.kind === file.kind;
  const violated = (k: number, v: StepViolation): ReplayResult =>
    isRecorded(v)
      ? { outcome: 'reproduced', step: k, violation: v, trace }
      : { outcome: 'diverged', step: k, reason: 'other-property', expected: steps[k]!, violation: v, trace };

  // the initial state
  const inits = st.initialStates();
  if (twice) {
    const again = st.initialStates();
    if (!sameSuccessors(inits, again)) return nondeterministic(st, 0, null, inits, again, trace);
  }
  const first = closest(st, inits, steps[0]!.state);
  if (!first || first.changes.length) {
    return { outcome: 'diverged', step: 0, reason: 'initial-state', expected: steps[0]!, changes: first?.changes ?? [], trace };
  }
  trace.push(st.traceStep(first.successor));
  if (first.successor.violation) return violated(0, first.successor.violation);
  let cur = first.successor.slots;

  for (let k = 1; k < steps.length; k++) {
    const step = steps[k]!;
    const inst = findInstance(model, step);
    if (!inst) return { outcome: 'diverged', step: k, reason: 'unknown-action', expected: step, trace };
    const succ = st.successors(cur, inst);
    if (twice) {
      const again = st.successors(cur, inst);
      if (!sameSuccessors(succ, again)) return nondeterministic(st, k, inst.name, succ, again, trace);
    }
    if (succ.length === 0) {
      // a state with no step at all is a deadlock, found by the BFS before any later step
      if (st.deadlocked(cur)) return violated(k - 1, st.deadlockViolation);
      const enabled = [...new Set(st.successors(cur).map((s) => describe(s)))];
      return { outcome: 'diverged', step: k, reason: 'not-enabled', expected: step, enabled, trace };
    }
    const next = closest(st, succ, step.state)!;
    if (next.changes.length) return { outcome: 'diverged', step: k, reason: 'different-state', expected: step, changes: next.changes, trace };
    trace.push(st.traceStep(next.successor));
    if (next.successor.violation) return violated(k, next.successor.violation);
    cur = next.successor.slots;
  }
  if (file.kind === 'temporal') {
    // every step replays; the lasso must also close, be fair, and violate the property on this spec
    if (file.loop === undefined) return { outcome: 'passes', trace, note: 'the trace has no loop: a temporal property fails only on an infinite behaviour' };
    const lasso = verifyLasso(model, file.property, steps, file.loop);
    if (!lasso.ok) return { outcome: 'passes', trace, note: lasso.reason };
    const location = model.temporal.find((t) => t.name === file.property)?.location;
    return { outcome: 'reproduced', step: steps.length - 1, violation: { kind: 'temporal', property: file.property, ...(location ? { location } : {}) }, trace };
  }
  if (st.deadlocked(cur)) return violated(steps.length - 1, st.deadlockViolation);
  return { outcome: 'passes', trace };
}

/** The candidate whose state is nearest the recorded one (fewest differing variables), with the differences. */
function closest(st: Stepper, candidates: readonly Successor[], recorded: Readonly<Record<string, unknown>>): { successor: Successor; changes: Change[] } | null {
  let best: { successor: Successor; changes: Change[] } | null = null;
  for (const successor of candidates) {
    const state = st.json(successor.slots);
    if (sameJson(state, recorded)) return { successor, changes: [] };
    const changes = diffStates(recorded, state);
    if (!best || changes.length < best.changes.length) best = { successor, changes };
  }
  return best;
}

function sameSuccessors(a: readonly Successor[], b: readonly Successor[]): boolean {
  return a.length === b.length && a.every((s, i) => s.inst === b[i]!.inst && sameSlots(s.slots, b[i]!.slots));
}

function nondeterministic(st: Stepper, step: number, action: string | null, a: readonly Successor[], b: readonly Successor[], trace: TraceStep[]): ReplayResult {
  return { outcome: 'nondeterministic', step, action, first: a.map((s) => st.json(s.slots)), second: b.map((s) => st.json(s.slots)), trace };
}

function describe(s: Successor): string {
  const i = s.inst!;
  const args = Object.entries(i.argsJson).filter(([k]) => !(i.process && k === 'self'));
  const call = `${i.name}${args.length ? `(${args.map(([k, v]) => `${k}=${Array.isArray(v) ? `{${v.join(', ')}}` : String(v)}`).join(', ')})` : ''}`;
  return i.process ? `${i.process}: ${call}` : call;
}
