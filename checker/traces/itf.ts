// The Informal Trace Format (ITF) of Apalache and Quint (Apalache ADR-015,
// https://apalache-mc.org/docs/adr/015adr-trace.html), so their trace viewers open our counterexamples.
// Values are encoded by the state's schema, as Quint writes them: integers as `{"#bigint": "3"}`, sets as
// `{"#set": [...]}`, maps (our `mapOf`) as `{"#map": [[key, value], ...]}`, records and arrays as JSON
// objects and lists, `option` as Quint's Option variant (`{"tag": "Some", "value": v}` or
// `{"tag": "None", "value": {"#tup": []}}`), enums and scalarset ids as strings. Our own metadata
// (spec, parameters, violated property, each step's action) travels in the `#meta` objects, which ITF
// leaves to tools, so `fromItf(toItf(t))` gives back the trace file (openItf.ts reads ours; matchItf.ts
// follows an ITF trace of another tool, which has only values, through a spec).
import type { Domain, Schema, Type, Variants } from '../../spec/types.ts';
import type { TraceFile, TraceFileStep } from '../traceFile.ts';
import { TRACE_FORMAT, TRACE_VERSION } from '../traceFile.ts';

/** An ITF value. */
export type ItfValue =
  | boolean
  | string
  | number
  | readonly ItfValue[]
  | { readonly '#bigint': string }
  | { readonly '#tup': readonly ItfValue[] }
  | { readonly '#set': readonly ItfValue[] }
  | { readonly '#map': readonly (readonly [ItfValue, ItfValue])[] }
  | { readonly tag: string; readonly value: ItfValue }
  | { readonly [field: string]: ItfValue };

/** One ITF state: a value per variable, and metadata. */
export interface ItfState {
  readonly '#meta': { readonly index: number; readonly action: string | null; readonly process?: string; readonly args: Readonly<Record<string, unknown>> };
  readonly [variable: string]: unknown;
}

/** An ITF trace. */
export interface ItfTrace {
  readonly '#meta': Readonly<Record<string, unknown>>;
  readonly vars: readonly string[];
  readonly states: readonly ItfState[];
  readonly loop?: number;
}

/** Where our trace-file metadata lives inside `#meta`. */
const META_KEY = 'interleave';

/** Converts a trace file to ITF; `vars` is the model's schema (program counters included: CompiledModel.vars). */
export function toItf(vars: Schema, t: TraceFile): ItfTrace {
  const { steps, loop, ...meta } = t;
  return {
    '#meta': {
      format: 'ITF',
      'format-description': 'https://apalache-mc.org/docs/adr/015adr-trace.html',
      source: t.spec,
      description: `interleave counterexample: ${t.kind === 'deadlock' ? 'deadlock' : `${t.kind} ${t.property} violated`}`,
      [META_KEY]: meta,
    },
    vars: Object.keys(vars),
    states: steps.map((s, index) => {
      const state: Record<string, unknown> = {
        '#meta': { index, action: s.action, ...(s.process !== undefined ? { process: s.process } : {}), args: s.args },
      };
      for (const [name, type] of Object.entries(vars)) state[name] = encode(type, s.state[name]);
      return state as ItfState;
    }),
    ...(loop !== undefined ? { loop } : {}),
  };
}

/** Converts an ITF trace written by `toItf` back to a trace file. */
export function fromItf(vars: Schema, itf: ItfTrace): TraceFile {
  const meta = itf['#meta']?.[META_KEY] as Omit<TraceFile, 'steps' | 'loop'> | undefined;
  if (!meta || meta.format !== TRACE_FORMAT || meta.version !== TRACE_VERSION) throw new Error('not an ITF trace written by interleave (#meta.interleave is missing)');
  const steps: TraceFileStep[] = itf.states.map((s) => {
    const m = s['#meta'];
    const state: Record<string, unknown> = {};
    for (const [name, type] of Object.entries(vars)) state[name] = decode(type, s[name] as ItfValue);
    return { action: m.action, ...(m.process !== undefined ? { process: m.process } : {}), args: m.args, state };
  });
  return { ...meta, ...(itf.loop !== undefined ? { loop: itf.loop } : {}), steps };
}

const bigint = (n: number): ItfValue => ({ '#bigint': String(n) });

/** A domain element in JSON form (a map key is its printed string) to ITF. */
function encodeElement(d: Domain, v: unknown): ItfValue {
  switch (d.kind) {
    case 'bool':
      return typeof v === 'string' ? v === 'true' : (v as boolean);
    case 'int':
      return bigint(Number(v));
    default:
      return v as string;
  }
}

function encode(t: Type, v: unknown): ItfValue {
  switch (t.kind) {
    case 'bool':
    case 'int':
    case 'enum':
    case 'scalarset':
      return encodeElement(t, v);
    case 'option':
      return v === null ? { tag: 'None', value: { '#tup': [] } } : { tag: 'Some', value: encode(t.of, v) };
    case 'array':
    case 'seq':
      return (v as unknown[]).map((x) => encode(t.of, x));
    case 'set':
      return { '#set': (v as unknown[]).map((x) => encode(t.of, x)) };
    case 'map':
      return { '#map': Object.entries(v as Record<string, unknown>).map(([k, x]) => [encodeElement(t.key, k), encode(t.of, x)] as const) };
    case 'record': {
      const out: Record<string, ItfValue> = {};
      for (const [k, ft] of Object.entries(t.fields as Record<string, Type>)) out[k] = encode(ft, (v as Record<string, unknown>)[k]);
      return out;
    }
    case 'undefinedOr':
      // as Quint would write `Undefined | Defined(T)`
      return v === 'undefined' ? { tag: 'Undefined', value: { '#tup': [] } } : { tag: 'Defined', value: encode(t.of, v) };
    case 'union': {
      // ITF's variant, as Quint writes a sum type: { tag, value }, a tag alone with the empty tuple
      const u = v as { tag: string; value?: unknown };
      const vt = (t.variants as Variants)[u.tag];
      return { tag: u.tag, value: vt ? encode(vt, u.value) : { '#tup': [] } };
    }
  }
}

function decodeElement(d: Domain, v: ItfValue): unknown {
  if (d.kind === 'int') {
    const n = typeof v === 'number' ? v : typeof v === 'object' && v !== null && '#bigint' in v ? Number(v['#bigint']) : NaN;
    if (!Number.isSafeInteger(n)) throw new Error(`expected an integer, found ${JSON.stringify(v)}`);
    return n;
  }
  if (d.kind === 'bool') {
    if (typeof v !== 'boolean') throw new Error(`expected a boolean, found ${JSON.stringify(v)}`);
    return v;
  }
  // Quint writes the values of an enum-like sum type (`type Page = Zero | Device`) as variants with no value
  const name = typeof v === 'object' && v !== null && 'tag' in v ? v.tag : v;
  if (typeof name !== 'string') throw new Error(`expected a name, found ${JSON.stringify(v)}`);
  return name;
}

/** The JSON-form name of a map key. */
const keyName = (d: Domain, v: ItfValue): string => String(decodeElement(d, v));

/** An ITF value of type `t` in our JSON form (the inverse of the encoding above). Throws on a value of another shape. */
export function decodeItfValue(t: Type, v: ItfValue): unknown {
  return decode(t, v);
}

function decode(t: Type, v: ItfValue): unknown {
  switch (t.kind) {
    case 'bool':
    case 'int':
    case 'enum':
    case 'scalarset':
      return decodeElement(t, v);
    case 'option': {
      const o = v as { tag: string; value: ItfValue };
      return o.tag === 'None' ? null : decode(t.of, o.value);
    }
    case 'array':
    case 'seq':
      return (v as ItfValue[]).map((x) => decode(t.of, x));
    case 'set':
      return (v as { '#set': ItfValue[] })['#set'].map((x) => decode(t.of, x));
    case 'map': {
      const out: Record<string, unknown> = {};
      for (const [k, x] of (v as { '#map': [ItfValue, ItfValue][] })['#map']) out[keyName(t.key, k)] = decode(t.of, x);
      return out;
    }
    case 'undefinedOr': {
      const o = v as { tag: string; value: ItfValue };
      return o.tag === 'Undefined' ? 'undefined' : decode(t.of, o.value);
    }
    case 'union': {
      const u = v as { tag: string; value: ItfValue };
      const vt = (t.variants as Variants)[u.tag];
      return vt ? { tag: u.tag, value: decode(vt, u.value) } : { tag: u.tag };
    }
    case 'record': {
      const out: Record<string, unknown> = {};
      const r = v as Record<string, ItfValue>;
      for (const [k, ft] of Object.entries(t.fields as Record<string, Type>)) out[k] = decode(ft, r[k]!);
      return out;
    }
  }
}
