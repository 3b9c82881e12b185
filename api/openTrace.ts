// A trace given to the API (a trace file's path, or its parsed contents) and the spec to run it on (the
// one the file names, or one given as a `defineSpec` value or a path), as checker/traces/openTrace.ts
// opens them for the CLI: a spec named by a trace is loaded only from inside the working tree.
import { relative } from 'node:path';
import type { Spec } from '../spec/defineSpec.ts';
import { importSpec, instantiate } from '../checker/loadSpec.ts';
import { SpecError } from '../checker/SpecError.ts';
import type { TraceFile } from '../checker/traceFile.ts';
import { loadTraceFile, parseTraceFile, type LoadedTraceFile } from '../checker/traces/loadTraceFile.ts';
import type { OpenedTrace } from '../checker/traces/openTrace.ts';
import { checkTraceParams, specNamedByTrace } from '../checker/traces/traceSpec.ts';
import { ensureSpecLoader } from './specLoader.ts';

/** Which spec and variant to run a trace on. */
export interface TraceTarget {
  /** Run on this spec (a `defineSpec` value, or a spec file) rather than the one the trace file names; required for a trace given as an object. */
  readonly spec?: Spec | string;
  /** Run on this variant rather than the recorded one. */
  readonly variant?: string;
}

/** Opens `trace` for `target`; throws SpecError (TRACE_FILE, SPEC_LOAD, PARAM, VARIANT, USAGE). */
export async function openTraceFor(trace: string | TraceFile, target: TraceTarget = {}): Promise<OpenedTrace> {
  const file: LoadedTraceFile =
    typeof trace === 'string' ? loadTraceFile(trace) : { path: '(trace object)', trace: parseTraceFile(JSON.stringify(trace), '(trace object)'), specPath: '' };
  let spec: Spec;
  let specFile: string;
  if (typeof target.spec === 'object') {
    spec = target.spec;
    specFile = spec.location ? relative(process.cwd(), spec.location.file) || spec.location.file : `${spec.name}.ts`;
  } else {
    if (target.spec === undefined && typeof trace !== 'string') {
      throw new SpecError('USAGE', 'a trace given as an object does not say where its spec is', { hint: 'pass { spec } (the defineSpec value or its file)' });
    }
    specFile = target.spec ?? specNamedByTrace(file);
    await ensureSpecLoader();
    spec = await importSpec(specFile);
  }
  checkTraceParams(file, spec, target.variant);
  const loaded = instantiate(spec, specFile, file.trace.params, target.variant ?? file.trace.variant ?? undefined);
  return { file, loaded, specFile };
}
