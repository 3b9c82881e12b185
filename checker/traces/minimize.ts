// Shrinks a counterexample while the same property still fails, in phases, each validated by running
// the candidate: (1) cut loops (a state visited twice), (2) delta debugging over the steps, (3) a search
// for the shortest traces and, among them, the fewest context switches. The result is replayed strictly
// before it is returned. Smaller parameters are tried by smallerParams.ts, which re-checks the spec.
import { writeValue } from '../layout.ts';
import type { CompiledModel } from '../compile.ts';
import { MURPHI_DEADLOCK, type TraceStep } from '../result.ts';
import type { TraceFile } from '../traceFile.ts';
import { ddmin } from './ddmin.ts';
import { actorOf, contextSwitches, fewestSwitches, type Run, type RunStep } from './fewestSwitches.ts';
import { replay, type ReplayResult } from './replay.ts';
import { findInstance, sameSlots, Stepper, type StepViolation } from './Stepper.ts';

/** Options of minimization. */
export interface MinimizeOptions {
  /** Most (state, process) pairs the context-switch search may visit before it gives up (default 100,000). */
  readonly searchBudget?: number;
  /** Skip the context-switch search. */
  readonly noSearch?: boolean;
}

/** Size of a trace: states (the initial one included) and context switches. */
export interface TraceSize {
  readonly states: number;
  readonly switches: number;
}

/** What one phase did. */
export interface MinimizePhase {
  readonly phase: 'loops' | 'ddmin' | 'switches' | 'params';
  readonly after: TraceSize;
  /** Candidates run (ddmin) or states visited (switches). */
  readonly work?: number;
  readonly note?: string;
}

/** The outcome of minimization. */
export type MinimizeResult =
  | {
      readonly result: 'minimized';
      readonly violation: StepViolation;
      readonly before: TraceSize;
      readonly after: TraceSize;
      readonly phases: readonly MinimizePhase[];
      /** The minimized trace, replayed (with source locations). */
      readonly trace: readonly TraceStep[];
    }
  /** The input does not reproduce on this spec: nothing to minimize. */
  | { readonly result: 'not-reproduced'; readonly replay: ReplayResult };

/** Minimizes a trace of `model`. */
export function minimizeTrace(model: CompiledModel, file: Pick<TraceFile, 'steps' | 'property' | 'kind'>, options: MinimizeOptions = {}): MinimizeResult {
  const replayed = replay(model, file);
  if (replayed.outcome !== 'reproduced') return { result: 'not-reproduced', replay: replayed };
  const target = replayed.violation;
  const st = new Stepper(model, { deadlock: target.property === MURPHI_DEADLOCK ? 'murphi' : 'tlc' });
  let run = runOf(model, replayed.trace);
  const before = sizeOf(run);
  // cutting steps out of a lasso would break its loop: it stays as it is
  if (target.kind === 'temporal') return { result: 'minimized', violation: target, before, after: before, phases: [], trace: replayed.trace };
  const phases: MinimizePhase[] = [];

  run = cutLoops(run);
  phases.push({ phase: 'loops', after: sizeOf(run) });

  const shrunk = shrink(st, run, target);
  run = shrunk.run;
  phases.push({ phase: 'ddmin', after: sizeOf(run), work: shrunk.tests });

  if (!options.noSearch) {
    const budget = options.searchBudget ?? 100_000;
    const found = fewestSwitches(st, target, run.steps.length, budget);
    if (found.status === 'found' && smaller(sizeOf(found.run), sizeOf(run))) run = found.run;
    const note = found.status === 'budget' ? `stopped at the budget of ${budget.toLocaleString('en-US')} (state, process) pairs (raise --search-budget)` : undefined;
    phases.push({ phase: 'switches', after: sizeOf(run), work: found.explored, ...(note ? { note } : {}) });
  }

  const trace = [{ inst: null, slots: run.init }, ...run.steps].map((s) => st.traceStep({ inst: s.inst, slots: s.slots, violation: null }));
  const check = replay(model, { steps: trace, property: target.property, kind: target.kind });
  if (check.outcome !== 'reproduced' || check.step !== trace.length - 1) {
    throw new Error(`internal: the minimized trace does not reproduce (${check.outcome}${'step' in check ? ` at step ${check.step}` : ''})`);
  }
  return { result: 'minimized', violation: check.violation, before, after: sizeOf(run), phases, trace: check.trace };
}

/** States and context switches of a run. */
export function sizeOf(run: Run): TraceSize {
  return { states: run.steps.length + 1, switches: contextSwitches(run.steps) };
}

/** Whether `a` is smaller than `b`: fewer states, or as many with fewer switches. */
export function smaller(a: TraceSize, b: TraceSize): boolean {
  return a.states < b.states || (a.states === b.states && a.switches < b.switches);
}

/** The slot form of a replayed trace. */
function runOf(model: CompiledModel, trace: readonly TraceStep[]): Run {
  const slots = (state: Readonly<Record<string, unknown>>) => {
    const buf = new Int32Array(model.layout.slotCount);
    writeValue(model.layout.root, buf, state, 'json');
    return buf;
  };
  const steps = trace.slice(1).map((s) => ({ inst: findInstance(model, s)!, slots: slots(s.state) }));
  return { init: slots(trace[0]!.state), steps };
}

/** Drops the steps between two visits of the same state (the last step, which violates, stays). */
function cutLoops(run: Run): Run {
  const states = [run.init, ...run.steps.map((s) => s.slots)];
  const keep: number[] = [0]; // indices into `states` of the kept path
  const at = new Map<string, number>([[states[0]!.join(','), 0]]);
  for (let i = 1; i < states.length - 1; i++) {
    const key = states[i]!.join(',');
    const earlier = at.get(key);
    if (earlier !== undefined) {
      while (keep.length > earlier + 1) at.delete(states[keep.pop()!]!.join(','));
      continue;
    }
    at.set(key, keep.length);
    keep.push(i);
  }
  keep.push(states.length - 1);
  // the step into kept state i is the step that produced it in the original run
  return { init: run.init, steps: keep.slice(1).map((i) => run.steps[i - 1]!) };
}

/**
 * Delta debugging over the steps, then over each process's own steps (removing, say, one whole round of
 * a process, whose steps are not next to each other in the trace), until nothing more goes.
 */
function shrink(st: Stepper, start: Run, target: StepViolation): { run: Run; tests: number } {
  let run = start;
  let tests = 0;
  // a run of the candidate keeps the states it produced (choices may resolve differently once steps are gone)
  const whole = () => {
    const r = ddmin(run.steps, (candidate) => {
      const kept = execute(st, run.init, candidate, target);
      return kept ? { fails: true, kept } : { fails: false };
    });
    tests += r.tests;
    run = { init: run.init, steps: execute(st, run.init, r.result, target) ?? run.steps };
  };
  whole();
  for (let round = 0; round < 4; round++) {
    const size = run.steps.length;
    for (const actor of new Set(run.steps.map((s) => actorOf(s.inst)))) {
      const all = run.steps;
      const own = all.filter((s) => actorOf(s.inst) === actor);
      const r = ddmin(own, (candidate) => {
        const keep = new Set(candidate);
        return execute(st, run.init, all.filter((s) => actorOf(s.inst) !== actor || keep.has(s)), target) ? { fails: true } : { fails: false };
      });
      tests += r.tests;
      const keep = new Set(r.result);
      run = { init: run.init, steps: execute(st, run.init, all.filter((s) => actorOf(s.inst) !== actor || keep.has(s)), target) ?? run.steps };
    }
    if (run.steps.length === size) break;
    whole();
  }
  return { run, tests };
}

/**
 * Runs `steps`' instances from `init`, each time taking the successor equal to the recorded state if there
 * is one, else the first. Returns the steps run up to the first violation of `target`, or null when a step
 * is not enabled, another property fails, or `target` never fails.
 */
function execute(st: Stepper, init: Int32Array, steps: readonly RunStep[], target: StepViolation): RunStep[] | null {
  let cur = init;
  const out: RunStep[] = [];
  for (const step of steps) {
    const succ = st.successors(cur, step.inst);
    if (succ.length === 0) return target.kind === 'deadlock' && st.deadlocked(cur) ? out : null;
    const taken = succ.find((s) => sameSlots(s.slots, step.slots)) ?? succ[0]!;
    out.push({ inst: step.inst, slots: taken.slots });
    if (taken.violation) return taken.violation.kind === target.kind && taken.violation.property === target.property ? out : null;
    cur = taken.slots;
  }
  return target.kind === 'deadlock' && st.deadlocked(cur) ? out : null;
}
