// What the check entry needs from this folder: the test of a declared symmetry as a stage that
// passes or yields an error, and the search hooks of a reduction (canonical forms, and the count
// of states the stored orbits stand for).
import type { SearchOptions } from '../bfs.ts';
import type { CompiledModel } from '../compile.ts';
import type { CheckResult } from '../result.ts';
import { SpecError } from '../SpecError.ts';
import { checkSymmetry, symmetryError, type SymmetryCheckOptions } from './checkSymmetry.ts';
import { symmetryOf, type Symmetry } from './Symmetry.ts';

/** The figures of a passed symmetry test (null: the model has no scalarset to test). */
export type SymmetryTestFigures = { readonly runs: number; readonly sampledStates: number } | null;

/** Tests the model's declared symmetry: its figures, or the SYMMETRY error (or a spec error) to report. */
export async function testSymmetry(model: CompiledModel, options: true | SymmetryCheckOptions): Promise<{ ok: true; figures: SymmetryTestFigures } | { ok: false; error: SpecError }> {
  const declared = symmetryOf(model);
  if (!declared) return { ok: true, figures: null };
  try {
    const outcome = await checkSymmetry(model, declared, options === true ? {} : options);
    if (!outcome.ok) return { ok: false, error: symmetryError(outcome.witness) };
    return { ok: true, figures: { runs: outcome.runs, sampledStates: outcome.sampledStates } };
  } catch (e) {
    if (e instanceof SpecError) return { ok: false, error: e };
    throw e;
  }
}

/** A search under symmetry: its hooks, and `finish` to add the full state count to the result. */
export interface Reduction {
  readonly hooks: Pick<SearchOptions, 'canonicalize' | 'onState'>;
  readonly finish: (result: CheckResult) => CheckResult;
  /** The states the stored orbits hold so far (a checkpoint saves and restores it). */
  fullStates: number;
}

/** The hooks of a search over orbits; `onState`, if given, is still called for every new state. */
export function reductionOf(symmetry: Symmetry, onState?: SearchOptions['onState']): Reduction {
  const r: Reduction = {
    fullStates: 0,
    hooks: {
      canonicalize: symmetry.canonicalize,
      onState: (id, state, initialOrdinal) => {
        r.fullStates += symmetry.orbitSize(state);
        onState?.(id, state, initialOrdinal);
      },
    },
    finish: (result) => (result.result === 'error' ? result : { ...result, fullStates: r.fullStates }),
  };
  return r;
}
