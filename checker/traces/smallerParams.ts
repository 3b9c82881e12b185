// Minimization by smaller parameters: fewer devices, pages or processes often show the same bug in a
// shorter trace. Each integer parameter is lowered one by one while an exhaustive check still finds
// the same property violated; the trace then is the BFS's shortest one for the smallest values.
import type { ParamValue } from '../../spec/defineSpec.ts';
import { check } from '../check.ts';
import type { LoadedModel } from '../loadSpec.ts';
import type { TraceStep } from '../result.ts';
import type { StepViolation } from './Stepper.ts';

/** One parameter value tried. */
export interface ParamTry {
  readonly param: string;
  readonly value: number;
  /** `fails`: the property is still violated; `holds`: no violation (or another one first); `incomplete`: over the state budget; `error`: the spec rejects the value. */
  readonly outcome: 'fails' | 'holds' | 'incomplete' | 'error';
}

/** The smallest parameters found, with the shortest trace for them (null when no parameter could be lowered). */
export interface SmallerParams {
  readonly tried: readonly ParamTry[];
  readonly found: { readonly loaded: LoadedModel; readonly trace: readonly TraceStep[] } | null;
}

/** Lowers the integer parameters of `specFile` while `target` is still violated. */
export async function smallerParams(
  specFile: string,
  start: LoadedModel,
  target: Pick<StepViolation, 'kind' | 'property'>,
  maxStates: number,
): Promise<SmallerParams> {
  const { variant, ...params } = start.params as Record<string, ParamValue>;
  const current: Record<string, ParamValue> = { ...params };
  const tried: ParamTry[] = [];
  let found: SmallerParams['found'] = null;
  for (const [name, value] of Object.entries(params)) {
    if (typeof value !== 'number') continue;
    for (let v = value - 1; v >= 0; v--) {
      const run = await check(specFile, { params: { ...current, [name]: v }, variant: variant as string | undefined, maxStates });
      const r = run.result;
      const fails = r.result === 'violation' && r.violation.kind === target.kind && r.violation.property === target.property && r.violation.trace.length > 0;
      tried.push({ param: name, value: v, outcome: fails ? 'fails' : r.result === 'error' ? 'error' : r.result === 'incomplete' ? 'incomplete' : 'holds' });
      if (!fails || r.result !== 'violation') break;
      current[name] = v;
      found = { loaded: run.loaded!, trace: r.violation.trace };
    }
  }
  return { tried, found };
}
