// Shared helpers of the symmetry tests: loading models, enumerating states and permutations by brute force.
import type { CompiledModel } from '../../checker/compile.ts';
import { Explorer } from '../../checker/Explorer.ts';
import { loadModel } from '../../checker/loadSpec.ts';
import type { Symmetry } from '../../checker/symmetry/Symmetry.ts';

/** Compiles a spec file with parameters given as `k=v`. */
export async function compiled(file: string, ...params: string[]): Promise<CompiledModel> {
  return (await loadModel(file, params)).model;
}

/** Every permutation of `0..n-1`, as arrays `p` with `p[old] = new`. */
export function permutationsOf(n: number): number[][] {
  if (n === 0) return [[]];
  const out: number[][] = [];
  for (const rest of permutationsOf(n - 1)) {
    for (let at = 0; at <= rest.length; at++) out.push([...rest.slice(0, at), n - 1, ...rest.slice(at)]);
  }
  return out;
}

/** Every element of the symmetry group: the product of each scalarset's permutations, concatenated. */
export function groupOf(symmetry: Symmetry): Int32Array[] {
  let out: number[][] = [[]];
  for (const s of symmetry.scalarsets) out = out.flatMap((prefix) => permutationsOf(s.size).map((p) => [...prefix, ...p]));
  return out.map((p) => Int32Array.from(p));
}

/** The reachable states of a model (concrete, no reduction), at most `limit`, in BFS order. */
export function reachable(model: CompiledModel, limit = Infinity): Int32Array[] {
  const ex = new Explorer(model);
  const seen = new Set<string>();
  const out: Int32Array[] = [];
  const add = () => {
    const key = ex.draft.join(',');
    if (out.length >= limit || seen.has(key)) return;
    seen.add(key);
    out.push(ex.draft.slice());
  };
  ex.initial(add);
  for (let i = 0; i < out.length; i++) {
    ex.cur.set(out[i]!);
    ex.expand(add);
  }
  return out;
}
