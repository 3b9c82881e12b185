// Reads an ITF trace that another tool wrote (Quint, Apalache) for the same protocol: its states carry
// values, not our actions, and may lack variables of ours (program counters, bookkeeping). Each ITF state
// is decoded by the spec's schema (variables it lacks stay unknown), and the trace is followed through the
// spec: at every step, the successors of the states reached so far that agree with the ITF state on the
// variables it has (and, when the state names its action in `action`, `mbt::actionTaken` or `#meta.action`,
// taken by an action of that name). The set of candidates is kept whole, so an early ambiguity (two
// successors differing only in a variable the ITF lacks) is settled by a later state; the first path found
// is returned as a trace file's steps. Where no successor agrees, the steps stop there and the divergent
// step is given as the ITF state over the previous one, so replay reports the difference.
import type { CompiledModel } from '../compile.ts';
import { SpecError } from '../SpecError.ts';
import type { TraceFileStep } from '../traceFile.ts';
import { decodeItfValue, type ItfValue } from './itf.ts';
import { sameJson, Stepper, type StepViolation, type Successor } from './Stepper.ts';

/** The steps of a foreign ITF trace on a spec. */
export interface MatchedItf {
  /** Whole states of the spec, one per ITF state matched; then, if the trace left the spec, the step that could not be matched. */
  readonly steps: readonly TraceFileStep[];
  /** Whether every ITF state was matched. */
  readonly complete: boolean;
  /** The first property violated on the matched path (where a replay would stop). */
  readonly violation: StepViolation | null;
  /** The variables of the spec that the ITF states do not give (they were inferred by running the spec). */
  readonly inferred: readonly string[];
}

/** Where the action a step took may be named in a foreign ITF state. */
const ACTION_FIELDS = ['action', 'mbt::actionTaken', 'action_taken'] as const;

interface Node {
  readonly succ: Successor;
  readonly parent: Node | null;
}

/** Follows `states` (ITF states, `#meta` and all) through `model`; `name` is the file, for errors. */
export function matchItf(model: CompiledModel, states: readonly Record<string, unknown>[], name: string): MatchedItf {
  const vars = Object.keys(model.vars);
  const given = vars.filter((v) => states.every((s) => Object.hasOwn(s, v)));
  const partial = states.map((s, i) => decodeState(model, s, given, `${name}: $.states[${i}]`));
  const hints = states.map(actionHint);
  const st = new Stepper(model);
  const key = (slots: Int32Array) => slots.join(',');
  const agrees = (succ: Successor, k: number) => {
    const json = st.json(succ.slots);
    return given.every((v) => sameJson(json[v], partial[k]![v]));
  };

  let frontier: Node[] = st.initialStates().filter((s) => agrees(s, 0)).map((succ) => ({ succ, parent: null }));
  let k = 1;
  for (; frontier.length && k < states.length; k++) {
    const next = new Map<string, Node>();
    const named = hints[k] !== undefined && model.instances.some((i) => sameAction(i.name, hints[k]!));
    for (const node of frontier) {
      if (node.succ.violation) continue; // a replay stops at a violation: no path goes on from it
      for (const succ of st.successors(node.succ.slots)) {
        if (named && !sameAction(succ.inst!.name, hints[k]!)) continue;
        if (!next.has(key(succ.slots)) && agrees(succ, k)) next.set(key(succ.slots), { succ, parent: node });
      }
    }
    if (next.size === 0) break;
    frontier = [...next.values()];
  }
  const complete = frontier.length > 0 && k === states.length;
  const path: Node[] = [];
  for (let n: Node | null = frontier[0] ?? null; n; n = n.parent) path.unshift(n);
  const steps: TraceFileStep[] = path.map((n) => stepOf(st, n.succ));
  const violation = path.find((n) => n.succ.violation)?.succ.violation ?? null;
  if (!complete) {
    // the step that leaves the spec: the ITF's values over the closest candidate (the variables the ITF lacks,
    // and the action when the ITF names none of ours), so replay reports what differs
    const k = steps.length;
    const last = path.at(-1);
    const action = hints[k];
    const inst = action === undefined ? undefined : model.instances.find((i) => sameAction(i.name, action));
    const candidates = k === 0 ? st.initialStates() : st.successors(last!.succ.slots, inst);
    const differing = (c: Successor) => {
      const json = st.json(c.slots);
      return given.filter((v) => !sameJson(json[v], partial[k]![v])).length;
    };
    const near = candidates.reduce<Successor | undefined>((best, c) => (best === undefined || differing(c) < differing(best) ? c : best), undefined);
    const like = near ? stepOf(st, near) : { action: inst?.name ?? action ?? null, args: inst?.argsJson ?? {}, state: last ? st.json(last.succ.slots) : {} };
    steps.push({ ...like, action: k === 0 ? null : (inst?.name ?? like.action ?? action ?? '(unnamed)'), state: { ...like.state, ...partial[k]! } });
  }
  return { steps, complete, violation, inferred: vars.filter((v) => !given.includes(v)) };
}

function stepOf(st: Stepper, s: Successor): TraceFileStep {
  const i = s.inst;
  return { action: i?.name ?? null, ...(i?.process ? { process: i.process } : {}), args: i?.argsJson ?? {}, state: st.json(s.slots) };
}

/** An ITF action name names our action `name` when it is the name or, for a process step `proc.label`, the label. */
function sameAction(name: string, hint: string): boolean {
  return name === hint || name.slice(name.indexOf('.') + 1) === hint;
}

function actionHint(s: Record<string, unknown>): string | undefined {
  for (const f of ACTION_FIELDS) if (typeof s[f] === 'string' && s[f] !== '') return s[f] as string;
  const meta = s['#meta'] as { action?: unknown } | undefined;
  return typeof meta?.action === 'string' ? meta.action : undefined;
}

function decodeState(model: CompiledModel, s: Record<string, unknown>, given: readonly string[], at: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const v of given) {
    try {
      out[v] = decodeItfValue(model.vars[v]!, s[v] as ItfValue);
    } catch (e) {
      throw new SpecError('TRACE_FILE', `${at}.${v}: the value does not have the type of the spec's variable ${v} (${e instanceof Error ? e.message : String(e)})`, {
        hint: 'the ITF trace must come from a run of the same protocol, with the same variable names and types',
      });
    }
  }
  return out;
}
