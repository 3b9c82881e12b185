// The reference search of the differential tests: a deliberately naive BFS over plain values, with
// states keyed by a string. The engine's counts, depth, verdict and trace length must equal its own.

/** A model as the naive search sees it. */
export interface NaiveModel<S> {
  readonly init: readonly S[];
  /** Every successor of a state, in the engine's order (actions in declaration order, then choices). */
  successors(x: S): S[];
  /** Whether the invariant holds (a model without one returns true). */
  invariant(x: S): boolean;
  readonly deadlock: boolean;
  /**
   * TLC's CONSTRAINT (absent: every state): a state that fails it is counted as generated and checked against the
   * invariant, every time it is generated, but neither stored nor expanded.
   */
  constraint?(x: S): boolean;
  /** `murphi`: a state whose every successor is itself is a deadlock too (CMurphi, Rumur); default TLC's. */
  readonly deadlockMode?: 'tlc' | 'murphi';
  /** Equal keys for equal states. */
  key(x: S): string;
}

/** What both searches are compared on. */
export type Verdict = { result: string; distinct: number; generated: number; depth: number; kind?: string; length?: number };

/** Breadth-first search, counting the way the engine counts (TLC's distinct and generated). */
export function naiveSearch<S>(m: NaiveModel<S>): Verdict {
  const seen = new Map<string, number>(); // state -> depth (1-based)
  const queue: S[] = [];
  let generated = 0;
  const inModel = (x: S) => !m.constraint || m.constraint(x);
  for (const s of m.init) {
    generated++;
    if (!inModel(s)) {
      if (!m.invariant(s)) return { result: 'violation', distinct: seen.size, generated, depth: seen.size ? 1 : 0, kind: 'invariant', length: 1 };
      continue;
    }
    if (seen.has(m.key(s))) continue;
    seen.set(m.key(s), 1);
    queue.push(s);
    if (!m.invariant(s)) return { result: 'violation', distinct: seen.size, generated, depth: 1, kind: 'invariant', length: 1 };
  }
  if (seen.size === 0) return { result: 'error', distinct: 0, generated, depth: 0 }; // the constraint dropped every initial state
  let depth = 1;
  for (let head = 0; head < queue.length; head++) {
    const x = queue[head]!;
    const d = seen.get(m.key(x))!;
    let n = 0;
    let leaves = false;
    for (const s of m.successors(x)) {
      n++;
      leaves ||= m.key(s) !== m.key(x);
      generated++;
      if (!inModel(s)) {
        if (!m.invariant(s)) return { result: 'violation', distinct: seen.size, generated, depth, kind: 'invariant', length: d + 1 };
        continue;
      }
      if (seen.has(m.key(s))) continue;
      seen.set(m.key(s), d + 1);
      depth = Math.max(depth, d + 1); // depth: the deepest level holding a stored state
      queue.push(s);
      if (!m.invariant(s)) return { result: 'violation', distinct: seen.size, generated, depth, kind: 'invariant', length: d + 1 };
    }
    if ((n === 0 || (m.deadlockMode === 'murphi' && !leaves)) && m.deadlock) return { result: 'violation', distinct: seen.size, generated, depth, kind: 'deadlock', length: d };
  }
  return { result: 'ok', distinct: seen.size, generated, depth };
}
