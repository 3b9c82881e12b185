// `--lanes`: a trace as columns, one per process instance (plain actions share one), as races are drawn on
// the kernel's mailing lists: each step in its process's column, under its display name (`as`, a kernel
// function) or label, with the values it wrote (`x = v`) and the unchanged values it decided on (`x == v`).
// Plain fixed-width text with no colours, ready to paste into a commit message.
import type { CompiledModel } from '../../checker/compile.ts';
import type { TraceStep } from '../../checker/result.ts';
import type { TraceExplanation } from '../../checker/traces/explain.ts';
import { diffStates, flatten } from './stateDiff.ts';
import { describeStep, wrapList } from './trace.ts';

/** The column of plain actions (steps of no process). */
const ACTIONS = 'actions';
const GAP = '  ';

/** What `--lanes` prints besides the trace: the display names of actions, the reads of each step. */
export interface LanesFormat {
  readonly model?: CompiledModel;
  readonly explain?: TraceExplanation;
  /** Index of the step where a lasso's loop starts. */
  readonly loop?: number;
}

/** The trace as lines of lanes. */
export function formatLanes(trace: readonly TraceStep[], options: LanesFormat = {}): string[] {
  const lanes: string[] = [];
  for (const s of trace.slice(1)) {
    const lane = s.process ?? ACTIONS;
    if (!lanes.includes(lane)) lanes.push(lane);
  }
  const names = new Map(options.model?.actions.filter((a) => a.as !== undefined).map((a) => [a.name, a.as!]) ?? []);
  const number = (i: number) => String(i + 1).padStart(String(trace.length).length);
  // each step's cell: its name, then what it wrote and what it read
  const cells = trace.slice(1).map((s, k) => {
    const i = k + 1;
    const shown = names.get(s.action ?? '') ?? describeStep(s).slice(s.process ? s.process.length + 2 : 0);
    const head = `${number(i)} ${shown}${options.loop === i ? '  <- loop' : ''}`;
    const writes = diffStates(trace[i - 1]!.state, s.state)
      .filter((c) => !c.path.startsWith('pc.'))
      .map((c) => `    ${c.path} = ${c.after ?? '-'}`);
    const reads = (options.explain?.reads[i] ?? []).map((r) => `    ${r.path} == ${r.value}`);
    return { lane: lanes.indexOf(s.process ?? ACTIONS), lines: [head, ...writes, ...reads] };
  });
  const widths = lanes.map((l, j) => Math.max(l.length, ...cells.filter((c) => c.lane === j).flatMap((c) => c.lines.map((x) => x.length))));
  const row = (texts: readonly string[]) => texts.map((t, j) => t.padEnd(widths[j]!)).join(GAP).trimEnd();
  const lines: string[] = [];
  const initial = trace[0] ? [...flatten(trace[0].state)].filter(([path]) => !path.startsWith('pc.') && (!options.explain || options.explain.touched.has(path))) : [];
  if (initial.length) lines.push(...wrapList('initially: ', initial.map(([path, v]) => `${path} = ${v}`), Math.max(72, widths.reduce((a, w) => a + w + GAP.length, 0))), '');
  lines.push(row(lanes), row(widths.map((w) => '-'.repeat(w))));
  for (const c of cells) {
    for (const text of c.lines) lines.push(row(lanes.map((_, j) => (j === c.lane ? text : ''))));
  }
  return lines;
}
