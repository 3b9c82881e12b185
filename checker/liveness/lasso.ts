// A lasso counterexample: the shortest prefix from an initial state into a good component (found by
// breadth-first search over (state, phase): phase 0 before the property's obligation begins, phase 1
// after, confined to `within`), then a cycle inside the component that meets every fairness
// obligation and passes an `accept` state, built greedily by walking to the nearest unmet obligation
// and back. A cycle of no steps means the behaviour stutters in the entry state forever.
import type { TracePath } from '../trace.ts';
import { resetUnits, satisfies, tallyUnits, type LivenessScratch } from './fairCycles.ts';
import type { PropertyInstance } from './properties.ts';

/** A lasso as the graph describes it. */
export interface GraphLasso {
  readonly path: TracePath;
  /** Index (in states) where the loop starts; equals the number of prefix steps. */
  readonly loop: number;
  /** Index of the state where the obligation begins (the trigger state; 0 for `eventually`). */
  readonly trigger: number;
}

/** Builds the lasso for a property instance whose good components have tags in [first, end). */
export function buildLasso(x: LivenessScratch, p: PropertyInstance, tags: { first: number; end: number }): GraphLasso {
  const g = x.graph;
  const { offsets, targets } = g;
  const n = g.stateCount;
  const isGood = (s: number) => x.goodTag[s]! >= tags.first && x.goodTag[s]! < tags.end;
  const startsObligation = (s: number) => satisfies(g, s, p.trigger) && satisfies(g, s, p.within);

  // prefix: BFS over nodes 2s + phase; parentEdge -1 marks the switch from phase 0 to phase 1
  const parentNode = new Int32Array(2 * n).fill(-1);
  const parentEdge = new Int32Array(2 * n).fill(-1);
  const queue = new Int32Array(2 * n);
  let tail = 0;
  let goal = -1;
  const discover = (node: number, from: number, edge: number): boolean => {
    if (parentNode[node] !== -1) return false;
    parentNode[node] = from;
    parentEdge[node] = edge;
    queue[tail++] = node;
    if ((node & 1) === 1 && isGood(node >>> 1)) goal = node;
    return true;
  };
  const ROOT = -2;
  for (let k = 0; k < g.initialIds.length && goal < 0; k++) {
    const s = g.initialIds[k]!;
    if (p.start === 'anywhere') discover(2 * s, ROOT, -1);
    if (goal < 0 && startsObligation(s)) discover(2 * s + 1, p.start === 'anywhere' ? 2 * s : ROOT, -1);
  }
  for (let head = 0; head < tail && goal < 0; head++) {
    const node = queue[head]!;
    const s = node >>> 1;
    const phase = node & 1;
    for (let e = offsets[s]!; e < offsets[s + 1]! && goal < 0; e++) {
      const t = targets[e]!;
      if (t === s) continue;
      if (phase === 1) {
        if (satisfies(g, t, p.within)) discover(2 * t + 1, node, e);
        continue;
      }
      if (discover(2 * t, node, e) && goal < 0 && startsObligation(t)) discover(2 * t + 1, 2 * t, -1);
    }
  }
  if (goal < 0) throw new Error('internal: no path to a fair cycle that the fair-cycle search found');

  // walk back from the goal; the phase switch, if any, marks where the obligation began
  const steps: { from: number; edge: number }[] = [];
  let node = goal;
  let afterSwitch = -1; // steps taken after the phase switch
  while (parentNode[node] !== ROOT) {
    const from = parentNode[node]!;
    const edge = parentEdge[node]!;
    if (edge < 0) afterSwitch = steps.length;
    else steps.push({ from: from >>> 1, edge });
    node = from;
  }
  const initialState = node >>> 1;
  steps.reverse();
  const trigger = afterSwitch < 0 ? 0 : steps.length - afterSwitch;
  const entry = goal >>> 1;
  const loop = steps.length;
  steps.push(...cycleFrom(x, p, entry, x.goodTag[entry]!));

  const k = g.initialIds.indexOf(initialState);
  return {
    path: { initial: g.initialOrdinals[k]!, steps: steps.map(({ from, edge }) => edge - offsets[from]!) },
    loop,
    trigger,
  };
}

type Obligation = { readonly kind: 'weak' | 'strong'; readonly unit: number } | { readonly kind: 'accept' };

/** A cycle from `entry` back to it inside component `tag`, meeting every obligation (no steps: stutter). */
function cycleFrom(x: LivenessScratch, p: PropertyInstance, entry: number, tag: number): { from: number; edge: number }[] {
  const g = x.graph;
  const { offsets, targets, insts } = g;
  const { unitStart, unitList, units } = x.fairness;
  const inside = (t: number) => x.goodTag[t] === tag;
  const members = collect(x, entry, inside);
  const touched = tallyUnits(x, members, members.length, inside);
  const pending: Obligation[] = [];
  for (const u of touched) if (x.enabledCount[u]! > 0) pending.push({ kind: units[u]!.kind, unit: u });
  resetUnits(x, touched);
  if (p.accept) pending.push({ kind: 'accept' });

  const inUnit = (e: number, u: number) => {
    const i = insts[e]!;
    for (let j = unitStart[i]!; j < unitStart[i + 1]!; j++) if (unitList[j] === u) return true;
    return false;
  };
  const enables = (s: number, u: number) => {
    for (let e = offsets[s]!; e < offsets[s + 1]!; e++) if (targets[e] !== s && inUnit(e, u)) return true;
    return false;
  };
  const metByState = (s: number, o: Obligation) => (o.kind === 'accept' ? satisfies(g, s, p.accept) : o.kind === 'weak' && !enables(s, o.unit));
  const metByEdge = (e: number, o: Obligation) => o.kind !== 'accept' && inUnit(e, o.unit);
  const settle = (pred: (o: Obligation) => boolean) => {
    for (let k = pending.length - 1; k >= 0; k--) if (pred(pending[k]!)) pending.splice(k, 1);
  };

  const cycle: { from: number; edge: number }[] = [];
  let cur = entry;
  settle((o) => metByState(cur, o));
  while (pending.length > 0) {
    const path = shortestPath(x, cur, inside, (e) => pending.some((o) => metByEdge(e, o)), (s) => pending.some((o) => metByState(s, o)));
    if (!path) throw new Error('internal: a fairness obligation cannot be met inside a fair component');
    for (const step of path) {
      settle((o) => metByEdge(step.edge, o));
      cur = targets[step.edge]!;
      settle((o) => metByState(cur, o));
    }
    cycle.push(...path);
  }
  if (cycle.length > 0 && cur !== entry) {
    const back = shortestPath(x, cur, inside, () => false, (s) => s === entry);
    if (!back) throw new Error('internal: a fair component is not strongly connected');
    cycle.push(...back);
  }
  return cycle;
}

/** The states of the component containing `entry` (it is strongly connected: a search from entry finds them all). */
function collect(x: LivenessScratch, entry: number, inside: (t: number) => boolean): number[] {
  const { offsets, targets } = x.graph;
  const stamp = x.nextStamp();
  const { seen } = x.pathArrays();
  const out = [entry];
  seen[entry] = stamp;
  for (let head = 0; head < out.length; head++) {
    const s = out[head]!;
    for (let e = offsets[s]!; e < offsets[s + 1]!; e++) {
      const t = targets[e]!;
      if (seen[t] === stamp || !inside(t)) continue;
      seen[t] = stamp;
      out.push(t);
    }
  }
  return out;
}

/**
 * Shortest path inside the component from `from` to the first edge with `edgeGoal` or state (other
 * than `from`) with `stateGoal`; null when there is none.
 */
function shortestPath(
  x: LivenessScratch,
  from: number,
  inside: (t: number) => boolean,
  edgeGoal: (e: number) => boolean,
  stateGoal: (s: number) => boolean,
): { from: number; edge: number }[] | null {
  const { offsets, targets } = x.graph;
  const { seen, parentEdge, parentState } = x.pathArrays();
  const stamp = x.nextStamp();
  const queue = [from];
  seen[from] = stamp;
  const pathTo = (s: number, last: { from: number; edge: number }[]) => {
    const out = last;
    while (s !== from) {
      out.push({ from: parentState[s]!, edge: parentEdge[s]! });
      s = parentState[s]!;
    }
    return out.reverse();
  };
  for (let head = 0; head < queue.length; head++) {
    const s = queue[head]!;
    for (let e = offsets[s]!; e < offsets[s + 1]!; e++) {
      const t = targets[e]!;
      if (t === s || !inside(t)) continue;
      if (edgeGoal(e)) return pathTo(s, [{ from: s, edge: e }]);
      if (seen[t] === stamp) continue;
      seen[t] = stamp;
      parentEdge[t] = e;
      parentState[t] = s;
      if (stateGoal(t)) return pathTo(t, []);
      queue.push(t);
    }
  }
  return null;
}
