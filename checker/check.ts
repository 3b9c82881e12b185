// Loads a spec and searches it: the one entry used by `check`, `review`, the tests and the bench.
import type { ParamValue } from '../spec/defineSpec.ts';
import { bfs, type SearchOptions } from './bfs.ts';
import type { CompiledModel } from './compile.ts';
import { LivenessCheck } from './liveness/LivenessCheck.ts';
import { defaultMemoryLimit, MemoryBudget } from './memory.ts';
import { importSpec, instantiate, parseParams, type LoadedModel } from './loadSpec.ts';
import type { CheckResult } from './result.ts';
import { SpecError } from './SpecError.ts';
import { withStepLocations } from './stepLocations.ts';
import type { SymmetryCheckOptions } from './symmetry/checkSymmetry.ts';
import { reductionOf, testSymmetry, type SymmetryTestFigures } from './symmetry/reduction.ts';
import { symmetryOf } from './symmetry/Symmetry.ts';

/** What to check. */
export interface CheckRequest extends SearchOptions {
  /** `k=v` strings as given on the command line. */
  readonly paramPairs?: readonly string[];
  /** Parameter values (merged after `paramPairs`). */
  readonly params?: Readonly<Record<string, ParamValue>>;
  readonly variant?: string;
  /** Symmetry reduction over the declared scalarsets; default: on when the spec declares one. */
  readonly symmetry?: boolean;
  /**
   * Before searching, test that the spec is symmetric in its scalarsets (fast-check over reachable
   * states and permutations); a failure comes back as a SYMMETRY error with a witness.
   */
  readonly checkSymmetry?: boolean | SymmetryCheckOptions;
  /**
   * Properties not to check, by name (`deadlock` turns deadlock checking off): lets a search look past
   * a violation it already found. Checks made with `ctx.check` inside effects cannot be skipped.
   */
  readonly skipProperties?: readonly string[];
}

/** A finished check: the instantiated model (null when loading failed) and the result. */
export interface CheckRun {
  readonly loaded: LoadedModel | null;
  readonly result: CheckResult;
  /** Whether the search stored orbits (symmetry reduction) rather than states. */
  readonly symmetry: boolean;
  /** The symmetry test's figures when `checkSymmetry` was asked for and passed (null: no scalarset to test). */
  readonly symmetryCheck?: SymmetryTestFigures;
  /**
   * True when the spec declares a symmetry but the search ran without it because temporal properties
   * were checked: a cycle of orbits need not be a cycle of states, so symmetry with liveness is unsound.
   */
  readonly symmetryOffForLiveness?: boolean;
}

/** Loads `file`, instantiates it and runs the search. Spec and input errors come back as results. */
export async function check(file: string, request: CheckRequest = {}): Promise<CheckRun> {
  let loaded: LoadedModel;
  try {
    const spec = await importSpec(file);
    const params = { ...parseParams(spec, request.paramPairs ?? []), ...(request.params ?? {}) };
    loaded = instantiate(spec, file, params, request.variant);
  } catch (e) {
    if (e instanceof SpecError) return { loaded: null, result: { result: 'error', error: e }, symmetry: false };
    throw e;
  }
  const skip = new Set(request.skipProperties ?? []);
  const model = skip.size ? withoutProperties(loaded.model, skip) : loaded.model;
  const tested = request.checkSymmetry ? testSymmetry(model, request.checkSymmetry) : undefined;
  if (tested && !tested.ok) return { loaded, result: { result: 'error', error: tested.error }, symmetry: false };
  // one memory budget for the search's store and the liveness graph
  const memory = request.memory ?? new MemoryBudget(request.maxMemoryBytes ?? defaultMemoryLimit());
  const liveness = LivenessCheck.wanted(model) ? new LivenessCheck(model, memory) : null;
  const declared = request.symmetry === false ? null : symmetryOf(model);
  // liveness runs on concrete states: symmetry reduction is turned off, and the run says so
  const symmetry = liveness ? null : declared;
  const canonicalize = liveness ? undefined : (symmetry?.canonicalize ?? request.canonicalize);
  const reduction = symmetry ? reductionOf(symmetry, request.onState) : null;
  const searched = await bfs(model, { ...request, memory, canonicalize, ...(reduction?.hooks ?? {}), ...(liveness ? liveness.hooks(request) : {}) });
  const finished = liveness ? await liveness.finish(searched, request.signal) : reduction ? reduction.finish(searched) : searched;
  const result =
    finished.result === 'violation' && finished.violation.trace.length
      ? { ...finished, violation: { ...finished.violation, trace: await withStepLocations(loaded.file, finished.violation.trace) } }
      : finished;
  return {
    loaded,
    result,
    symmetry: symmetry !== null,
    ...(tested ? { symmetryCheck: tested.figures } : {}),
    ...(liveness && (declared || request.canonicalize) ? { symmetryOffForLiveness: true } : {}),
  };
}

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
