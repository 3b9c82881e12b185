// Prints the outcome of `interleave simulate`: the verdict with the seed and walk that found it, how far
// the trace was shrunk, the trace, and the commands that reproduce the walk and replay the trace.
import type { LoadedModel } from '../../checker/loadSpec.ts';
import type { SimulateResult } from '../../checker/traces/simulate.ts';
import { describeRun } from './check.ts';
import { formatSpecError } from './error.ts';
import { describeViolation } from './replay.ts';
import { invariantReasonLines, printTrace, where } from './trace.ts';
import { count } from './count.ts';

const n = (x: number) => x.toLocaleString('en-US');

/** The human-readable report; `again` is the command line that repeats the simulation. */
export function formatSimulate(loaded: LoadedModel, r: SimulateResult, options: { full?: boolean; lanes?: boolean; out?: string; again: string }): string {
  if (r.result === 'error') return `${formatSpecError(r.error).join('\n')}\n`;
  const lines: string[] = [];
  const secs = (r.durationMs / 1000).toFixed(2);
  const figures = `${count(r.runs, 'walk')}, ${count(r.steps, 'step')}, ${secs} s, seed ${r.seed}`;
  if (r.result === 'ok') {
    lines.push(`${describeRun(loaded)}: no violation in ${figures}${r.interrupted ? ' (interrupted)' : ''}`);
    lines.push('  simulation samples behaviours: it is not a proof (run check for that)');
    if (r.uncovered.length) lines.push(`  cover properties no walk reached: ${r.uncovered.join(', ')}`);
  } else {
    const v = r.violation;
    lines.push(`${describeRun(loaded)}: ${describeViolation(v)}${v.kind === 'deadlock' ? '' : ' violated'}${v.location ? ` (${where(v.location)})` : ''}, found by walk ${r.run + 1} (${figures})`);
    if (v.message) lines.push(`  ${v.message}`);
    lines.push(...invariantReasonLines(loaded.model, v, r.trace));
    if (r.shrinkPhases.length) {
      const steps = r.shrinkPhases.map((p) => `${p.phase === 'loops' ? 'loops cut' : 'delta debugging'} -> ${p.after.states}`).join(', ');
      lines.push(`  the walk took ${count(r.walk.length, 'state')}; shrunk to ${r.trace.length} (${steps})`);
    }
    lines.push('', `Counterexample, ${count(r.trace.length, 'state')}:`, ...printTrace(loaded.model, r.trace, { full: options.full, lanes: options.lanes }), '');
    if (options.out) lines.push(`trace written to ${options.out}; replay it with: interleave replay ${options.out}`);
  }
  lines.push(`repeat this simulation with: ${options.again}`);
  return `${lines.join('\n')}\n`;
}
