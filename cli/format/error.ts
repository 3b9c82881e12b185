// Prints errors: `error[CODE]: message`, the location, a hint, and where in the search it happened.
import { SpecError } from '../../checker/SpecError.ts';
import { flatten } from './stateDiff.ts';
import { where } from './trace.ts';

/** A SpecError as text lines (never a bare stack trace). */
export function formatSpecError(e: SpecError): string[] {
  const lines = [`error[${e.code}]: ${e.message}`];
  if (e.location) lines.push(`  at ${where(e.location)}:${e.location.column}`);
  const c = e.context;
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
