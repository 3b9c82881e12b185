// Opens an ITF trace (checker/traces/itf.ts) for replay, minimize and graph. One that interleave wrote
// carries the trace file in `#meta.interleave` and each step's action in its `#meta`: it converts back
// exactly (fromItf), and names its spec as a trace file does (the same gate, traceSpec.ts). One that
// another tool wrote (Quint, Apalache) names no spec and no actions of ours: the spec is given with
// --spec (and --param, --variant), and the steps are found by following the states through it (matchItf.ts).
import { relative, resolve } from 'node:path';
import { importSpec, instantiate, parseParams } from '../loadSpec.ts';
import { SpecError } from '../SpecError.ts';
import { TRACE_FORMAT, TRACE_VERSION, type TraceFile } from '../traceFile.ts';
import { fromItf, type ItfTrace } from './itf.ts';
import { loadedTraceFile, validateTraceFile } from './loadTraceFile.ts';
import { matchItf } from './matchItf.ts';
import type { OpenedTrace, TraceOverrides } from './openTrace.ts';
import { specForTrace } from './traceSpec.ts';

/** Whether parsed JSON is an ITF trace: an object with a `states` list and a `vars` list or `#meta.format` "ITF". */
export function isItf(data: unknown): data is ItfTrace {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return false;
  const d = data as Record<string, unknown>;
  return Array.isArray(d['states']) && (Array.isArray(d['vars']) || (d['#meta'] as { format?: unknown } | undefined)?.format === 'ITF');
}

/** Opens a parsed ITF trace read from `path`. Throws SpecError (TRACE_FILE, SPEC_LOAD, PARAM, VARIANT). */
export async function openItf(path: string, itf: ItfTrace, overrides: TraceOverrides): Promise<OpenedTrace> {
  if (itf.states.length === 0) throw new SpecError('TRACE_FILE', `${path}: $.states: expected at least one state (the initial state)`);
  itf.states.forEach((s, i) => {
    if (typeof s !== 'object' || s === null || Array.isArray(s)) throw new SpecError('TRACE_FILE', `${path}: $.states[${i}]: expected a state object`);
  });
  const header = itf['#meta']?.['interleave'];
  return header === undefined ? openForeign(path, itf, overrides) : openOwn(path, itf, header, overrides);
}

/** An ITF trace written by interleave: the trace file it was made from. */
async function openOwn(path: string, itf: ItfTrace, header: unknown, overrides: TraceOverrides): Promise<OpenedTrace> {
  // the header is checked as a trace file's would be, with placeholder steps (the states need the schema)
  const placeholder = itf.states.map((_, i) => ({ action: i === 0 ? null : 'step', args: {}, state: {} }));
  const shell = { ...(header as object), steps: placeholder, ...(itf.loop !== undefined ? { loop: itf.loop } : {}) };
  validateTraceFile(shell, `${path}: $['#meta'].interleave`);
  const named = loadedTraceFile(path, shell);
  const { spec, specFile } = await specForTrace(named, path, overrides);
  const loaded = instantiate(spec, specFile, shell.params, overrides.variant ?? shell.variant ?? undefined);
  let trace: TraceFile;
  try {
    trace = fromItf(loaded.model.vars, itf);
  } catch (e) {
    throw new SpecError('TRACE_FILE', `${path}: the states do not have the types of ${specFile}'s variables (${e instanceof Error ? e.message : String(e)})`, {
      hint: 'replay it on the spec it was written from, or give that spec with --spec',
    });
  }
  validateTraceFile(trace, path);
  return { file: loadedTraceFile(path, trace), loaded, specFile };
}

/** An ITF trace written by another tool: followed through the spec given with --spec. */
async function openForeign(path: string, itf: ItfTrace, overrides: TraceOverrides): Promise<OpenedTrace> {
  const specFile = overrides.spec;
  if (specFile === undefined) {
    throw new SpecError('TRACE_FILE', `${path}: an ITF trace written by another tool names no spec of ours ($['#meta'].interleave is missing)`, {
      hint: 'give the spec of the same protocol: interleave replay <trace.itf.json> --spec <spec.ts> [--param k=v] [--variant v]',
    });
  }
  const spec = await importSpec(specFile);
  const loaded = instantiate(spec, specFile, parseParams(spec, overrides.params ?? []), overrides.variant);
  const matched = matchItf(loaded.model, itf.states as readonly Record<string, unknown>[], path);
  overrides.onSpec?.(
    `ITF trace ${path}: ${itf.states.length} state${itf.states.length === 1 ? '' : 's'} from another tool, ${matched.complete ? 'every one matched' : `the first ${matched.steps.length - 1} matched`} on ${specFile}` +
      (matched.inferred.length ? ` (variables not in the trace, taken from the spec: ${matched.inferred.join(', ')})` : ''),
  );
  const { variant, ...params } = loaded.params as Record<string, unknown>;
  const trace = {
    format: TRACE_FORMAT,
    version: TRACE_VERSION,
    spec: relative(resolve(path, '..'), resolve(specFile)).split('\\').join('/'),
    specName: spec.name,
    params,
    variant: variant === undefined ? null : String(variant),
    symmetry: false,
    // the first property that fails on the matched states is what the trace shows; '' when none does
    property: matched.violation?.property ?? '',
    kind: matched.violation?.kind ?? 'invariant',
    ...(matched.violation?.message ? { message: matched.violation.message } : {}),
    steps: matched.steps,
  } as TraceFile;
  return { file: loadedTraceFile(path, trace), loaded, specFile };
}
