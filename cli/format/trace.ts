// Prints a trace: the initial state (summarised to what the steps read or change, or in full), then per
// step the process, action, arguments, the step's source line, the variables that changed and the values
// that decided it (read and left unchanged).
import { relative } from 'node:path';
import type { TraceStep } from '../../checker/result.ts';
import type { CompiledModel } from '../../checker/compile.ts';
import { withStepLocations } from '../../checker/stepLocations.ts';
import { explainTrace, type TraceExplanation } from '../../checker/traces/explain.ts';
import { explainInvariant } from '../../checker/traces/explainInvariant.ts';
import { formatLanes } from './lanes.ts';
import { shownState, shownTrace } from './shownValues.ts';
import { diffStates, flatten } from './stateDiff.ts';

/** Options of trace printing. */
export interface TraceFormat {
  /** Print whole states at every step. */
  readonly full?: boolean;
  /** Index of the step where a lasso's loop starts. */
  readonly loop?: number;
  /** What each step read (checker/traces/explain.ts): adds `read:` lines, and summarises the initial state. */
  readonly explain?: TraceExplanation;
  /** Display names (`as`) by action name: printed after the label, `setup_invalidateStart [migrate_vma_setup]`. */
  readonly names?: ReadonlyMap<string, string>;
  /** Print the trace as lanes, one column per process (lanes.ts). */
  readonly lanes?: boolean;
}

/** `action(arg=value, ...)` as printed in traces. */
export function describeStep(step: Pick<TraceStep, 'action' | 'process' | 'args'>): string {
  const args = Object.entries(step.args).filter(([k]) => !(step.process && k === 'self'));
  // a process step's action is `process.label`: after the process name, the label says it
  const name = step.process && step.action?.includes('.') ? step.action.slice(step.action.indexOf('.') + 1) : step.action;
  const call = `${name}${args.length ? `(${args.map(([k, v]) => `${k}=${Array.isArray(v) ? `{${v.join(', ')}}` : String(v)}`).join(', ')})` : ''}`;
  return step.process ? `${step.process}: ${call}` : call;
}

/** A printable location, relative to the working directory. */
export function where(loc: { file: string; line: number } | undefined): string {
  return loc ? `${relative(process.cwd(), loc.file) || loc.file}:${loc.line}` : '';
}

/** The trace as text lines. */
export function formatTrace(trace: readonly TraceStep[], options: TraceFormat = {}): string[] {
  const lines: string[] = [];
  const width = String(trace.length).length;
  const pad = ' '.repeat(width + 4);
  const explain = options.full ? undefined : options.explain;
  trace.forEach((step, i) => {
    const n = String(i + 1).padStart(width);
    const loopMark = options.loop === i ? '  <- loop starts here' : '';
    if (i === 0) {
      lines.push(`${n}. initial state${loopMark}`);
      const all = [...flatten(step.state)];
      const shown = explain ? all.filter(([path]) => explain.touched.has(path)) : all;
      for (const [path, v] of shown) lines.push(`${pad}${path} = ${v}`);
      const hidden = all.length - shown.length;
      if (hidden > 0) lines.push(`${pad}(${hidden} other variable${hidden === 1 ? '' : 's'} that no step reads or changes; --full prints them)`);
      return;
    }
    const loc = where(step.location);
    const shown = options.names?.get(step.action ?? '');
    lines.push(`${n}. ${describeStep(step)}${shown ? ` [${shown}]` : ''}${loc ? `   (${loc})` : ''}${loopMark}`);
    if (options.full) {
      for (const [path, v] of flatten(step.state)) lines.push(`${pad}${path} = ${v}`);
      return;
    }
    const changes = diffStates(trace[i - 1]!.state, step.state);
    if (changes.length === 0) lines.push(`${pad}(no variable changes)`);
    for (const c of changes) lines.push(`${pad}${c.path}: ${c.before ?? '-'} -> ${c.after ?? '-'}`);
    const reads = explain?.reads[i] ?? [];
    if (reads.length) lines.push(...wrapList(`${pad}read: `, reads.map((r) => `${r.path} = ${r.value}`)));
  });
  return lines;
}

/** `head` then the items, comma-separated, in lines of at most 100 characters (continuations indented under the first item). */
export function wrapList(head: string, items: readonly string[], max = 100): string[] {
  const lines: string[] = [];
  let line = head;
  for (const [k, item] of items.entries()) {
    const piece = `${item}${k < items.length - 1 ? ',' : ''}`;
    if (line.length > head.length && line.length + 1 + piece.length > max) {
      lines.push(line);
      line = ' '.repeat(head.length);
    }
    line += `${line.trim().length && line.length > head.length ? ' ' : ''}${piece}`;
  }
  lines.push(line);
  return lines;
}

/** The reads of a trace's steps, for printing; undefined when the trace cannot be run again on `model`. */
export function explainFor(model: CompiledModel, trace: readonly TraceStep[]): TraceExplanation | undefined {
  try {
    return explainTrace(model, trace);
  } catch {
    return undefined;
  }
}

/** A trace of `model` as text lines: each step located at its own code and shown with what it read. */
export function printTrace(model: CompiledModel, raw: readonly TraceStep[], options: Omit<TraceFormat, 'explain' | 'names'> = {}): string[] {
  const trace = shownTrace(model, raw);
  const explain = shownReads(explainFor(model, raw), trace);
  if (options.lanes) return formatLanes(trace, { model, ...(explain ? { explain } : {}), ...(options.loop !== undefined ? { loop: options.loop } : {}) });
  const names = new Map(model.actions.filter((a) => a.as !== undefined).map((a) => [a.name, a.as!]));
  return formatTrace(withStepLocations(model, trace), { ...options, ...(explain ? { explain } : {}), ...(names.size ? { names } : {}) });
}

/** The reads with their values as printed (values of `shownAs` enums in their words). */
function shownReads(explain: TraceExplanation | undefined, trace: readonly TraceStep[]): TraceExplanation | undefined {
  if (!explain) return undefined;
  return {
    touched: explain.touched,
    reads: explain.reads.map((reads, i) => {
      if (i === 0 || reads.length === 0) return reads;
      const before = flatten(trace[i - 1]!.state);
      return reads.map((r) => ({ path: r.path, value: before.get(r.path) ?? r.value }));
    }),
  };
}

/** Why an invariant fails on the last state of `trace`: its false part (and witness) and the values it read. */
export function invariantReasonLines(model: CompiledModel, violation: { readonly kind: string; readonly property: string }, trace: readonly TraceStep[]): string[] {
  const last = trace[trace.length - 1];
  if (violation.kind !== 'invariant' || !last) return [];
  const reason = explainInvariant(model, violation.property, last.state);
  if (!reason) return [];
  const printed = flatten(shownState(model.vars, last.state));
  return [
    ...reason.parts.map((p) => `  false: ${p.text.replace(/\s+/g, ' ')}${p.witness ? `, ${p.witness}` : ''}`),
    ...(reason.values.length ? wrapList('  with: ', reason.values.map((r) => `${r.path} = ${printed.get(r.path) ?? r.value}`)) : []),
  ];
}
