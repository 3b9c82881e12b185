// Errors in a user's spec or input, carried as values with a code, a location and a hint.
// The CLI prints them as `error[CODE]: message` / `at file:line:col` and exits 2.
import type { SourceLocation } from '../spec/location.ts';
import type { TraceStep } from './result.ts';

/** What went wrong, by kind. */
export type SpecErrorCode =
  | 'SPEC_LOAD' // the spec file does not load or has no spec export
  | 'SPEC_DEFINITION' // the model is malformed (bad type, unknown label, an effect that returns a value, ...)
  | 'PARAM' // unknown parameter or bad value
  | 'VARIANT' // unknown variant
  | 'VALUE' // a value outside its declared type
  | 'SPEC_THROW' // spec code threw an exception
  | 'TRACE_FILE' // a trace file is malformed, truncated or of another version
  | 'NONDETERMINISTIC' // the same step on the same state gave different results (time, randomness, hidden state)
  | 'SYMMETRY' // the spec is not symmetric in a scalarset it declares (--check-symmetry)
  | 'USAGE'; // a command-line argument is wrong

/** Where in the search an error happened. */
export interface SpecErrorContext {
  readonly action?: string;
  /** The process instance whose step it was, e.g. `thread[Thread1]`. */
  readonly process?: string;
  readonly args?: Readonly<Record<string, unknown>>;
  /** BFS depth of the state the action was applied to (initial states are at 1). */
  readonly depth?: number;
  /** The state (JSON form) the action was applied to. */
  readonly state?: unknown;
  /** The property being evaluated, when the error came from a property. */
  readonly property?: string;
  /** For SYMMETRY errors: the permutation (per scalarset, each id's new name) and the permuted state. */
  readonly permutation?: Readonly<Record<string, Readonly<Record<string, string>>>>;
  readonly image?: unknown;
  /** For VALUE errors: the value that left its type, where, and the type. */
  readonly value?: { readonly path: string; readonly value: unknown; readonly expected: string };
  /**
   * For an error raised by a step the search reached (a value outside its type): the states from an
   * initial state to `state`, the one the step was applied to (its last element), and the step.
   */
  readonly trace?: readonly TraceStep[];
  readonly step?: Omit<TraceStep, 'state'>;
}

/** An error in the spec or the input, not in interleave. */
export class SpecError extends Error {
  constructor(
    readonly code: SpecErrorCode,
    message: string,
    readonly options: { location?: SourceLocation; hint?: string; context?: SpecErrorContext; cause?: unknown } = {},
  ) {
    super(message);
    this.name = 'SpecError';
  }
  get location(): SourceLocation | undefined {
    return this.options.location;
  }
  get hint(): string | undefined {
    return this.options.hint;
  }
  get context(): SpecErrorContext | undefined {
    return this.options.context;
  }
  /** The same error with more context. */
  with(context: SpecErrorContext): SpecError {
    return new SpecError(this.code, this.message, { ...this.options, context: { ...this.options.context, ...context } });
  }
}
