// Loads a spec and searches it: the one entry used by `check`, `review`, the tests and the bench.
import type { ParamValue } from '../spec/defineSpec.ts';
import { bfs, type SearchOptions } from './bfs.ts';
import { importSpec, instantiate, parseParams, type LoadedModel } from './loadSpec.ts';
import type { CheckResult } from './result.ts';
import { SpecError } from './SpecError.ts';

/** What to check. */
export interface CheckRequest extends SearchOptions {
  /** `k=v` strings as given on the command line. */
  readonly paramPairs?: readonly string[];
  /** Parameter values (merged after `paramPairs`). */
  readonly params?: Readonly<Record<string, ParamValue>>;
  readonly variant?: string;
  /** Symmetry reduction over the declared scalarsets; default: on when the spec declares one. */
  readonly symmetry?: boolean;
}

/** A finished check: the instantiated model (null when loading failed) and the result. */
export interface CheckRun {
  readonly loaded: LoadedModel | null;
  readonly result: CheckResult;
}

/** Loads `file`, instantiates it and runs the search. Spec and input errors come back as results. */
export async function check(file: string, request: CheckRequest = {}): Promise<CheckRun> {
  let loaded: LoadedModel;
  try {
    const spec = await importSpec(file);
    const params = { ...parseParams(spec, request.paramPairs ?? []), ...(request.params ?? {}) };
    loaded = instantiate(spec, file, params, request.variant);
  } catch (e) {
    if (e instanceof SpecError) return { loaded: null, result: { result: 'error', error: e } };
    throw e;
  }
  return { loaded, result: await bfs(loaded.model, request) };
}
