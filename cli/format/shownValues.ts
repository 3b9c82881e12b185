// Values printed as the spec names them: an enum made with `shownAs` (spec/types.ts) prints its text for
// each value (`seq moved (read_retry true)` where the state holds `stale`). Applied to copies of the
// states of a trace just before they are printed; trace files and JSON output keep the values.
import type { CompiledModel } from '../../checker/compile.ts';
import type { TraceStep } from '../../checker/result.ts';
import type { Type } from '../../spec/types.ts';

type Shown = Readonly<Record<string, string>>;

/** A state's JSON form with every `shownAs` enum value replaced by its text; the state itself when none is. */
export function shownState(vars: Readonly<Record<string, Type>>, state: Readonly<Record<string, unknown>>): Readonly<Record<string, unknown>> {
  if (!Object.values(vars).some(hasShown)) return state;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(state)) out[k] = k in vars ? shown(vars[k]!, v) : v;
  return out;
}

/** The trace with its states as printed (see shownState). */
export function shownTrace(model: CompiledModel, trace: readonly TraceStep[]): readonly TraceStep[] {
  if (!Object.values(model.vars).some(hasShown)) return trace;
  return trace.map((s) => ({ ...s, state: shownState(model.vars, s.state) }));
}

function shown(t: Type, v: unknown): unknown {
  switch (t.kind) {
    case 'enum':
      return t.shown && typeof v === 'string' ? (t.shown as Shown)[v] ?? v : v;
    case 'record':
      if (typeof v !== 'object' || v === null) return v;
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, k in t.fields ? shown((t.fields as Record<string, Type>)[k]!, x) : x]));
    case 'map':
      if (typeof v !== 'object' || v === null || Array.isArray(v)) return v;
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, shown(t.of, x)]));
    case 'option':
    case 'undefinedOr':
      return v === null || v === undefined || v === 'undefined' ? v : shown(t.of, v);
    default:
      return v;
  }
}

function hasShown(t: Type): boolean {
  switch (t.kind) {
    case 'enum':
      return t.shown !== undefined;
    case 'record':
      return Object.values(t.fields as Record<string, Type>).some(hasShown);
    case 'map':
    case 'option':
    case 'undefinedOr':
      return hasShown(t.of);
    default:
      return false;
  }
}
