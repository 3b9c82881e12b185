// Prints errors: `error[CODE]: message`, the location, a hint, and where in the search it happened.
import type { TraceStep } from '../../checker/result.ts';
import { SpecError } from '../../checker/SpecError.ts';
import { flatten } from './stateDiff.ts';
import { describeStep, formatTrace, where } from './trace.ts';
import { count } from './count.ts';

/** A SpecError as text lines (never a bare stack trace). */
export function formatSpecError(e: SpecError): string[] {
  const lines = [`error[${e.code}]: ${e.message}`];
  if (e.location) lines.push(`  at ${where(e.location)}:${e.location.column}`);
  const c = e.context;
  if (c?.trace?.length) return [...lines, ...formatTraceToError(e, c.trace), ...(e.hint ? [`  hint: ${e.hint}`] : [])];
  if (c?.action) {
    const args = c.args && Object.keys(c.args).length ? ` with ${Object.entries(c.args).map(([k, v]) => `${k}=${String(v)}`).join(', ')}` : '';
    lines.push(`  action: ${c.action}${args}`);
  }
  if (c?.property) lines.push(`  property: ${c.property}`);
  if (c?.depth !== undefined) lines.push(`  step: applied to a state at BFS depth ${c.depth}${c.depth === 1 ? ' (an initial state)' : ''}`);
  if (c?.state !== undefined) {
    lines.push(`  state:`);
    for (const [path, v] of flatten(c.state)) lines.push(`    ${path} = ${v}`);
  }
  if (e.hint) lines.push(`  hint: ${e.hint}`);
  return lines;
}

/**
 * A step the search reached that left a type, printed like a counterexample: the states to the one
 * the step was applied to, then the step and the value.
 */
function formatTraceToError(e: SpecError, trace: readonly TraceStep[]): string[] {
  const c = e.context!;
  const n = trace.length + 1;
  const indent = ' '.repeat(String(n).length + 4);
  const step = c.step ?? { action: c.action ?? null, process: c.process, args: c.args ?? {} };
  const loc = step.location ? `   (${where(step.location)})` : '';
  const lines = ['', `Trace, ${count(trace.length, 'state')}, then the step that leaves the type:`, ...formatTrace(trace)];
  lines.push(`${n}. ${describeStep(step)}${loc}`);
  if (c.value) {
    const before = flatten(trace[trace.length - 1]!.state).get(c.value.path);
    const v = c.value.value;
    const after = flatten(v).get('') ?? (typeof v === 'object' && v !== null ? JSON.stringify(v) : String(v));
    lines.push(`${indent}${c.value.path}: ${before !== undefined ? `${before} -> ` : ''}${after}   outside its type ${c.value.expected}`);
  }
  lines.push('');
  return lines;
}

/** The JSON form of a SpecError for `--json`. */
export function specErrorJson(e: SpecError): Record<string, unknown> {
  return {
    code: e.code,
    message: e.message,
    ...(e.location ? { location: e.location } : {}),
    ...(e.hint ? { hint: e.hint } : {}),
    ...(e.context ? { context: e.context } : {}),
  };
}
