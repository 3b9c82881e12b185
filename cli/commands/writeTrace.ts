// Writes a counterexample file in one of the formats the commands offer: our trace format (read back by
// replay and minimize) or ITF (read by the Apalache and Quint tools). As every --out file (../outputFile.ts).
import type { CompiledModel } from '../../checker/compile.ts';
import { formatTraceFile, type TraceFile } from '../../checker/traceFile.ts';
import { toItf } from '../../checker/traces/itf.ts';
import { writeOutputFile } from '../outputFile.ts';

/** `json`: interleave's trace format v1; `itf`: the Informal Trace Format. */
export type TraceFormatName = 'json' | 'itf';

/** Writes `file` at `path` in `format`. */
export function writeTrace(path: string, file: TraceFile, format: TraceFormatName, model: CompiledModel): void {
  writeOutputFile(path, format === 'itf' ? `${JSON.stringify(toItf(model.vars, file), null, 2)}\n` : formatTraceFile(file));
}
