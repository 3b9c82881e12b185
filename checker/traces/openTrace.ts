// Opens a trace file together with the spec it names, instantiated with the recorded parameters and
// variant. The only code that runs is that spec's (or the one given by `spec`); the trace is data.
import { existsSync } from 'node:fs';
import { relative } from 'node:path';
import { importSpec, instantiate, type LoadedModel } from '../loadSpec.ts';
import { SpecError } from '../SpecError.ts';
import { loadTraceFile, type LoadedTraceFile } from './loadTraceFile.ts';

/** A trace file and the model to run it on. */
export interface OpenedTrace {
  readonly file: LoadedTraceFile;
  readonly loaded: LoadedModel;
  /** The spec file used, as given (the recorded one resolved, or the override). */
  readonly specFile: string;
}

/** Where to run a trace instead of the recorded spec and variant. */
export interface TraceOverrides {
  /** Another spec file (relative to the working directory). */
  readonly spec?: string;
  /** Another variant of the spec. */
  readonly variant?: string;
}

/** Loads `path` and instantiates its spec. Throws SpecError (TRACE_FILE, SPEC_LOAD, PARAM, VARIANT). */
export async function openTrace(path: string, overrides: TraceOverrides = {}): Promise<OpenedTrace> {
  const file = loadTraceFile(path);
  const specFile = overrides.spec ?? (relative(process.cwd(), file.specPath) || file.specPath);
  if (!overrides.spec && !existsSync(file.specPath)) {
    throw new SpecError('SPEC_LOAD', `${path}: the spec it names is not found: ${specFile}`, {
      hint: `the trace names its spec relative to the trace file's folder ("spec": ${JSON.stringify(file.trace.spec)}); give another with --spec`,
    });
  }
  const spec = await importSpec(specFile);
  const variant = overrides.variant ?? file.trace.variant ?? undefined;
  const loaded = instantiate(spec, specFile, file.trace.params, variant);
  return { file, loaded, specFile };
}
