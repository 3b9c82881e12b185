// `check()` of the public API: an exhaustive search of a spec (an imported `defineSpec` value or a spec
// file), its result a discriminated union on `result`. Loose options in, the checker's request out.
import type { ParamValue, Spec } from '../spec/defineSpec.ts';
import { check as runSearch, type CheckRun } from '../checker/check.ts';
import type { CheckResult } from '../checker/result.ts';
import { ensureSpecLoader } from './specLoader.ts';

/**
 * Options of {@link check}: the command line's options of `interleave check` that decide a result, typed. The
 * options for searches at scale (`--workers`, `--bitstate`, `--disk`, `--checkpoint`, `--resume`) are the CLI's.
 */
export interface CheckOptions {
  /** Parameter values by name (the others keep their defaults). */
  readonly params?: Readonly<Record<string, ParamValue>>;
  /** The variant to check (default: the spec's first). */
  readonly variant?: string;
  /** Stop after this many distinct states: the result is then `incomplete` (`--max-states`). */
  readonly maxStates?: number;
  /** Memory budget of the search's typed arrays, in MiB (`--max-memory`; default: 75% of the machine's memory). */
  readonly maxMemoryMiB?: number;
  /** What a deadlock is: `'tlc'` (no successor, the default), `'murphi'` (also: every successor is the state itself), or `false` (not checked). */
  readonly deadlock?: 'tlc' | 'murphi' | false;
  /** Symmetry reduction over the scalarsets (default true; counts are then orbits). */
  readonly symmetry?: boolean;
  /** Test the declared symmetry: by default on a sample of the states reached; `true` also runs a randomized test first; `false` trusts it. */
  readonly checkSymmetry?: boolean;
  /** Compile actions and invariants to code over the packed state (default true); `false` runs the views only. */
  readonly compile?: boolean;
  /** Properties not to check, by name (`deadlock`: no deadlock check), to look past a violation already known. */
  readonly skipProperties?: readonly string[];
  /** Stops the search: the result is then `incomplete` with reason `interrupted`. */
  readonly signal?: AbortSignal;
}

/** What every outcome of {@link check} says about the run. */
export interface CheckContext {
  /** The spec's name (`defineSpec({ name })`); the file's name when it does not load. */
  readonly specName: string;
  /** Every parameter's value, defaults filled in (empty when the spec does not load). */
  readonly params: Readonly<Record<string, ParamValue>>;
  /** The variant checked; null when the spec has none. */
  readonly variant: string | null;
  /** Whether the counts are orbits under symmetry reduction rather than states. */
  readonly symmetry: boolean;
}

/**
 * The outcome of {@link check}, by `result`: `ok` (no violation in any reachable state), `violation`
 * (`violation.property`, `violation.kind` and a shortest `violation.trace`), `incomplete` (the search stopped
 * early, `reason`: it proves nothing) or `error` (the spec does not load or build, a value outside its type,
 * an asymmetric or nondeterministic spec: `error.code`, `error.message`, `error.location`). Every outcome but
 * `error` carries the statistics (`distinctStates`, `generatedStates`, `depth`, `coverage`, ...).
 */
export type CheckOutcome = CheckResult & CheckContext;

/**
 * Checks every reachable state of `spec` (a `defineSpec` value, or the path of a spec file) against its
 * invariants, action properties, covers, deadlock and temporal properties, as `interleave check` does.
 * Never throws for a problem with the spec: that is the `error` outcome.
 *
 * ```ts
 * const r = await check(lock, { variant: 'racy' });
 * if (r.result === 'violation') console.log(r.violation.property, r.violation.trace.length);
 * ```
 */
export async function check(spec: Spec | string, options: CheckOptions = {}): Promise<CheckOutcome> {
  return outcomeOf(await checkRun(spec, options));
}

/** The checker's run for the API's options (the matchers format it as the CLI does). */
export async function checkRun(spec: Spec | string, options: CheckOptions = {}): Promise<CheckRun> {
  if (typeof spec === 'string') await ensureSpecLoader();
  return runSearch(spec, {
    params: options.params,
    variant: options.variant,
    maxStates: options.maxStates,
    ...(options.maxMemoryMiB !== undefined ? { maxMemoryBytes: options.maxMemoryMiB * 2 ** 20 } : {}),
    noDeadlock: options.deadlock === false,
    ...(options.deadlock === 'murphi' ? { deadlock: 'murphi' as const } : {}),
    symmetry: options.symmetry,
    checkSymmetry: options.checkSymmetry,
    compile: options.compile,
    skipProperties: options.skipProperties,
    signal: options.signal,
  });
}

/** The run as the public union. */
export function outcomeOf(run: CheckRun): CheckOutcome {
  const { variant, ...params } = (run.loaded?.params ?? {}) as Record<string, ParamValue>;
  const context: CheckContext = {
    specName: run.loaded?.spec.name ?? '',
    params,
    variant: variant === undefined ? null : String(variant),
    symmetry: run.symmetry,
  };
  return { ...run.result, ...context };
}
