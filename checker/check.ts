// Loads a spec and searches it: the one entry used by `check`, `review`, the tests and the bench.
import { relative } from 'node:path';
import type { ParamValue, Spec } from '../spec/defineSpec.ts';
import { bfs, type SearchOptions } from './bfs.ts';
import type { CompiledModel } from './compile.ts';
import { LivenessCheck } from './liveness/LivenessCheck.ts';
import { defaultMemoryLimit, MemoryBudget } from './memory.ts';
import { importSpec, instantiate, parseParams, type LoadedModel } from './loadSpec.ts';
import type { CheckResult, TraceStep } from './result.ts';
import { SpecAudit, type AuditFigures } from './SpecAudit.ts';
import { SpecError } from './SpecError.ts';
import { withStepLocations } from './stepLocations.ts';
import type { SymmetryCheckOptions } from './symmetry/checkSymmetry.ts';
import { reductionOf, testSymmetry, type SymmetryTestFigures } from './symmetry/reduction.ts';
import { symmetryOf } from './symmetry/Symmetry.ts';
import { codeFor, interpretOnly, type CompileReport } from './compiler/index.ts';
import { watchSteps } from './watchdog.ts';
import { parallelBfs, refusedWithWorkers } from './parallel/parallelBfs.ts';
import { withoutProperties } from './withoutProperties.ts';
import { checkpointerFor, type CheckpointReport, type CheckpointRequest } from './checkpoint/forCheck.ts';

export { withoutProperties };

/** What to check. */
export interface CheckRequest extends SearchOptions {
  /** Warn on stderr when one step runs for 10 s without returning (the CLI's check; see checker/watchdog.ts). */
  readonly watchdog?: boolean;
  /** `k=v` strings as given on the command line. */
  readonly paramPairs?: readonly string[];
  /** Parameter values (merged after `paramPairs`). */
  readonly params?: Readonly<Record<string, ParamValue>>;
  readonly variant?: string;
  /** Symmetry reduction over the declared scalarsets; default: on when the spec declares one. */
  readonly symmetry?: boolean;
  /**
   * Testing the declared symmetry. By default (undefined) a sample of the states the search reaches
   * is compared with its images under random permutations (checker/SpecAudit.ts); `true` or options
   * also run fast-check's test before the search; `false` skips both (the reduction is then trusted).
   * A failure comes back as a SYMMETRY error with a witness.
   */
  readonly checkSymmetry?: boolean | SymmetryCheckOptions;
  /**
   * Properties not to check, by name (`deadlock` turns deadlock checking off): lets a search look past
   * a violation it already found. Checks made with `ctx.check` inside effects cannot be skipped.
   */
  readonly skipProperties?: readonly string[];
  /** Compile actions and invariants to code over the packed state (default); `false` runs everything through the views. */
  readonly compile?: boolean;
  /** Worker threads of the search (checker/parallel/); default 1: the search runs on this thread. */
  readonly workers?: number;
  /** Checkpoints: write them into a folder now and then, and/or continue one (checker/checkpoint/). */
  readonly checkpoints?: CheckpointRequest;
}

/** A finished check: the instantiated model (null when loading failed) and the result. */
export interface CheckRun {
  readonly loaded: LoadedModel | null;
  readonly result: CheckResult;
  /** Whether the search stored orbits (symmetry reduction) rather than states. */
  readonly symmetry: boolean;
  /** The symmetry test's figures when `checkSymmetry` was asked for and passed (null: no scalarset to test). */
  readonly symmetryCheck?: SymmetryTestFigures;
  /** How many states the sampled symmetry and determinism tests re-ran (absent when loading failed). */
  readonly audit?: AuditFigures;
  /**
   * True when the spec declares a symmetry but the search ran without it because temporal properties
   * were checked: a cycle of orbits need not be a cycle of states, so symmetry with liveness is unsound.
   */
  readonly symmetryOffForLiveness?: boolean;
  /** What the spec compiler compiled (absent when loading failed or with `compile: false`). */
  readonly compiled?: CompileReport;
  /** With workers: how long they took to start and load the spec (ms), not counted in the result's durationMs. */
  readonly workerStartMs?: number;
  /** With `checkpoints`: the folder and the last checkpoint written. */
  readonly checkpoint?: CheckpointReport;
}

/**
 * Loads `source` (a spec file, or a spec already imported: its file is where `defineSpec` was called),
 * instantiates it and runs the search. Spec and input errors come back as results.
 */
export async function check(source: string | Spec, request: CheckRequest = {}): Promise<CheckRun> {
  let loaded: LoadedModel;
  const file = typeof source === 'string' ? source : (source.location?.file ?? `${source.name}.ts`);
  try {
    const spec = typeof source === 'string' ? await importSpec(source) : source;
    const params = { ...parseParams(spec, request.paramPairs ?? []), ...(request.params ?? {}) };
    loaded = instantiate(spec, file, params, request.variant);
  } catch (e) {
    if (e instanceof SpecError) return { loaded: null, result: { result: 'error', error: e }, symmetry: false };
    throw e;
  }
  if (request.compile === false) interpretOnly(loaded.model);
  const skip = new Set(request.skipProperties ?? []);
  const model = skip.size ? withoutProperties(loaded.model, skip) : loaded.model;
  const refused = constraintWithLiveness(model);
  if (refused) return { loaded, result: { result: 'error', error: refused }, symmetry: false };
  const tested = request.checkSymmetry ? await testSymmetry(model, request.checkSymmetry) : undefined;
  if (tested && !tested.ok) return { loaded, result: { result: 'error', error: tested.error }, symmetry: false };
  // one memory budget for the search's store and the liveness graph
  const memory = request.memory ?? new MemoryBudget(request.maxMemoryBytes ?? defaultMemoryLimit());
  const liveness = LivenessCheck.wanted(model) ? new LivenessCheck(model, memory) : null;
  if (liveness && request.bitstate) return { loaded, result: { result: 'error', error: bitstateWithLiveness(model) }, symmetry: false };
  if (request.bitstate && request.bitstate.bits / 8 > memory.limit - memory.used) return { loaded, result: { result: 'error', error: bitstateOverBudget(request.bitstate.bits, memory.limit) }, symmetry: false };
  const declared = request.symmetry === false ? null : symmetryOf(model);
  // liveness runs on concrete states: symmetry reduction is turned off, and the run says so
  const symmetry = liveness ? null : declared;
  const canonicalize = liveness ? undefined : (symmetry?.canonicalize ?? request.canonicalize);
  const reduction = symmetry ? reductionOf(symmetry, request.onState) : null;
  const checkpointing = request.checkpoints ? checkpointerFor(model, loaded, request, { symmetry: symmetry !== null, liveness: liveness !== null, skip, reduction }) : null;
  if (checkpointing && 'error' in checkpointing) return { loaded, result: { result: 'error', error: checkpointing.error }, symmetry: false };
  // the audit permutes states with its own copy of the symmetry (its workspaces are not shared)
  const audit = new SpecAudit(model, symmetry && request.checkSymmetry !== false ? symmetryOf(model) : null);
  let finished: CheckResult;
  let auditFigures = audit.figures;
  let workerStartMs: number | undefined;
  if ((request.workers ?? 1) > 1) {
    if (request.bitstate) {
      return { loaded, result: { result: 'error', error: new SpecError('USAGE', '--bitstate with --workers: the bit array is not shared between worker threads', { hint: 'drop one of the two' }) }, symmetry: false };
    }
    if (request.disk) {
      return { loaded, result: { result: 'error', error: new SpecError('USAGE', '--disk with --workers: the workers share a visited table in memory, which does not spill', { hint: 'drop one of the two' }) }, symmetry: false };
    }
    const refused = refusedWithWorkers(model, request, symmetry !== null);
    if (refused) return { loaded, result: { result: 'error', error: refused }, symmetry: false };
    const job = { workers: request.workers!, file: loaded.file, params: loaded.params, ...(loaded.variant !== undefined ? { variant: loaded.variant } : {}), compile: request.compile !== false, skipProperties: [...skip], symmetry: symmetry !== null, auditSymmetry: symmetry !== null && request.checkSymmetry !== false };
    const run = await parallelBfs(model, job, { ...request, memory, canonicalize });
    finished = run.result; // with fullStates under symmetry
    auditFigures = run.audit;
    workerStartMs = run.workerStartMs;
  } else {
    // a step that never returns blocks Ctrl-C too: the watchdog says which one it is (checker/watchdog.ts)
    const stopWatchdog = request.watchdog ? watchSteps(model.instances.map((i) => stepName(model, i))) : null;
    try {
      const searched = await bfs(model, { ...request, memory, canonicalize, audit, ...(reduction?.hooks ?? {}), ...(liveness ? liveness.hooks(request) : {}), ...(checkpointing ? { checkpoint: checkpointing.checkpointer } : {}) });
      finished = liveness ? await liveness.finish(searched, request.signal) : reduction ? reduction.finish(searched) : searched;
    } finally {
      stopWatchdog?.();
    }
    auditFigures = audit.figures;
  }
  const result =
    finished.result === 'violation' && finished.violation.trace.length
      ? { ...finished, violation: { ...finished.violation, trace: withStepLocations(model, finished.violation.trace) } }
      : finished.result === 'error' && finished.error.context?.trace
        ? { ...finished, error: errorWithStepLocations(model, finished.error) }
        : finished;
  return {
    loaded,
    result,
    symmetry: symmetry !== null,
    ...(tested ? { symmetryCheck: tested.figures } : {}),
    audit: auditFigures,
    ...(request.compile === false ? {} : { compiled: codeFor(model).report }),
    ...(liveness && (declared || request.canonicalize) ? { symmetryOffForLiveness: true } : {}),
    ...(workerStartMs !== undefined ? { workerStartMs } : {}),
    ...(checkpointing ? { checkpoint: checkpointing.checkpointer.report } : {}),
  };
}

/**
 * A constraint with temporal properties is refused: the liveness graph would hold only the states inside the
 * constraint, and an action whose successors all leave it would look disabled to fairness (TLC evaluates ENABLED
 * on the state, so the two would disagree). Safety checks with a constraint are exact.
 */
function constraintWithLiveness(model: CompiledModel): SpecError | null {
  const c = model.constraints[0];
  if (!c || model.temporal.length === 0) return null;
  return new SpecError('SPEC_DEFINITION', `constraint '${c.name}' with temporal properties (${model.temporal.map((t) => t.name).join(', ')}): liveness under a state constraint is not supported`, {
    location: c.location,
    hint: 'check the temporal properties without the constraint (bound the state in its types instead), or the safety properties with the constraint in a variant that declares no temporal property',
  });
}

/** Bitstate with temporal properties is refused: the state graph needs every state's id, which a bit array does not keep. */
function bitstateWithLiveness(model: CompiledModel): SpecError {
  return new SpecError('USAGE', `--bitstate with temporal properties (${model.temporal.map((t) => t.name).join(', ')}): the liveness check needs the whole state graph, which a bit array does not keep`, {
    hint: 'check the safety properties with --bitstate in a variant that declares no temporal property, or drop --bitstate',
  });
}

/** A bit array larger than the memory budget: refused before the search, as a usage error. */
function bitstateOverBudget(bits: number, limit: number): SpecError {
  const mib = (b: number) => (b / 2 ** 20).toFixed(0);
  return new SpecError('USAGE', `--bitstate: a bit array of ${mib(bits / 8)} MiB does not fit in the memory budget of ${mib(limit)} MiB`, {
    hint: 'give a smaller --bitstate (e.g. --bitstate=28 for 32 MiB) or a larger --max-memory',
  });
}

/** A step error's trace and step, each process step located at its own code. */
function errorWithStepLocations(model: CompiledModel, e: SpecError): SpecError {
  const { trace, step, state } = e.context!;
  if (!trace) return e;
  const located = withStepLocations(model, [...trace, ...(step ? [{ ...step, state: state as TraceStep['state'] }] : [])]);
  const last = step ? located.pop()! : undefined;
  return e.with({ trace: located, ...(last ? { step: { ...step!, ...(last.location ? { location: last.location } : {}) } } : {}) });
}

/** `name (file:line)` of an instance, for the watchdog. */
function stepName(model: CompiledModel, inst: CompiledModel['instances'][number]): string {
  const at = model.actions[inst.action]?.location;
  return at ? `${inst.name} (${relative(process.cwd(), at.file) || at.file}:${at.line})` : inst.name;
}
