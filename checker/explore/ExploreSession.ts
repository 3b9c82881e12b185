// The state-space walk behind `interleave explore`: a position is a path of successor indices from an
// initial state (Stateright's "action index path": `0/2/1` is the first initial state, its third
// successor, that state's second), rebuilt by re-running the steps through the Stepper, the same door
// replay and simulate use; nothing here searches on its own. Every state a view computes (the path's
// states and their successors) is remembered for the search box. Values are JSON, for the page.
import { relative } from 'node:path';
import type { ActionInstance, CompiledModel } from '../compile.ts';
import type { TraceStep } from '../result.ts';
import { diffStates, flatten, type Change } from '../traces/stateDiff.ts';
import { findInstance, sameJson, Stepper, type StepViolation, type Successor } from '../traces/Stepper.ts';
import { withStepLocations } from '../stepLocations.ts';

/** One step the current state can take (or, disabled, cannot). */
export interface ExploreAction {
  /** `process: label(args)` or `action(args)`. */
  readonly label: string;
  /** For an enabled step: the index to append to the path. */
  readonly index?: number;
  /** For an enabled step: the variables it changes, `path: before -> after`. */
  readonly changes?: readonly string[];
  readonly violation?: StepViolation;
  /** Where the action or process step is declared (its guard), `file:line`. */
  readonly location?: string;
}

/** What the page shows for one path. */
export interface ExploreView {
  readonly path: readonly number[];
  /** The path's steps (each with its whole state), from the initial state to the current one. */
  readonly trace: readonly (TraceStep & { readonly where?: string })[];
  /** Each step's violation, if any (the last one stops the walk). */
  readonly violations: readonly (StepViolation | null)[];
  /** The current state as `path = value` rows, with what changed in the last step. */
  readonly rows: readonly { readonly path: string; readonly value: string; readonly before?: string }[];
  /** The initial states to pick from (path empty), or the successors of the current state. */
  readonly enabled: readonly ExploreAction[];
  /** The action instances with no successor from the current state. */
  readonly disabled: readonly ExploreAction[];
  /** Deadlock of the current state (no step and not an acceptable end). */
  readonly deadlock: boolean;
}

/** A reached state that matches a search. */
export interface SearchHit {
  readonly path: readonly number[];
  /** The rows that matched. */
  readonly matches: readonly string[];
}

/** Why a trace could not be followed. */
export class PathError extends Error {}

/** Most hits a search returns. */
const MAX_HITS = 50;

export class ExploreSession {
  readonly st: Stepper;
  /** Reached states, by their printed JSON: the shortest path that reached each. */
  readonly #reached = new Map<string, { path: number[]; rows: string[] }>();
  #locations: Map<ActionInstance, string> | undefined;

  constructor(
    readonly model: CompiledModel,
    /** The spec file, for the source lines of process steps. */
    readonly specFile: string,
  ) {
    this.st = new Stepper(model);
  }

  /** The view of `path`. Throws PathError for an index with no successor. */
  async view(path: readonly number[]): Promise<ExploreView> {
    const st = this.st;
    const locations = await this.#locationsOf();
    const { successors, trace, violations } = this.#follow(path);
    const cur = successors.at(-1);
    const options = cur ? (cur.violation ? [] : st.successors(cur.slots)) : st.initialStates();
    const curJson = cur ? st.json(cur.slots) : null;
    options.forEach((s, i) => this.#remember([...path, i], st.json(s.slots)));
    const enabledInst = new Set(options.map((s) => s.inst));
    const enabled = options.map((s, index): ExploreAction => {
      const json = st.json(s.slots);
      const changes = curJson ? diffStates(curJson, json).map(changeText) : [...flatten(json)].map(([k, v]) => `${k} = ${v}`);
      const location = s.inst ? locations.get(s.inst) : undefined;
      return { label: s.inst ? describe(s.inst) : `initial state ${index + 1}`, index, changes, ...(s.violation ? { violation: s.violation } : {}), ...(location ? { location } : {}) };
    });
    const disabled = cur && !cur.violation ? this.model.instances.filter((i) => !enabledInst.has(i)).map((i): ExploreAction => ({ label: describe(i), ...(locations.has(i) ? { location: locations.get(i)! } : {}) })) : [];
    const before = trace.length > 1 ? flatten(trace.at(-2)!.state) : null;
    const rows = curJson ? [...flatten(curJson)].map(([p, value]) => (before && before.get(p) !== value ? { path: p, value, before: before.get(p) ?? '-' } : { path: p, value })) : [];
    return { path, trace, violations, rows, enabled, disabled, deadlock: cur && !cur.violation ? st.deadlocked(cur.slots) : false };
  }

  /** Reached states whose rows match every term of `query`: `name=value` (a row whose path ends with name) or text. */
  search(query: string): SearchHit[] {
    const terms = query.trim().split(/\s+/).filter(Boolean);
    if (!terms.length) return [];
    const hits: SearchHit[] = [];
    for (const { path, rows } of this.#reached.values()) {
      const matches: string[] = [];
      const all = terms.every((t) => {
        const m = rows.filter((r) => rowMatches(r, t));
        matches.push(...m.filter((r) => !matches.includes(r)));
        return m.length > 0;
      });
      if (all) hits.push({ path, matches });
      if (hits.length === MAX_HITS) break;
    }
    return hits;
  }

  /** How many distinct states the session has reached. */
  get reachedCount(): number {
    return this.#reached.size;
  }

  /** The path that follows a recorded trace (same action and same state at every step). Throws PathError. */
  pathOf(steps: readonly Pick<TraceStep, 'action' | 'process' | 'args' | 'state'>[]): number[] {
    const st = this.st;
    const path: number[] = [];
    let options: Successor[] = st.initialStates();
    for (let k = 0; k < steps.length; k++) {
      const step = steps[k]!;
      const inst = k === 0 ? null : findInstance(this.model, step);
      if (k > 0 && !inst) throw new PathError(`step ${k + 1}: the spec has no action ${describeStep(step)}`);
      const i = options.findIndex((s) => s.inst === inst && sameJson(st.json(s.slots), step.state));
      if (i < 0) throw new PathError(`step ${k + 1} (${k === 0 ? 'the initial state' : describeStep(step)}): no ${k === 0 ? 'initial state' : 'successor'} of the spec has the recorded state`);
      path.push(i);
      this.#remember([...path], step.state);
      options = st.successors(options[i]!.slots);
    }
    return path;
  }

  #follow(path: readonly number[]): { successors: Successor[]; trace: ExploreView['trace']; violations: (StepViolation | null)[] } {
    const st = this.st;
    const successors: Successor[] = [];
    let options = st.initialStates();
    for (let k = 0; k < path.length; k++) {
      const s = options[path[k]!];
      if (!s) throw new PathError(`step ${k + 1}: there is no ${k === 0 ? 'initial state' : 'successor'} ${path[k]! + 1} (there are ${options.length})`);
      if (k > 0 && successors.at(-1)!.violation) throw new PathError(`step ${k + 1}: the walk stopped at a violation at step ${k}`);
      successors.push(s);
      this.#remember(path.slice(0, k + 1), st.json(s.slots));
      if (k + 1 < path.length) options = st.successors(s.slots);
    }
    const located = this.#locations ?? new Map<ActionInstance, string>();
    return {
      successors,
      trace: successors.map((s) => {
        const step = st.traceStep(s);
        const loc = s.inst ? located.get(s.inst) : undefined;
        return loc ? { ...step, where: loc } : step;
      }),
      violations: successors.map((s) => s.violation),
    };
  }

  #remember(path: number[], json: Readonly<Record<string, unknown>>): void {
    const key = JSON.stringify(json);
    const known = this.#reached.get(key);
    if (!known || known.path.length > path.length) this.#reached.set(key, { path, rows: [...flatten(json)].map(([k, v]) => `${k} = ${v}`) });
  }

  /** Each instance's declaration line: the action's, or the process step label's (read from the source once). */
  async #locationsOf(): Promise<Map<ActionInstance, string>> {
    if (this.#locations) return this.#locations;
    const insts = this.model.instances;
    const steps = insts.map((i) => ({ action: i.name, ...(i.process ? { process: i.process } : {}), args: {}, state: {}, ...(this.model.actions[i.action]?.location ? { location: this.model.actions[i.action]!.location! } : {}) }));
    const located = withStepLocations(this.model, steps);
    this.#locations = new Map(insts.flatMap((inst, k) => (located[k]!.location ? [[inst, `${relative(process.cwd(), located[k]!.location!.file) || located[k]!.location!.file}:${located[k]!.location!.line}`] as const] : [])));
    return this.#locations;
  }
}

function rowMatches(row: string, term: string): boolean {
  const eq = term.indexOf('=');
  if (eq > 0) {
    const [path, value] = row.split(' = ') as [string, string];
    const name = term.slice(0, eq);
    return (path === name || path.endsWith(`.${name}`) || path.endsWith(`]${name}`) || path.endsWith(`[${name}]`)) && value === term.slice(eq + 1);
  }
  return row.toLowerCase().includes(term.toLowerCase());
}

const changeText = (c: Change): string => `${c.path}: ${c.before ?? '-'} -> ${c.after ?? '-'}`;

function describe(i: ActionInstance): string {
  return describeStep({ action: i.name, ...(i.process ? { process: i.process } : {}), args: i.argsJson });
}

/** `process: label(args)` or `action(args)`, as the printed traces name steps. */
function describeStep(step: Pick<TraceStep, 'action' | 'process' | 'args'>): string {
  const args = Object.entries(step.args).filter(([k]) => !(step.process && k === 'self'));
  const name = step.process && step.action?.includes('.') ? step.action.slice(step.action.indexOf('.') + 1) : step.action;
  const call = `${name}${args.length ? `(${args.map(([k, v]) => `${k}=${String(v)}`).join(', ')})` : ''}`;
  return step.process ? `${step.process}: ${call}` : call;
}
