// Why each step of a trace happened: the state values its guard, its effect's branches and its next label
// read, recorded by running the step once more through the views (the compiler is not used: its code
// reads slots, not paths). The printer shows the reads whose values the step did not change (the ones
// that decided it: `read: pinned = none`), and summarises the initial state to the variables that some
// step reads or writes. A reporting aid: it runs only on the steps of a printed trace.
import type { CompiledModel } from '../compile.ts';
import { Explorer } from '../Explorer.ts';
import { writeValue } from '../layout.ts';
import type { TraceStep } from '../result.ts';
import { recordingView, type KeyPath } from './readRecorder.ts';
import { flatten, printedPath } from './stateDiff.ts';
import { findInstance, sameJson } from './Stepper.ts';

/** A value a step read and left as it was. */
export interface StepRead {
  readonly path: string;
  readonly value: string;
}

/** The reads of each step of a trace. */
export interface TraceExplanation {
  /** Per trace index (0, the initial state, reads nothing): the values read and not changed, in reading order. */
  readonly reads: readonly (readonly StepRead[])[];
  /** The printed paths some step reads or changes: what the initial state is summarised to. */
  readonly touched: ReadonlySet<string>;
}

/** The reads of every step of `trace`; a step that cannot be run again (its action is gone) has none. */
export function explainTrace(model: CompiledModel, trace: readonly TraceStep[]): TraceExplanation {
  const ex = new Explorer(model);
  const touched = new Set<string>();
  const reads: StepRead[][] = [[]];
  for (let i = 1; i < trace.length; i++) {
    const before = flatten(trace[i - 1]!.state);
    const after = flatten(trace[i]!.state);
    for (const [path, v] of after) if (before.get(path) !== v) touched.add(path);
    const keys = readsOf(ex, model, trace[i - 1]!, trace[i]!);
    const seen = new Set<string>();
    const own: StepRead[] = [];
    for (const k of keys) {
      const path = printedPath(trace[i - 1]!.state, k);
      if (path === null || seen.has(path)) continue;
      seen.add(path);
      touched.add(path);
      const v = before.get(path);
      if (v !== undefined && after.get(path) === v && !path.startsWith('pc.')) own.push({ path, value: v });
    }
    reads.push(own);
  }
  return { reads, touched };
}

/** The key paths read by the branch of `step` that yields its recorded state (none when it cannot be rerun). */
function readsOf(ex: Explorer, model: CompiledModel, before: TraceStep, step: TraceStep): KeyPath[] {
  const inst = findInstance(model, step);
  if (!inst) return [];
  const log: KeyPath[] = [];
  let guardEnd = -1;
  let branchStart = 0;
  let found: KeyPath[] | null = null;
  try {
    writeValue(model.layout.root, ex.cur, before.state, 'json');
    ex.runThrough(
      inst,
      (view, role) => {
        if (role === 'draft') {
          if (guardEnd < 0) guardEnd = log.length;
          branchStart = log.length;
        }
        return recordingView(view, (k) => void log.push(k));
      },
      () => {
        if (found || !sameJson(ex.stateJson(ex.draft), step.state)) return;
        found = guardEnd < 0 ? [...log] : [...log.slice(0, guardEnd), ...log.slice(branchStart)];
      },
    );
  } catch {
    return []; // the step fails when run again (the trace is of another spec): nothing to explain
  }
  return found ?? [];
}
