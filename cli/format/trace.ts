// Prints a trace: the initial state in full, then per step the process, action, arguments, the
// action's source line and only the variables that changed.
import { relative } from 'node:path';
import type { TraceStep } from '../../checker/result.ts';
import { diffStates, flatten } from './stateDiff.ts';

/** Options of trace printing. */
export interface TraceFormat {
  /** Print whole states at every step. */
  readonly full?: boolean;
  /** Index of the step where a lasso's loop starts. */
  readonly loop?: number;
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
  trace.forEach((step, i) => {
    const n = String(i + 1).padStart(width);
    const loopMark = options.loop === i ? '  <- loop starts here' : '';
    if (i === 0) {
      lines.push(`${n}. initial state${loopMark}`);
      for (const [path, v] of flatten(step.state)) lines.push(`${' '.repeat(width + 4)}${path} = ${v}`);
      return;
    }
    const loc = where(step.location);
    lines.push(`${n}. ${describeStep(step)}${loc ? `   (${loc})` : ''}${loopMark}`);
    if (options.full) {
      for (const [path, v] of flatten(step.state)) lines.push(`${' '.repeat(width + 4)}${path} = ${v}`);
      return;
    }
    const changes = diffStates(trace[i - 1]!.state, step.state);
    if (changes.length === 0) lines.push(`${' '.repeat(width + 4)}(no variable changes)`);
    for (const c of changes) lines.push(`${' '.repeat(width + 4)}${c.path}: ${c.before ?? '-'} -> ${c.after ?? '-'}`);
  });
  return lines;
}
