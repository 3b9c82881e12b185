// Fair cycles: the strongly connected components (of the states a property instance confines the
// behaviour to) in which some infinite behaviour satisfies every fairness constraint. Every state
// may stutter, so a single state is a cycle too. A component S is fair when, for every unit:
//   weak:   taken in S (a state-changing step inside S), or disabled in some state of S;
//   strong: taken in S, or disabled in every state of S.
// A strong unit enabled somewhere in S but never taken there rules out the states where it is
// enabled: drop them and look again at the components of what remains (Emerson-Lei refinement).
// A weak unit never needs that: if it fails on S it fails on every part of S.
// Every kind other than 'weak' is handled as strong in both places (spec/model.ts refuses other kinds),
// so each refinement drops at least one state and the loop ends; it also pauses (`Pacer`) to let an
// interrupt in.
import type { FairnessUnits } from './fairness.ts';
import type { Literal, PropertyInstance } from './properties.ts';
import type { SccFinder } from './scc.ts';
import { holdsIn, type StateGraph } from './StateGraph.ts';

/** Scratch shared by the property instances of one check. */
export class LivenessScratch {
  readonly member: Int32Array;
  /** `goodTag[s] = t` when s lies in good component number t (tags are never reused). */
  readonly goodTag: Int32Array;
  readonly queue: Int32Array;
  #nextLabel = 1;
  #nextTag = 1;
  /** Per unit: how many states of the component enable it, whether it is taken, last state seen. */
  readonly enabledCount: Int32Array;
  readonly taken: Uint8Array;
  readonly seenAt: Int32Array;
  #stamp = 0;

  constructor(
    readonly graph: StateGraph,
    readonly fairness: FairnessUnits,
    readonly scc: SccFinder,
  ) {
    const n = graph.stateCount;
    this.member = new Int32Array(n);
    this.goodTag = new Int32Array(n);
    this.queue = new Int32Array(n);
    const u = fairness.units.length;
    this.enabledCount = new Int32Array(u);
    this.taken = new Uint8Array(u);
    this.seenAt = new Int32Array(u).fill(-1);
  }

  freshLabel(): number {
    return this.#nextLabel++;
  }

  freshTag(): number {
    return this.#nextTag++;
  }

  /** The tag the next `freshTag()` returns. */
  get nextTag(): number {
    return this.#nextTag;
  }

  /** A number never returned before: marks "seen in this pass" in stamp arrays. */
  nextStamp(): number {
    return ++this.#stamp;
  }

  #path?: { seen: Int32Array; parentEdge: Int32Array; parentState: Int32Array };
  /** Arrays for searches inside a component (allocated on first use). */
  pathArrays(): { seen: Int32Array; parentEdge: Int32Array; parentState: Int32Array } {
    const n = this.graph.stateCount;
    this.#path ??= { seen: new Int32Array(n), parentEdge: new Int32Array(n), parentState: new Int32Array(n) };
    return this.#path;
  }
}

/** Whether a state satisfies a literal (null: always). */
export function satisfies(g: StateGraph, s: number, lit: Literal | null): boolean {
  return lit === null || holdsIn(g, s, lit.predicate) !== lit.negated;
}

/**
 * Tallies the units over a component: `enabledCount[u]` (states of the component where u is enabled)
 * and `taken[u]` (u takes a state-changing step between two states of it). `inside(t)` says whether
 * t belongs to the component. Returns the touched units, to reset with `resetUnits`.
 */
export function tallyUnits(x: LivenessScratch, members: ArrayLike<number>, size: number, inside: (t: number) => boolean): number[] {
  const { offsets, targets, insts } = x.graph;
  const { unitStart, unitList } = x.fairness;
  const { seenAt, enabledCount, taken } = x;
  const touched: number[] = [];
  for (let k = 0; k < size; k++) {
    const s = members[k]!;
    const stamp = x.nextStamp();
    for (let e = offsets[s]!; e < offsets[s + 1]!; e++) {
      const t = targets[e]!;
      if (t === s) continue;
      const i = insts[e]!;
      let into = -1; // whether t is inside: looked up only while some unit of i is not yet taken
      for (let j = unitStart[i]!; j < unitStart[i + 1]!; j++) {
        const u = unitList[j]!;
        if (seenAt[u] !== stamp) {
          if (seenAt[u] === -1) touched.push(u);
          seenAt[u] = stamp;
          enabledCount[u]!++;
        }
        if (taken[u] === 1) continue;
        if (into < 0) into = inside(t) ? 1 : 0;
        if (into === 1) taken[u] = 1;
      }
    }
  }
  return touched;
}

/** Clears the tallies of `touched` units. */
export function resetUnits(x: LivenessScratch, touched: readonly number[]): void {
  for (const u of touched) {
    x.enabledCount[u] = 0;
    x.taken[u] = 0;
    x.seenAt[u] = -1;
  }
}

/** Whether a state enables some fair unit (then stuttering there forever is unfair). */
function enablesFairUnit(x: LivenessScratch, s: number): boolean {
  const { offsets, targets, insts } = x.graph;
  for (let e = offsets[s]!; e < offsets[s + 1]!; e++) if (targets[e] !== s && x.fairness.fairInstance[insts[e]!] === 1) return true;
  return false;
}

/**
 * Marks the good components of a property instance: fair components inside `within`, reachable within
 * `within` from the start (an initial state or a trigger state), containing an `accept` state.
 * Returns the tag range [first, end) used, or null when there is none (the property holds).
 */
export async function markFairCycles(x: LivenessScratch, p: PropertyInstance, pacer: Pacer): Promise<{ first: number; end: number } | 'interrupted' | null> {
  const g = x.graph;
  const { offsets, targets } = g;
  const member = x.member;
  const queue = x.queue;
  // the states the behaviour can be in once the obligation has begun
  const label = x.freshLabel();
  let count = 0;
  const seeds = p.start === 'initial' ? g.initialIds : null;
  const n = seeds ? seeds.length : g.stateCount;
  for (let k = 0; k < n; k++) {
    const s = seeds ? seeds[k]! : k;
    if (member[s] === label || !satisfies(g, s, p.within) || !satisfies(g, s, p.trigger)) continue;
    member[s] = label;
    queue[count++] = s;
  }
  for (let head = 0; head < count; head++) {
    const s = queue[head]!;
    for (let e = offsets[s]!; e < offsets[s + 1]!; e++) {
      const t = targets[e]!;
      if (member[t] === label || !satisfies(g, t, p.within)) continue;
      member[t] = label;
      queue[count++] = t;
    }
  }
  // components, refined until every one left is fair or dropped
  const first = x.nextTag;
  // when every state is in, the first run needs no membership test (fewer cache misses per edge)
  const everyState = count === g.stateCount;
  const work: { nodes: Int32Array; label: number }[] = [{ nodes: queue.subarray(0, count), label }];
  while (work.length > 0) {
    if (await pacer.pause()) return 'interrupted';
    const { nodes, label: l } = work.pop()!;
    const all = everyState && l === label;
    x.scc.run(nodes, nodes.length, all ? null : member, l, (members, size, id) => {
      if (size === 1) {
        // a single state: the behaviour stutters there, fair only if no fair unit is enabled
        const s = members[0]!;
        if (!enablesFairUnit(x, s) && satisfies(g, s, p.accept)) x.goodTag[s] = x.freshTag();
        return;
      }
      const rindex = x.scc.rindex;
      const inside = all ? (t: number) => rindex[t] === id : (t: number) => member[t] === l && rindex[t] === id;
      const touched = tallyUnits(x, members, size, inside);
      let weakFails = false;
      let strongFails = false;
      for (const u of touched) {
        if (x.taken[u] === 1) continue;
        if (x.fairness.units[u]!.kind === 'weak') weakFails ||= x.enabledCount[u] === size;
        else strongFails = true;
      }
      if (weakFails) {
        resetUnits(x, touched);
        return;
      }
      if (strongFails) {
        // keep the states that enable no strong unit left untaken here, and look again
        const keep: number[] = [];
        for (let k = 0; k < size; k++) if (!enablesUntakenStrong(x, members[k]!)) keep.push(members[k]!);
        resetUnits(x, touched);
        if (keep.length === 0) return;
        const sub = x.freshLabel();
        for (const s of keep) member[s] = sub;
        work.push({ nodes: Int32Array.from(keep), label: sub });
        return;
      }
      resetUnits(x, touched);
      let accepts = p.accept === null;
      for (let k = 0; k < size && !accepts; k++) accepts = satisfies(g, members[k]!, p.accept);
      if (!accepts) return;
      const tag = x.freshTag();
      for (let k = 0; k < size; k++) x.goodTag[members[k]!] = tag;
    });
  }
  return x.nextTag > first ? { first, end: x.nextTag } : null;
}

/** Lets a long computation yield to the event loop about every 100 ms, so an abort (Ctrl-C) is seen. */
export class Pacer {
  #last = performance.now();
  constructor(readonly signal?: AbortSignal) {}

  /** Yields when it is time; resolves to true when the signal is aborted. */
  async pause(): Promise<boolean> {
    if (this.signal?.aborted) return true;
    const now = performance.now();
    if (now - this.#last < 100) return false;
    this.#last = now;
    await new Promise((resolve) => setImmediate(resolve));
    this.#last = performance.now();
    return this.signal?.aborted ?? false;
  }
}

/** Whether s enables a strong unit that the current tallies show untaken (`taken` still set). */
function enablesUntakenStrong(x: LivenessScratch, s: number): boolean {
  const { offsets, targets, insts } = x.graph;
  const { unitStart, unitList, units } = x.fairness;
  for (let e = offsets[s]!; e < offsets[s + 1]!; e++) {
    if (targets[e] === s) continue;
    const i = insts[e]!;
    for (let j = unitStart[i]!; j < unitStart[i + 1]!; j++) {
      const u = unitList[j]!;
      if (units[u]!.kind !== 'weak' && x.taken[u] === 0) return true;
    }
  }
  return false;
}
