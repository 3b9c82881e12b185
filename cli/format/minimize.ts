// Prints the outcome of `interleave minimize`: sizes before and after, what each phase did, the trace.
import type { TraceStep } from '../../checker/result.ts';
import type { MinimizePhase, TraceSize } from '../../checker/traces/minimize.ts';
import type { ParamTry } from '../../checker/traces/smallerParams.ts';
import type { StepViolation } from '../../checker/traces/Stepper.ts';
import { describeViolation } from './replay.ts';
import type { CompiledModel } from '../../checker/compile.ts';
import { formatTrace, printTrace } from './trace.ts';
import { count } from './count.ts';

/** What `minimize` did, ready to print. */
export interface MinimizeReport {
  readonly input: string;
  readonly run: string;
  readonly violation: StepViolation;
  readonly before: TraceSize;
  readonly after: TraceSize;
  readonly phases: readonly MinimizePhase[];
  readonly paramTries?: readonly ParamTry[];
  /** `n=16 -> n=3`, when smaller parameters were found. */
  readonly paramChange?: string;
  readonly trace: readonly TraceStep[];
  readonly out: string;
}

const size = (s: TraceSize) => `${count(s.states, 'state')}, ${count(s.switches, 'context switch', 'context switches')}`;

const PHASE: Readonly<Record<MinimizePhase['phase'], string>> = {
  loops: 'loops cut',
  ddmin: 'delta debugging',
  switches: 'fewest switches',
  params: 'smaller params',
};

/** The human-readable report. */
export function formatMinimize(r: MinimizeReport, options: { full?: boolean; lanes?: boolean; model?: CompiledModel } = {}): string {
  const lines = [`minimize ${r.input} on ${r.run}: ${describeViolation(r.violation)}, ${r.before.states} -> ${count(r.after.states, 'state')}`];
  let prev = r.before;
  for (const p of r.phases) {
    const work = p.work === undefined ? '' : p.phase === 'ddmin' ? ` (${p.work} candidates run)` : p.phase === 'switches' ? ` (${count(p.work, 'state')} searched)` : '';
    const what = p.phase === 'params' && r.paramChange ? `${r.paramChange}: ` : '';
    lines.push(`  ${`${PHASE[p.phase]}:`.padEnd(18)}${what}${size(prev)} -> ${size(p.after)}${work}${p.note ? `; ${p.note}` : ''}`);
    prev = p.after;
  }
  if (r.paramTries?.length) lines.push(`  parameters tried: ${r.paramTries.map((t) => `${t.param}=${t.value} ${t.outcome}`).join(', ')}`);
  lines.push('', `Counterexample, ${count(r.trace.length, 'state')}:`, ...(options.model ? printTrace(options.model, r.trace, { full: options.full, lanes: options.lanes }) : formatTrace(r.trace, { full: options.full })), '');
  lines.push(`minimized trace written to ${r.out}; replay it with: interleave replay ${r.out}`);
  return `${lines.join('\n')}\n`;
}
