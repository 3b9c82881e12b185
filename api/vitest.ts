// `import 'interleave/vitest'`: vitest matchers over specs and traces. Importing this module registers them
// (`expect.extend`) and adds their types to vitest's `Assertion` (module augmentation). A failure prints
// what `interleave check` or `interleave replay` would: the verdict, the counterexample step by step with
// each step's source line, the statistics.
import { expect } from 'vitest';
import { isSpec, type Spec } from '../spec/defineSpec.ts';
import type { TraceFile } from '../checker/traceFile.ts';
import type { ViolationKind } from '../checker/result.ts';
import { formatCheck } from '../cli/format/check.ts';
import { formatSpecError } from '../cli/format/error.ts';
import { formatReplay } from '../cli/format/replay.ts';
import { checkRun, type CheckOptions } from './check.ts';
import { replayRun, type ReplayOptions } from './replay.ts';
import { count } from '../cli/format/count.ts';

/** Options of `toViolate`: those of `check`, and bounds on the violation found. */
export interface ViolateOptions extends CheckOptions {
  /** The counterexample has at most this many states (the initial one included). */
  readonly maxTraceLength?: number;
  /** The counterexample has exactly this many states (the search finds a shortest one). */
  readonly traceLength?: number;
  /** The violated property is of this kind (`invariant`, `action`, `deadlock`, `cover`, `temporal`). */
  readonly kind?: ViolationKind;
}

/** The matchers `interleave/vitest` adds. */
export interface InterleaveMatchers {
  /**
   * The spec (a `defineSpec` value or a spec file) has no violation in any reachable state, and the search
   * was complete. Await it: `await expect(spec).toPass({ params: { threads: 3 } })`.
   */
  toPass(options?: CheckOptions): Promise<void>;
  /**
   * The spec's shortest counterexample violates `property` (within `maxTraceLength` states, of `kind`).
   * Await it: `await expect(spec).toViolate('mutualExclusion', { variant: 'racy', maxTraceLength: 5 })`.
   */
  toViolate(property: string, options?: ViolateOptions): Promise<void>;
  /**
   * The trace (a trace file's path, or a parsed trace file with `{ spec }`) replays to its recorded
   * violation at its last step, as recorded. Await it: `await expect('counterexamples/lock/racy.json').toReproduce()`.
   */
  toReproduce(options?: ReplayOptions): Promise<void>;
}

declare module 'vitest' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface Assertion<T = any> extends InterleaveMatchers {}
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface AsymmetricMatchersContaining extends InterleaveMatchers {}
}

type Received = Spec | string;

/** Why `received` is not a spec, or null. */
function notASpec(received: unknown): { pass: false; message: () => string } | null {
  if (typeof received === 'string' || isSpec(received)) return null;
  return { pass: false, message: () => `expected a spec (the value of defineSpec) or the path of a spec file, got ${typeof received === 'object' ? JSON.stringify(received) : String(received)}` };
}

expect.extend({
  async toPass(received: Received, options: CheckOptions = {}) {
    const refused = notASpec(received);
    if (refused) return refused;
    const run = await checkRun(received, options);
    const r = run.result;
    const report = r.result === 'error' ? formatSpecError(r.error).join('\n') : formatCheck(run.loaded!, r, {});
    return {
      pass: r.result === 'ok',
      message: () => (this.isNot ? `expected the spec to fail, but:\n${report}` : `expected the spec to pass, but:\n${report}`),
    };
  },
  async toViolate(received: Received, property: string, options: ViolateOptions = {}) {
    const refused = notASpec(received);
    if (refused) return refused;
    const run = await checkRun(received, options);
    const r = run.result;
    const report = r.result === 'error' ? formatSpecError(r.error).join('\n') : formatCheck(run.loaded!, r, {});
    const v = r.result === 'violation' ? r.violation : null;
    const length = options.traceLength !== undefined ? ` in ${count(options.traceLength, 'state')}` : options.maxTraceLength !== undefined ? ` in at most ${count(options.maxTraceLength, 'state')}` : '';
    const want = `a violation of ${property}${options.kind ? ` (${options.kind})` : ''}${length}`;
    const pass =
      v !== null &&
      v.property === property &&
      (options.kind === undefined || v.kind === options.kind) &&
      (options.maxTraceLength === undefined || v.trace.length <= options.maxTraceLength) &&
      (options.traceLength === undefined || v.trace.length === options.traceLength);
    return { pass, message: () => `expected ${this.isNot ? 'no ' : ''}${want}, but:\n${report}` };
  },
  async toReproduce(received: string | TraceFile, options: ReplayOptions = {}) {
    const { opened, outcome } = await replayRun(received, options);
    const report = outcome.outcome === 'error' ? formatSpecError(outcome.error).join('\n') : formatReplay(opened!, outcome, {});
    const recorded = opened ? opened.file.trace.steps.length - 1 : -1;
    return {
      pass: outcome.outcome === 'reproduced' && outcome.step === recorded,
      message: () => `expected the trace ${this.isNot ? 'not ' : ''}to reproduce its violation, but:\n${report}`,
    };
  },
});
