// The counterexample file format, version 1: what `check --out` writes and `replay` reads.
// Data only: the spec is named by path, never embedded as code.
import { dirname, relative, resolve } from 'node:path';
import type { ParamValue } from '../spec/defineSpec.ts';
import type { TraceStep, Violation, ViolationKind } from './result.ts';

export const TRACE_FORMAT = 'interleave-trace';
export const TRACE_VERSION = 1;

/** One step of a trace file. */
export interface TraceFileStep {
  /** The action taken; null for the initial state. */
  readonly action: string | null;
  readonly process?: string;
  readonly args: Readonly<Record<string, unknown>>;
  /** The whole state after the step (JSON form: scalarset ids as names like `Dev0`). */
  readonly state: Readonly<Record<string, unknown>>;
}

/** A counterexample file. */
export interface TraceFile {
  readonly format: typeof TRACE_FORMAT;
  readonly version: typeof TRACE_VERSION;
  /** The spec file, relative to the trace file's folder. */
  readonly spec: string;
  readonly specName: string;
  /** Every parameter's value (defaults included), without `variant`. */
  readonly params: Readonly<Record<string, ParamValue>>;
  readonly variant: string | null;
  readonly symmetry: boolean;
  readonly property: string;
  readonly kind: ViolationKind;
  readonly message?: string;
  /** Index of the step where a lasso's loop starts (temporal properties); absent otherwise. */
  readonly loop?: number;
  readonly steps: readonly TraceFileStep[];
}

/** Builds the file for a violation found in `specFile`, to be written at `outFile`. */
export function toTraceFile(
  outFile: string,
  specFile: string,
  specName: string,
  params: Readonly<Record<string, ParamValue>>,
  symmetry: boolean,
  violation: Violation,
): TraceFile {
  const { variant, ...rest } = params as Record<string, ParamValue>;
  return {
    format: TRACE_FORMAT,
    version: TRACE_VERSION,
    spec: relative(dirname(resolve(outFile)), resolve(specFile)).split('\\').join('/'),
    specName,
    params: rest,
    variant: variant === undefined ? null : String(variant),
    symmetry,
    property: violation.property,
    kind: violation.kind,
    ...(violation.message ? { message: violation.message } : {}),
    ...(violation.loop !== undefined ? { loop: violation.loop } : {}),
    steps: violation.trace.map((s: TraceStep) => ({
      action: s.action,
      ...(s.process ? { process: s.process } : {}),
      args: s.args,
      state: s.state,
    })),
  };
}

/** Serialises a trace file: stable key order, two-space indent, final newline. */
export function formatTraceFile(t: TraceFile): string {
  return `${JSON.stringify(t, null, 2)}\n`;
}
