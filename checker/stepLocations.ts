// A process step's own source line. The builder records one location per `.process(...)` call (the call
// stack cannot see object-literal keys), so a trace's steps are given the line of their own code: the
// line of their label when the label is written out just above their guard or effect, else the line of
// that guard or effect (a step built in a loop or by a helper); a step with no function of its own (a
// call step) at its label after the declaring call. The function's location comes from V8's inspector
// (functionLocation.ts); only done for traces that are printed or returned.
import { readFileSync } from 'node:fs';
import { isUserFile, type SourceLocation } from '../spec/location.ts';
import type { CompiledModel } from './compile.ts';
import { functionLocation } from './functionLocation.ts';
import type { ActionCoverage, TraceStep } from './result.ts';

const lineCache = new Map<string, readonly string[] | null>();
const stepCache = new WeakMap<object, SourceLocation | null>();

/** The trace with every process step located at its own code (others unchanged). */
export function withStepLocations(model: CompiledModel, trace: readonly TraceStep[]): TraceStep[] {
  return trace.map((s) => {
    if (!s.process || !s.action) return s;
    const entry = model.actions.find((a) => a.name === s.action && a.process);
    const location = entry ? stepLocation(entry) : undefined;
    return location ? Object.freeze({ ...s, location }) : s;
  });
}

/** Where a process step's code is, or undefined when no function of it lies in the user's files. */
export function stepLocation(entry: CompiledModel['actions'][number]): SourceLocation | undefined {
  let got = stepCache.get(entry);
  if (got === undefined) stepCache.set(entry, (got = locate(entry) ?? null));
  return got ?? undefined;
}

function locate(entry: CompiledModel['actions'][number]): SourceLocation | undefined {
  const label = entry.process?.label;
  const fns = [entry.when, entry.effect, typeof entry.process?.next === 'function' ? entry.process.next : undefined];
  for (const fn of fns) {
    if (!fn) continue;
    const at = functionLocation(fn);
    if (!at || !isUserFile(at.file)) continue;
    return (label ? labelAbove(at, label) : undefined) ?? { file: at.file, line: at.line, column: at.column };
  }
  // no function of its own in the user's files (a call step, a procedure's step run by a wrapper): its label
  // written out after the `.process(...)` or `.procedure(...)` call
  return label && entry.location ? labelAfter(entry.location, label) : undefined;
}

/** The first line at or after the declaring call's that writes `label:`. */
function labelAfter(at: SourceLocation, label: string): SourceLocation | undefined {
  const lines = linesOf(at.file);
  if (!lines) return undefined;
  const key = labelKey(label);
  for (let i = at.line - 1; i < Math.min(lines.length, at.line + 400); i++) {
    const m = key.exec(lines[i]!);
    if (m) return { file: at.file, line: i + 1, column: m.index + m[1]!.length + 1 };
  }
  return undefined;
}

const labelKey = (label: string) => new RegExp(`(^|[\\s{,])['"]?${label}['"]?\\s*:`);

function linesOf(file: string): readonly string[] | null {
  let lines = lineCache.get(file);
  if (lines === undefined) {
    try {
      lines = readFileSync(file, 'utf8').split('\n');
    } catch {
      lines = null;
    }
    lineCache.set(file, lines);
  }
  return lines;
}

/** The line of `label:` at or up to a few lines above the function (the step's object literal), if written out. */
function labelAbove(at: SourceLocation, label: string): SourceLocation | undefined {
  const lines = linesOf(at.file);
  if (!lines) return undefined;
  const key = labelKey(label);
  for (let i = at.line - 1; i >= Math.max(0, at.line - 8); i--) {
    const text = i === at.line - 1 ? lines[i]!.slice(0, at.column - 1) : lines[i]!;
    const m = key.exec(text ?? '');
    if (m) return { file: at.file, line: i + 1, column: m.index + m[1]!.length + 1 };
    // the step's object starts here: a label further up belongs to another step
    if (i < at.line - 1 && /^\s*\w+\s*:\s*\{\s*$/.test(text ?? '')) return undefined;
  }
  return undefined;
}

/** Coverage with every process step located at its own code, as in traces (others unchanged). */
export function coverageWithStepLocations(model: CompiledModel, coverage: readonly ActionCoverage[]): ActionCoverage[] {
  return coverage.map((c) => {
    const entry = model.actions.find((a) => a.name === c.action && a.process);
    const location = entry ? stepLocation(entry) : undefined;
    return location ? Object.freeze({ ...c, location }) : c;
  });
}
