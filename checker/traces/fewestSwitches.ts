// The shortest traces to a violation of one property, and among them one with the fewest context
// switches (consecutive steps by different processes): a breadth-first search over pairs (state, process
// that took the last step), keeping per pair the fewest switches. A pair met at an earlier depth is not
// expanded again: whatever it leads to, the earlier copy reaches sooner. Bounded by a node budget,
// since it explores every state within the trace's length.
import type { ActionInstance } from '../compile.ts';
import type { StepViolation, Stepper } from './Stepper.ts';

/** A trace as the trace tools handle it: an initial state and the steps taken from it. */
export interface Run {
  readonly init: Int32Array;
  readonly steps: readonly RunStep[];
}
/** One step of a run: the instance taken and the state it produced. */
export interface RunStep {
  readonly inst: ActionInstance;
  readonly slots: Int32Array;
}

/** Who takes a step: its process instance, or '' for an action outside any process. */
export const actorOf = (inst: ActionInstance): string => inst.process ?? '';

/** Context switches of a run: steps whose process differs from the previous step's. */
export function contextSwitches(steps: readonly RunStep[]): number {
  let n = 0;
  for (let i = 1; i < steps.length; i++) if (actorOf(steps[i]!.inst) !== actorOf(steps[i - 1]!.inst)) n++;
  return n;
}

/** The outcome of the search. */
export type SwitchSearch =
  | { readonly status: 'found'; readonly run: Run; readonly explored: number }
  /** No trace of at most `maxSteps` steps violates the property. */
  | { readonly status: 'none'; readonly explored: number }
  | { readonly status: 'budget'; readonly explored: number };

interface Node {
  readonly slots: Int32Array;
  readonly actor: string | null;
  switches: number;
  parent: Node | null;
  inst: ActionInstance | null;
}

/** Searches traces of at most `maxSteps` steps that end violating `target`. */
export function fewestSwitches(st: Stepper, target: Pick<StepViolation, 'kind' | 'property'>, maxSteps: number, budget: number): SwitchSearch {
  const isTarget = (v: StepViolation) => v.kind === target.kind && v.property === target.property;
  const seen = new Set<string>();
  const { pack, words } = st.model.packing;
  const packed = new Uint32Array(words);
  const keyOf = (slots: Int32Array, actor: string | null) => {
    pack(slots, packed, 0);
    let key = actor ?? '';
    for (let i = 0; i < words; i++) key += `,${packed[i]}`;
    return key;
  };
  let level: Node[] = [];
  let explored = 0;
  for (const s of st.initialStates()) {
    if (s.violation) {
      if (isTarget(s.violation)) return { status: 'found', run: { init: s.slots, steps: [] }, explored: 1 };
      continue;
    }
    const key = keyOf(s.slots, null);
    if (seen.has(key)) continue;
    seen.add(key);
    level.push({ slots: s.slots, actor: null, switches: 0, parent: null, inst: null });
  }
  for (let depth = 0; depth <= maxSteps && level.length > 0; depth++) {
    let stuck: Node | null = null; // best deadlocked node at this depth
    let ending: Node | null = null; // best violating step into depth + 1
    const next = new Map<string, Node>();
    for (const node of level) {
      explored++;
      const succ = st.successors(node.slots);
      if (succ.length === 0) {
        if (target.kind === 'deadlock' && st.deadlocked(node.slots) && (!stuck || node.switches < stuck.switches)) stuck = node;
        continue;
      }
      if (depth === maxSteps) continue;
      for (const s of succ) {
        const actor = actorOf(s.inst!);
        const switches = node.switches + (node.actor !== null && node.actor !== actor ? 1 : 0);
        if (s.violation) {
          if (isTarget(s.violation) && (!ending || switches < ending.switches)) ending = { slots: s.slots, actor, switches, parent: node, inst: s.inst };
          continue;
        }
        const key = keyOf(s.slots, actor);
        const there = next.get(key);
        if (there) {
          if (switches < there.switches) Object.assign(there, { switches, parent: node, inst: s.inst });
          continue;
        }
        if (seen.has(key)) continue;
        seen.add(key);
        if (seen.size > budget) return { status: 'budget', explored };
        next.set(key, { slots: s.slots, actor, switches, parent: node, inst: s.inst });
      }
    }
    if (stuck) return { status: 'found', run: runTo(stuck), explored };
    if (ending) return { status: 'found', run: runTo(ending), explored };
    level = [...next.values()];
  }
  return { status: 'none', explored };
}

function runTo(end: Node): Run {
  const steps: RunStep[] = [];
  let n: Node = end;
  while (n.parent) {
    steps.push({ inst: n.inst!, slots: n.slots });
    n = n.parent;
  }
  return { init: n.slots, steps: steps.reverse() };
}
