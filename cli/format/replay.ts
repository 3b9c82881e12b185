// Prints the outcome of `interleave replay`: the verdict first, then why, then the steps replayed.
import type { OpenedTrace } from '../../checker/traces/openTrace.ts';
import { NONDETERMINISM_HINT, type ReplayResult } from '../../checker/traces/replay.ts';
import type { StepViolation } from '../../checker/traces/Stepper.ts';
import { describeRun } from './check.ts';
import { describeStep, invariantReasonLines, printTrace, where } from './trace.ts';
import { paramsAndVariant } from './json.ts';

/** `invariant NotSolved`, `deadlock`, ... */
export function describeViolation(v: Pick<StepViolation, 'kind' | 'property'>): string {
  if (v.kind === 'deadlock') return 'deadlock';
  return `${v.kind === 'action' ? 'action property' : v.kind === 'temporal' ? 'temporal property' : 'invariant'} ${v.property}`;
}

/** `invariant X fails at step 4`, `deadlock at step 17`. */
function failsAt(v: Pick<StepViolation, 'kind' | 'property'>, step: number): string {
  return v.kind === 'deadlock' ? `deadlock at step ${step + 1}` : `${describeViolation(v)} fails at step ${step + 1}`;
}

/** The human-readable report. */
export function formatReplay(opened: OpenedTrace, r: ReplayResult, options: { full?: boolean; lanes?: boolean } = {}): string {
  const t = opened.file.trace;
  const total = t.steps.length;
  // an ITF trace from another tool records no property (when none fails on it)
  const recorded = t.property === '' ? 'no property' : describeViolation(t);
  const head = `replay ${opened.file.path} on ${describeRun(opened.loaded)}`;
  const lines: string[] = [];
  const stepName = (k: number) => (k === 0 ? 'step 1 (the initial state)' : `step ${k + 1} (${describeStep(t.steps[k]!)})`);
  switch (r.outcome) {
    case 'reproduced': {
      const loc = r.violation.location ? ` (${where(r.violation.location)})` : '';
      lines.push(`${head}: reproduced`);
      lines.push(`  ${failsAt(r.violation, r.step)}${loc}${r.step === total - 1 ? ', as recorded' : `, before the recorded step ${total}`}`);
      if (r.violation.message) lines.push(`  ${r.violation.message}`);
      lines.push(...invariantReasonLines(opened.loaded.model, r.violation, r.trace));
      break;
    }
    case 'diverged':
      lines.push(`${head}: diverged at step ${r.step + 1} of ${total}`);
      lines.push(...divergence(r, stepName, recorded));
      if (r.reason !== 'other-property' && t.property !== '') lines.push(`  ${recorded} does not fail on the ${r.trace.length} state${r.trace.length === 1 ? '' : 's'} replayed`);
      break;
    case 'passes':
      lines.push(`${head}: passes`);
      const replayed = total === 1 ? 'the 1 state replays' : `all ${total} states replay`;
      if (t.property === '') lines.push(`  ${replayed}; no property fails`);
      else if (r.note) lines.push(`  ${replayed}, but ${recorded} does not fail on them: ${r.note}`);
      else lines.push(`  ${replayed} and ${recorded} holds${t.kind === 'deadlock' ? ' (the last state is not a deadlock)' : ''}; no property fails`);
      break;
    case 'nondeterministic':
      return `${formatNondeterministic(opened, r, stepName)}\n`;
  }
  if (r.trace.length) {
    lines.push('', `${r.outcome === 'diverged' ? 'Replayed' : 'Trace'}, ${r.trace.length} state${r.trace.length === 1 ? '' : 's'}:`, ...printTrace(opened.loaded.model, r.trace, { full: options.full, lanes: options.lanes, loop: t.loop }));
  }
  return `${lines.join('\n')}\n`;
}

function divergence(r: Extract<ReplayResult, { outcome: 'diverged' }>, stepName: (k: number) => string, recorded: string): string[] {
  switch (r.reason) {
    case 'initial-state':
      return ['  no initial state of the spec equals the recorded one; the closest differs in:', ...changeLines(r)];
    case 'unknown-action':
      return [`  ${stepName(r.step)}: the spec has no such action (renamed, removed, or its arguments are outside their domains)`];
    case 'not-enabled':
      return [`  ${stepName(r.step)} is not enabled`, `  enabled instead: ${r.enabled!.length ? r.enabled!.join(', ') : 'nothing (the state is an accepted end)'}`];
    case 'different-state':
      return [`  ${stepName(r.step)} yields a different state than recorded:`, ...changeLines(r)];
    case 'other-property': {
      const loc = r.violation!.location ? ` (${where(r.violation!.location)})` : '';
      return [`  ${failsAt(r.violation!, r.step)}${loc}, instead of the recorded ${recorded}`];
    }
  }
}

function changeLines(r: Extract<ReplayResult, { outcome: 'diverged' }>): string[] {
  return (r.changes ?? []).map((c) => `    ${c.path}: recorded ${c.before ?? '-'}, now ${c.after ?? '-'}`);
}

function formatNondeterministic(opened: OpenedTrace, r: Extract<ReplayResult, { outcome: 'nondeterministic' }>, stepName: (k: number) => string): string {
  const show = (states: readonly Record<string, unknown>[]) => (states.length ? states.map((s) => JSON.stringify(s)).join(' | ') : 'no successor');
  return [
    `error[NONDETERMINISTIC]: spec '${opened.loaded.spec.name}': running ${r.step === 0 ? 'the initial states' : stepName(r.step)} twice on the same state gave different results`,
    `  first run:  ${show(r.first)}`,
    `  second run: ${show(r.second)}`,
    `  hint: ${NONDETERMINISM_HINT}`,
  ].join('\n');
}

/** The `--json` object. */
export function replayJson(opened: OpenedTrace, r: ReplayResult): Record<string, unknown> {
  const t = opened.file.trace;
  const base = { outcome: r.outcome, trace: opened.file.path, spec: opened.specFile, ...paramsAndVariant(opened.loaded.params), recorded: { property: t.property, kind: t.kind, states: t.steps.length } };
  switch (r.outcome) {
    case 'reproduced':
      return { ...base, step: r.step + 1, violation: r.violation };
    case 'diverged':
      return { ...base, step: r.step + 1, reason: r.reason, ...(r.changes ? { changes: r.changes } : {}), ...(r.enabled ? { enabled: r.enabled } : {}), ...(r.violation ? { violation: r.violation } : {}) };
    case 'passes':
      return { ...base, ...(r.note ? { note: r.note } : {}) };
    case 'nondeterministic':
      return { ...base, step: r.step + 1, action: r.action, first: r.first, second: r.second };
  }
}
