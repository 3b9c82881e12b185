// `simulate()` of the public API: seeded random walks, for state spaces too large to exhaust.
import type { ParamValue, Spec } from '../spec/defineSpec.ts';
import { importSpec, instantiate } from '../checker/loadSpec.ts';
import { SpecError } from '../checker/SpecError.ts';
import { simulate as walk, type SimulateResult } from '../checker/traces/simulate.ts';
import { ensureSpecLoader } from './specLoader.ts';

/** Options of {@link simulate}. */
export interface SimulateOptions {
  /** Parameter values by name (the others keep their defaults). */
  readonly params?: Readonly<Record<string, ParamValue>>;
  /** The variant to simulate (default: the spec's first). */
  readonly variant?: string;
  /** Any safe integer: the same seed gives the same walks and the same trace (default 0). */
  readonly seed?: number;
  /** Most steps per walk (default 100). */
  readonly depth?: number;
  /** Number of walks (default 1000). */
  readonly runs?: number;
  /** Shrink a violating walk (default true). */
  readonly shrink?: boolean;
  /** Stops early: the outcome is then `ok` with `interrupted: true`. */
  readonly signal?: AbortSignal;
}

/**
 * The outcome of {@link simulate}, by `result`: `ok` (no walk found a violation, `interrupted` when stopped
 * early; not a proof), `violation` (`violation`, the shrunk `trace`, the `walk` as taken and the `run` that
 * found it) or `error`. Every outcome but `error` carries the figures (`runs`, `steps`, `uncovered`, ...).
 */
export type SimulateOutcome = SimulateResult;

/**
 * Takes `runs` random walks of at most `depth` steps through `spec` (a `defineSpec` value or a spec file),
 * checking every property `check` checks on each state reached, as `interleave simulate` does.
 */
export async function simulate(spec: Spec | string, options: SimulateOptions = {}): Promise<SimulateOutcome> {
  try {
    if (typeof spec === 'string') await ensureSpecLoader();
    const s = typeof spec === 'string' ? await importSpec(spec) : spec;
    const loaded = instantiate(s, typeof spec === 'string' ? spec : (s.location?.file ?? `${s.name}.ts`), options.params ?? {}, options.variant);
    return await walk(loaded.model, {
      seed: options.seed ?? 0,
      ...(options.depth !== undefined ? { depth: options.depth } : {}),
      ...(options.runs !== undefined ? { runs: options.runs } : {}),
      ...(options.shrink !== undefined ? { shrink: options.shrink } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
    });
  } catch (e) {
    if (e instanceof SpecError) return { result: 'error', error: e };
    throw e;
  }
}
