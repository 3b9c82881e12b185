// `minimize()` of the public API: shrinks a counterexample while the same property still fails.
import { SpecError } from '../checker/SpecError.ts';
import type { TraceFile } from '../checker/traceFile.ts';
import { minimizeTrace, type MinimizeResult } from '../checker/traces/minimize.ts';
import { openTraceFor, type TraceTarget } from './openTrace.ts';

/** Options of {@link minimize}. */
export interface MinimizeOptions extends TraceTarget {
  /** Search the shortest traces for the fewest context switches (default true). */
  readonly search?: boolean;
  /** Most (state, process) pairs that search visits (default 100,000). */
  readonly searchBudget?: number;
}

/**
 * The outcome of {@link minimize}, by `result`: `minimized` (the `trace`, replayed, with its size `before`
 * and `after` and what each of the `phases` did), `not-reproduced` (the input does not reproduce: its
 * `replay`) or `error` (the trace or the spec does not load).
 */
export type MinimizeOutcome = MinimizeResult | { readonly result: 'error'; readonly error: SpecError };

/**
 * Minimizes `trace` (a trace file's path, or a parsed trace file): cuts loops, delta-debugs the steps and
 * searches for the fewest context switches, validating every candidate, as `interleave minimize` does.
 * A lasso (temporal property) is returned as it is.
 */
export async function minimize(trace: string | TraceFile, options: MinimizeOptions = {}): Promise<MinimizeOutcome> {
  try {
    const opened = await openTraceFor(trace, options);
    return minimizeTrace(opened.loaded.model, opened.file.trace, {
      noSearch: options.search === false,
      ...(options.searchBudget !== undefined ? { searchBudget: options.searchBudget } : {}),
    });
  } catch (e) {
    if (e instanceof SpecError) return { result: 'error', error: e };
    throw e;
  }
}
