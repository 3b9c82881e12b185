// Graphviz DOT drawings: a trace as a chain of states (the initial state in full, then each step's
// changed variables), and the whole state graph of a small spec (every reachable state in full, one
// edge per step). Render with `dot -Tsvg`.
import type { CompiledModel } from '../compile.ts';
import { callOf, initialLines, verdict, type DiagramTrace } from './mermaid.ts';
import { diffStates, flatten } from './stateDiff.ts';
import { Stepper, type StepViolation } from './Stepper.ts';

/** DOT source of a trace. */
export function traceToDot(t: DiagramTrace, title = 'trace'): string {
  const steps = t.steps;
  const last = steps.length - 1;
  // a lasso's last state is its loop state again: the last step is drawn back into it
  const closes = t.loop !== undefined && t.loop < last;
  const lines = [`digraph ${quote(title)} {`, '  node [shape=box, fontname="monospace", fontsize=10];', '  edge [fontname="monospace", fontsize=10];'];
  steps.forEach((step, i) => {
    if (closes && i === last) return;
    const body =
      i === 0
        ? initialLines(t)
        : diffStates(steps[i - 1]!.state, step.state).map((c) => `${c.path}: ${c.before ?? '-'} -> ${c.after ?? '-'}`);
    const head = i === 0 ? '1. initial state' : `${i + 1}. ${step.process ? `${step.process}: ` : ''}${callOf(step)}`;
    const bad = i === last && !closes;
    lines.push(`  s${i} [label=${label([head, ...body])}${bad ? ', color=red, penwidth=2' : ''}];`);
  });
  for (let i = 1; i <= last; i++) {
    const to = closes && i === last ? t.loop! : i;
    lines.push(`  s${i - 1} -> s${to} [label=${quote(callOf(steps[i]!))}${to !== i ? ', style=dashed, color=red' : ''}];`);
  }
  if (t.loop === last) lines.push(`  s${last} -> s${last} [label="stutters", style=dashed, color=red];`);
  lines.push(`  label=${quote(`✗ ${verdict(t)}`)};`, '  labelloc=t;', '}');
  return `${lines.join('\n')}\n`;
}

/** The reachable state graph of a model. */
export interface StateGraphDrawing {
  readonly states: number;
  readonly edges: number;
  readonly dot: string;
}

/** Explores `model` and draws its state graph; null when it has more than `maxStates` states. */
export function stateGraphToDot(model: CompiledModel, maxStates: number, title = 'states'): StateGraphDrawing | null {
  const st = new Stepper(model);
  const ids = new Map<string, number>();
  const queue: { slots: Int32Array; id: number }[] = [];
  const nodes: string[] = [];
  const edges: string[] = [];
  const add = (slots: Int32Array, attrs: string): number => {
    const key = slots.join(',');
    let id = ids.get(key);
    if (id !== undefined) return id;
    id = ids.size;
    ids.set(key, id);
    queue.push({ slots, id });
    const state = [...flatten(st.json(slots))].map(([k, v]) => `${k} = ${v}`);
    nodes.push(`  s${id} [label=${label(state)}${attrs}];`);
    return id;
  };
  // an invariant is about a state, an action property about a step
  const bad = (v: StepViolation | null, kind: 'invariant' | 'action') => (v?.kind === kind ? `, color=red, penwidth=2, xlabel=${quote(`✗ ${v.property}`)}` : '');
  for (const s of st.initialStates()) add(s.slots, `, peripheries=2${bad(s.violation, 'invariant')}`);
  for (let q = 0; q < queue.length; q++) {
    if (ids.size > maxStates) return null;
    const { slots, id } = queue[q]!;
    const succ = st.successors(slots);
    if (succ.length === 0 && st.deadlocked(slots)) nodes[id] = nodes[id]!.replace('];', ', style=filled, fillcolor="#ffdddd", xlabel="deadlock"];');
    for (const s of succ) {
      const to = add(s.slots, bad(s.violation, 'invariant'));
      const i = s.inst!;
      const call = callOf({ action: i.name, process: i.process, args: i.argsJson, state: {} });
      edges.push(`  s${id} -> s${to} [label=${quote(`${i.process ? `${i.process}: ` : ''}${call}`)}${bad(s.violation, 'action')}];`);
    }
  }
  if (ids.size > maxStates) return null;
  const dot = [`digraph ${quote(title)} {`, '  node [shape=box, fontname="monospace", fontsize=10];', '  edge [fontname="monospace", fontsize=10];', ...nodes, ...edges, '}'].join('\n');
  return { states: ids.size, edges: edges.length, dot: `${dot}\n` };
}

/** A DOT string literal. */
function quote(s: string): string {
  return `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/** A multi-line, left-aligned DOT label. */
function label(lines: readonly string[]): string {
  return `"${lines.map((l) => l.replace(/\\/g, '\\\\').replace(/"/g, '\\"')).join('\\l')}\\l"`;
}
