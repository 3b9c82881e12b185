// Checks one spec variant for every property, not just the first to fail: after a violation the search
// runs again without that property, until a search finds nothing new. The last search explores every
// reachable state, so its counts compare across revisions however many properties fail.
import type { ParamValue } from '../../spec/defineSpec.ts';
import { check, withoutProperties } from '../check.ts';
import type { CompiledModel } from '../compile.ts';
import type { LoadedModel } from '../loadSpec.ts';
import type { IncompleteReason, Statistics, Violation } from '../result.ts';
import type { SpecError } from '../SpecError.ts';

/** What to check. */
export interface PropertyCheckRequest {
  readonly variant?: string;
  readonly params?: Readonly<Record<string, ParamValue>>;
  readonly maxStates?: number;
  /** Stop at the first violation instead of looking past it for the other properties. */
  readonly firstOnly?: boolean;
}

/** The outcome for one spec variant. */
export type VariantOutcome =
  | {
      readonly result: 'ok' | 'violation' | 'incomplete';
      /** Every violated property, in the order the searches found them (each with a shortest trace). */
      readonly violations: readonly Violation[];
      /** Statistics of the last search: every reachable state, unless `incomplete` or `partial`. */
      readonly stats: Statistics;
      readonly symmetry: boolean;
      /** A violation could not be looked past (a `ctx.check` in an effect): later ones may be hidden. */
      readonly partial: boolean;
      readonly reason?: IncompleteReason;
      readonly loaded: LoadedModel;
      /** The model as each violation was found (without the properties found before it), for minimizing. */
      readonly modelFor: (property: string) => CompiledModel;
    }
  | { readonly result: 'error'; readonly error: SpecError; readonly violations: readonly Violation[] };

const MAX_SEARCHES = 32;

/** Checks `file` for every property of the variant. */
export async function checkEveryProperty(file: string, request: PropertyCheckRequest): Promise<VariantOutcome> {
  const violations: Violation[] = [];
  const skipped: string[] = [];
  const skippedBefore = new Map<string, string[]>();
  for (let i = 0; ; i++) {
    const { loaded, result, symmetry } = await check(file, {
      variant: request.variant,
      params: request.params,
      maxStates: request.maxStates,
      skipProperties: skipped,
    });
    if (result.result === 'error') return { result: 'error', error: result.error, violations };
    const { result: verdict, ...rest } = result;
    const stats: Statistics = 'violation' in rest ? dropViolation(rest) : rest;
    const done = (partial: boolean): VariantOutcome => ({
      result: verdict === 'incomplete' ? 'incomplete' : violations.length ? 'violation' : 'ok',
      violations,
      stats,
      symmetry,
      partial,
      ...(result.result === 'incomplete' ? { reason: result.reason } : {}),
      loaded: loaded!,
      modelFor: (property) => withoutProperties(loaded!.model, new Set(skippedBefore.get(property) ?? [])),
    });
    if (result.result !== 'violation') return done(false);
    const v = result.violation;
    // the same property again: it cannot be skipped (ctx.check); stop here
    if (skipped.includes(v.property) || i + 1 >= MAX_SEARCHES) return done(true);
    violations.push(v);
    if (request.firstOnly) return done(true);
    skippedBefore.set(v.property, [...skipped]);
    skipped.push(v.property);
  }
}

function dropViolation(r: Statistics & { violation?: unknown }): Statistics {
  const { violation: _, ...stats } = r;
  return stats;
}
