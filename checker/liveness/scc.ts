// Strongly connected components of a subgraph, without recursion (graphs have millions of states):
// Pearce's space-efficient variant of Tarjan's algorithm ("A space-efficient algorithm for finding
// strongly connected components", IPL 2016): one index per state instead of index + lowlink, an
// explicit call stack of (state, edge cursor), and components reported as they complete.
import type { StateGraph } from './StateGraph.ts';

/** Scratch arrays sized to the graph, reused across runs. */
export class SccFinder {
  /** Visit index while on the stack; the component number once finished (compare within one run). */
  readonly rindex: Int32Array;
  readonly #root: Uint8Array;
  readonly #stack: Int32Array;
  readonly #callNode: Int32Array;
  readonly #callEdge: Int32Array;
  readonly #members: Int32Array;

  constructor(readonly graph: StateGraph) {
    const n = graph.stateCount;
    this.rindex = new Int32Array(n);
    this.#root = new Uint8Array(n);
    this.#stack = new Int32Array(n);
    this.#callNode = new Int32Array(n);
    this.#callEdge = new Int32Array(n);
    this.#members = new Int32Array(n);
  }

  /**
   * Finds the components of the subgraph induced by the states s with `member[s] === label`, which
   * are exactly `nodes[0 .. count)` (`member` null: every state of the graph, listed in `nodes`). Calls `onComponent(members, size, id)` for each, in reverse
   * topological order; `members` is reused afterwards (copy what must be kept). Within the callback a
   * member t of the same component has `rindex[t] === id` (and `member[t] === label`). Self-loops are
   * ignored. The callback must not start another run.
   */
  run(nodes: Int32Array, count: number, member: Int32Array | null, label: number, onComponent: (members: Int32Array, size: number, id: number) => void): void {
    const { offsets, targets } = this.graph;
    const rindex = this.rindex;
    const root = this.#root;
    const stack = this.#stack;
    const callNode = this.#callNode;
    const callEdge = this.#callEdge;
    const members = this.#members;
    for (let i = 0; i < count; i++) rindex[nodes[i]!] = 0;
    let index = 1;
    let c = this.graph.stateCount; // component numbers count down from here; visit indices stay below
    let sp = 0; // stack of visited states not yet in a component
    for (let i = 0; i < count; i++) {
      const start = nodes[i]!;
      if (rindex[start] !== 0) continue;
      let depth = 0;
      callNode[0] = start;
      callEdge[0] = offsets[start]!;
      rindex[start] = index++;
      root[start] = 1;
      depth = 1;
      while (depth > 0) {
        const v = callNode[depth - 1]!;
        const e = callEdge[depth - 1]!;
        if (e < offsets[v + 1]!) {
          callEdge[depth - 1] = e + 1;
          const w = targets[e]!;
          if (w === v || (member !== null && member[w] !== label)) continue;
          if (rindex[w] === 0) {
            callNode[depth] = w;
            callEdge[depth] = offsets[w]!;
            rindex[w] = index++;
            root[w] = 1;
            depth++;
          } else if (rindex[w]! < rindex[v]!) {
            rindex[v] = rindex[w]!;
            root[v] = 0;
          }
          continue;
        }
        // v is finished
        depth--;
        if (root[v] === 1) {
          index--;
          c--;
          let size = 0;
          members[size++] = v;
          while (sp > 0 && rindex[v]! <= rindex[stack[sp - 1]!]!) {
            const w = stack[--sp]!;
            rindex[w] = c;
            members[size++] = w;
            index--;
          }
          rindex[v] = c;
          onComponent(members, size, c);
        } else {
          stack[sp++] = v;
        }
        if (depth > 0) {
          const parent = callNode[depth - 1]!;
          if (rindex[v]! < rindex[parent]!) {
            rindex[parent] = rindex[v]!;
            root[parent] = 0;
          }
        }
      }
    }
  }
}
