// A trace as a Mermaid sequence diagram (GitHub and GitLab render Mermaid blocks in Markdown): one
// lifeline per process instance that acts in the trace (plain actions share one, `actions`) and one for
// the shared state; each step is a message from its process to the state, numbered as the printed trace
// numbers it, with the variables it changed in a note. A lasso's loop is drawn as a `loop` block.
import type { TraceFile } from '../traceFile.ts';
import { diffStates, flatten } from './stateDiff.ts';

/** What a diagram shows: the steps, the violated property and, for lassos, where the loop starts. */
export type DiagramTrace = Pick<TraceFile, 'steps' | 'property' | 'kind' | 'message' | 'loop'>;

/** Longest value printed in a note; longer ones are cut with an ellipsis. */
const MAX_VALUE = 48;
const ENTITY: Readonly<Record<string, string>> = { '#': '#35;', ';': '#59;', '<': '#lt;', '>': '#gt;', '%': '#37;' };

/** Mermaid source of a sequence diagram of `t`. */
export function traceToMermaid(t: DiagramTrace): string {
  const steps = t.steps;
  const actors: string[] = [];
  for (const step of steps.slice(1)) if (!actors.includes(actorOf(step))) actors.push(actorOf(step));
  const id = (actor: string) => `p${actors.indexOf(actor) + 1}`;
  const lines = ['sequenceDiagram'];
  for (const a of actors) lines.push(`  participant ${id(a)} as ${text(a)}`);
  lines.push('  participant state as shared state');
  const init = initialLines(t, short);
  lines.push(`  Note over state: ${['1. initial state', ...init].map(text).join('<br/>')}`);
  const loop = t.loop;
  for (let i = 1; i < steps.length; i++) {
    if (loop !== undefined && i === loop + 1) lines.push(`  loop ${text(`lasso: steps ${loop + 2}-${steps.length} repeat forever (state ${steps.length} is state ${loop + 1})`)}`);
    const indent = loop !== undefined && i > loop ? '    ' : '  ';
    const step = steps[i]!;
    lines.push(`${indent}${id(actorOf(step))}->>state: ${text(`${i + 1}. ${callOf(step)}`)}`);
    const changes = diffStates(steps[i - 1]!.state, step.state).map((c) => `${c.path}: ${short(c.before ?? '-')} → ${short(c.after ?? '-')}`);
    lines.push(`${indent}Note right of state: ${(changes.length ? changes : ['(no variable changes)']).map(text).join('<br/>')}`);
  }
  if (loop !== undefined && loop + 1 < steps.length) lines.push('  end');
  if (loop !== undefined && loop === steps.length - 1) lines.push(`  Note over state: ${text(`state ${steps.length} repeats forever (no step changes it)`)}`);
  lines.push(`  Note over ${actors.length ? `${id(actors[0]!)},` : ''}state: ${text(`✗ ${verdict(t)}`)}`);
  return `${lines.join('\n')}\n`;
}

/**
 * The initial state as `path = value` lines: the variables the trace changes, then how many others it
 * leaves alone (a kernel model has dozens; a diagram shows the ones that matter).
 */
export function initialLines(t: Pick<TraceFile, 'steps'>, value: (v: string) => string = (v) => v): string[] {
  const changed = new Set<string>();
  for (let i = 1; i < t.steps.length; i++) for (const c of diffStates(t.steps[i - 1]!.state, t.steps[i]!.state)) changed.add(c.path);
  const all = [...flatten(t.steps[0]!.state)];
  const shown = all.filter(([k]) => changed.has(k)).map(([k, v]) => `${k} = ${value(v)}`);
  const others = all.length - shown.length;
  return others ? [...shown, `(${others} other variable${others === 1 ? '' : 's'} never change${others === 1 ? 's' : ''})`] : shown;
}

/** `invariant NotSolved violated`, `deadlock: no action is enabled`, ... */
export function verdict(t: Pick<TraceFile, 'kind' | 'property' | 'message'>): string {
  switch (t.kind) {
    case 'deadlock':
      return `${t.property}: ${t.message ?? 'no action is enabled'}`;
    case 'action':
      return `action property ${t.property} violated`;
    case 'temporal':
      return `temporal property ${t.property} violated`;
    default:
      return `invariant ${t.property} violated`;
  }
}

/** The lifeline of a step: its process instance, or `actions` for a plain action. */
function actorOf(step: TraceFile['steps'][number]): string {
  return step.process ?? 'actions';
}

/** `label(arg=value)`: a process step's label (`migrator.collect` -> `collect`) or the action's name. */
export function callOf(step: TraceFile['steps'][number]): string {
  const name = step.action ?? '';
  const dot = name.indexOf('.');
  const label = step.process && dot >= 0 ? name.slice(dot + 1) : name;
  const args = Object.entries(step.args).filter(([k]) => !(step.process && k === 'self'));
  return `${label}${args.length ? `(${args.map(([k, v]) => `${k}=${Array.isArray(v) ? `{${v.join(', ')}}` : String(v)}`).join(', ')})` : ''}`;
}

function short(v: string): string {
  return v.length > MAX_VALUE ? `${v.slice(0, MAX_VALUE - 1)}…` : v;
}

/** Text that Mermaid shows as is: its statement separator, comment and markup characters escaped. */
function text(s: string): string {
  return s.replace(/[#;<>%]/g, (c) => ENTITY[c]!);
}
