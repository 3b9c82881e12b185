// `replay()` of the public API: re-runs a recorded counterexample on its spec or an edited one.
import { SpecError } from '../checker/SpecError.ts';
import type { TraceFile } from '../checker/traceFile.ts';
import type { OpenedTrace } from '../checker/traces/openTrace.ts';
import { replay as replayOn, type ReplayResult } from '../checker/traces/replay.ts';
import { openTraceFor, type TraceTarget } from './openTrace.ts';
import { withStepLocations } from '../checker/stepLocations.ts';

/** Options of {@link replay}. */
export interface ReplayOptions extends TraceTarget {
  /** Run every step twice and compare, to catch nondeterministic spec code (default true). */
  readonly checkDeterminism?: boolean;
}

/**
 * The outcome of {@link replay}, by `outcome`: `reproduced` (the recorded property fails at `step`),
 * `diverged` (at `step`, for `reason`: `initial-state`, `unknown-action`, `not-enabled`, `different-state`
 * or `other-property`), `passes` (every step replays and nothing fails), `nondeterministic` (a step gave two
 * different results on the same state) or `error` (the trace or the spec does not load).
 */
export type ReplayOutcome = ReplayResult | { readonly outcome: 'error'; readonly error: SpecError };

/**
 * Replays `trace` (a trace file's path, or a parsed trace file) on the spec it names, or on `options.spec`,
 * as `interleave replay` does.
 */
export async function replay(trace: string | TraceFile, options: ReplayOptions = {}): Promise<ReplayOutcome> {
  return (await replayRun(trace, options)).outcome;
}

/** The replay and the opened trace (the matchers format both as the CLI does). */
export async function replayRun(trace: string | TraceFile, options: ReplayOptions = {}): Promise<{ opened: OpenedTrace | null; outcome: ReplayOutcome }> {
  let opened: OpenedTrace;
  try {
    opened = await openTraceFor(trace, options);
  } catch (e) {
    if (e instanceof SpecError) return { opened: null, outcome: { outcome: 'error', error: e } };
    throw e;
  }
  try {
    const replayed = replayOn(opened.loaded.model, opened.file.trace, { checkDeterminism: options.checkDeterminism ?? true });
    return { opened, outcome: { ...replayed, trace: withStepLocations(opened.loaded.model, replayed.trace) } };
  } catch (e) {
    if (e instanceof SpecError) return { opened, outcome: { outcome: 'error', error: e } };
    throw e;
  }
}
