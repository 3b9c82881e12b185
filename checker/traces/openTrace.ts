// Opens a trace file together with the spec it names, instantiated with the recorded parameters and
// variant. The trace is data: the spec it names is loaded only when it is a .ts file inside the working
// tree (traceSpec.ts), and its parameters are checked against the spec's before the model is built.
// The spec given by `spec` (the command line's --spec) is always loaded.
import { instantiate, type LoadedModel } from '../loadSpec.ts';
import { loadedTraceFile, parseTraceJson, readTraceText, validateTraceFile, type LoadedTraceFile } from './loadTraceFile.ts';
import { isItf, openItf } from './openItf.ts';
import { specForTrace } from './traceSpec.ts';

/** A trace file and the model to run it on. */
export interface OpenedTrace {
  readonly file: LoadedTraceFile;
  readonly loaded: LoadedModel;
  /** The spec file used, from the working directory (the recorded one resolved, or the override). */
  readonly specFile: string;
}

/** Where to run a trace instead of the recorded spec and variant, and what to tell the user. */
export interface TraceOverrides {
  /** Another spec file (relative to the working directory): loaded wherever it is. */
  readonly spec?: string;
  /** Another variant of the spec. */
  readonly variant?: string;
  /** For an ITF trace from another tool, which names no parameters: `k=v` pairs as on the command line. */
  readonly params?: readonly string[];
  /** The folder the recorded spec must be in (default: the working tree, see workingTreeRoot). */
  readonly root?: string;
  /** Told, before the import, which spec the trace made us load (`loading spec f.ts (named by trace t.json)`). */
  readonly onSpec?: (notice: string) => void;
}

/**
 * Loads `path` (a trace file, or an ITF trace: openItf.ts) and instantiates its spec.
 * Throws SpecError (TRACE_FILE, SPEC_LOAD, PARAM, VARIANT).
 */
export async function openTrace(path: string, overrides: TraceOverrides = {}): Promise<OpenedTrace> {
  const data = parseTraceJson(readTraceText(path), path);
  if (isItf(data)) return openItf(path, data, overrides);
  validateTraceFile(data, path);
  const file = loadedTraceFile(path, data);
  const { spec, specFile } = await specForTrace(file, path, overrides);
  const variant = overrides.variant ?? file.trace.variant ?? undefined;
  const loaded = instantiate(spec, specFile, file.trace.params, variant);
  return { file, loaded, specFile };
}
