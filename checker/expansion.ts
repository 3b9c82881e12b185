// Expanding one state of a breadth-first search: its successors, the checks on each step and on each new
// state, deadlock, and the per-action counts. One copy, used by the search on one thread (bfs.ts) and by
// each worker of a parallel search (parallel/worker.ts); what differs between them is only where a
// successor's key goes (the `Sink`): into the visited set at once, or into a worker's list of candidates.
import type { SourceLocation } from '../spec/location.ts';
import type { ActionInstance, CompiledModel } from './compile.ts';
import type { Explorer } from './Explorer.ts';
import { sameSlots } from './packing.ts';
import { MURPHI_DEADLOCK, type CheckResult, type Statistics, type ViolationKind } from './result.ts';
import { SpecError } from './SpecError.ts';
import { rebuildViolationTrace, type TracePath } from './trace.ts';

/** What stops the search: a violation found at a step of `parent`, or at `parent` itself. */
export interface Finding {
  readonly kind: ViolationKind;
  readonly property: string;
  /** The state expanded (its id), or for an initial state -1 - its ordinal among the initial states. */
  readonly parent: number;
  /** The successor's ordinal among `parent`'s successors; -1 when the finding is about `parent` itself. */
  readonly step: number;
  readonly location?: SourceLocation;
  readonly message?: string;
}

/** Where the successors go. */
export interface Sink {
  /**
   * Keys the successor in `ex.draft` (successor `ordinal` of `parent`, by `inst`; for an initial state
   * `parent` is -1 - its ordinal and `inst` null): >= 0 when it is new, < 0 when it was seen before.
   */
  visit(parent: number, ordinal: number, inst: ActionInstance | null): number;
}

/** Options of an expansion, as in SearchOptions. */
export interface ExpansionOptions {
  readonly noDeadlock?: boolean;
  readonly deadlock?: 'tlc' | 'murphi';
}

/** Expands states through one Explorer, counting as TLC counts. */
export interface Expansion {
  /** Visits the initial states (level 1). */
  initial(): Finding | null;
  /** Expands the state in `ex.cur`, whose id is `id`. */
  expand(id: number): Finding | null;
  /** Initial states plus every successor, duplicates included, up to the first finding. */
  readonly counts: { generated: number };
  readonly generatedBy: Float64Array;
  readonly enabledBy: Uint8Array;
  /** Cover properties no new state has satisfied yet. */
  readonly uncovered: Set<string>;
}

export function expansion(model: CompiledModel, ex: Explorer, sink: Sink, options: ExpansionOptions): Expansion {
  const counts = { generated: 0 };
  const generatedBy = new Float64Array(model.actions.length);
  const enabledBy = new Uint8Array(model.actions.length);
  const uncovered = new Set(model.covers.map((c) => c.name));
  const checkDeadlock = model.checkDeadlock && !options.noDeadlock;
  const murphiDeadlock = checkDeadlock && options.deadlock === 'murphi';
  const hasInvariants = model.invariants.length > 0;
  const hasActionInvariants = model.actionInvariants.length > 0;
  const hasConstraints = model.constraints.length > 0;
  const covers = (): void => {
    for (const c of model.covers) if (uncovered.has(c.name) && ex.holds(c.name, c.test)) uncovered.delete(c.name);
  };

  let progressed = false; // murphi: whether the state being expanded has a successor other than itself
  let id = 0; // the state being expanded
  let ordinal = 0;
  let found: Finding | null = null;
  const at = (kind: ViolationKind, property: string, parent: number, step: number, location?: SourceLocation, message?: string): Finding => ({
    kind,
    property,
    parent,
    step,
    ...(location ? { location } : {}),
    ...(message !== undefined ? { message } : {}),
  });

  // one successor callback for the whole search (not a closure per state): it reads the state being expanded from `id`
  const onSuccessor = (inst: ActionInstance): void => {
    if (found) return;
    const k = ordinal++;
    if (k > 0xffff) throw new SpecError('SPEC_DEFINITION', `a state has more than 65,536 successors (action '${inst.name}')`, { location: ex.model.actions[inst.action]?.location });
    counts.generated++;
    if (murphiDeadlock && !progressed) progressed = !sameSlots(ex.draft, ex.cur);
    generatedBy[inst.action]++;
    enabledBy[inst.action] = 1;
    const failed = ex.checkFailure;
    if (failed) {
      found = at('action', failed.property, id, k, undefined, failed.message);
      return;
    }
    const ai = hasActionInvariants ? ex.violatedActionInvariant(inst) : null;
    if (ai) {
      found = at('action', ai.name, id, k, ai.location);
      return;
    }
    // TLC's doNext: a successor outside the constraint is counted (above) and checked against the
    // invariants, every time it is generated (it is never "seen"), but neither stored nor explored
    if (hasConstraints && !ex.inModel()) {
      const inv = hasInvariants ? ex.violatedInvariant() : null;
      if (inv) found = at('invariant', inv.name, id, k, inv.location);
      return;
    }
    if (sink.visit(id, k, inst) < 0) return;
    const inv = hasInvariants ? ex.violatedInvariant() : null;
    if (inv) {
      found = at('invariant', inv.name, id, k, inv.location);
      return;
    }
    if (uncovered.size) covers();
  };

  return {
    counts,
    generatedBy,
    enabledBy,
    uncovered,
    initial() {
      let initialOrdinal = 0;
      ex.initial(() => {
        const k = initialOrdinal++;
        if (found) return; // the counts stop at the finding, as the one-thread search reports them
        counts.generated++;
        // TLC's DoInitFunctor: an initial state outside the constraint is counted and checked, not stored
        if (hasConstraints && !ex.inModel()) {
          const inv = ex.violatedInvariant();
          if (inv) found = at('invariant', inv.name, -1 - k, -1, inv.location);
          return;
        }
        if (sink.visit(-1 - k, 0, null) < 0) return;
        const inv = ex.violatedInvariant();
        if (inv) found = at('invariant', inv.name, -1 - k, -1, inv.location);
        covers();
      });
      return found;
    },
    expand(state) {
      id = state;
      ordinal = 0;
      progressed = false;
      const successors = ex.expand(onSuccessor);
      if (found) return found;
      if (successors === 0 && checkDeadlock) {
        if (!ex.isTerminal()) return at('deadlock', 'deadlock', id, -1, undefined, 'no action is enabled');
      } else if (murphiDeadlock && !progressed && !ex.isTerminal()) {
        return at('deadlock', MURPHI_DEADLOCK, id, -1, undefined, 'every enabled action leads back to this state');
      }
      return null;
    },
  };
}

/** The path of a finding, given the path to a stored state. */
export function findingPath(f: Finding, pathTo: (id: number) => TracePath): TracePath {
  if (f.parent < 0) return { initial: -1 - f.parent, steps: [] };
  const to = pathTo(f.parent);
  return f.step < 0 ? to : { initial: to.initial, steps: [...to.steps, f.step] };
}

/** The result of a finding: a violation with its trace rebuilt (concrete under symmetry), and the statistics. */
export function findingResult(model: CompiledModel, f: Finding, pathTo: (id: number) => TracePath, canonicalize: ((src: Int32Array, dst: Int32Array) => void) | undefined, stats: Statistics): CheckResult {
  const { kind, property } = f;
  // under symmetry the trace is concrete, and so is a check's message about its last step
  const { trace, message } = rebuildViolationTrace(model, findingPath(f, pathTo), canonicalize, { kind, property });
  const extra = { ...(f.location ? { location: f.location } : {}), ...(f.message !== undefined ? { message: f.message } : {}) };
  return { result: 'violation', violation: { kind, property, trace, ...extra, ...(message !== undefined ? { message } : {}) }, ...stats };
}

/** After a complete search: the first cover property no state satisfied, as a violation; else ok. */
export function completeResult(model: CompiledModel, uncovered: ReadonlySet<string>, stats: Statistics): CheckResult {
  for (const c of model.covers) {
    if (uncovered.has(c.name)) {
      return { result: 'violation', violation: { kind: 'cover', property: c.name, trace: [], message: 'no reachable state satisfies it', location: c.location }, ...stats };
    }
  }
  return { result: 'ok', ...stats };
}
