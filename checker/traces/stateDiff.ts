// Flattens JSON states into `path = value` lines and diffs two states, so a trace step shows only what
// changed. Used by the trace tools (divergence reports, diagrams) and the CLI's printers.

/** `path -> printed value` for every leaf of a JSON value. */
export function flatten(value: unknown, prefix = '', out = new Map<string, string>()): Map<string, string> {
  if (prefix.startsWith('stack') && isCallStack(value)) {
    out.set(prefix, backtrace(value));
  } else if (Array.isArray(value)) {
    // sets and sequences print whole: they are read as one value
    out.set(prefix, `[${value.map((v) => print(v)).join(', ')}]`);
  } else if (typeof value === 'object' && value !== null) {
    for (const [k, v] of Object.entries(value)) flatten(v, childPath(prefix, k, value), out);
  } else {
    out.set(prefix, print(value));
  }
  return out;
}

/** The printed path of member `k` of `obj` at `prefix`: `a.b` for a record's field, `a[Dev0]` for a map's key. */
export function childPath(prefix: string, k: string, obj: object): string {
  return prefix ? (/^[A-Za-z_$][\w$]*$/.test(k) && !/^\d/.test(k) && isRecordKey(obj) ? `${prefix}.${k}` : `${prefix}[${k}]`) : k;
}

/**
 * The printed path of the leaf (or whole set, sequence or call stack) that a key path from the root of
 * `state` reaches, as `flatten` names it; null when it ends inside no leaf (at a record or map).
 */
export function printedPath(state: unknown, keys: readonly string[]): string | null {
  let v: unknown = state;
  let prefix = '';
  for (const k of keys) {
    if (Array.isArray(v) || (prefix.startsWith('stack') && isCallStack(v))) return prefix;
    if (typeof v !== 'object' || v === null || !Object.hasOwn(v, k)) break;
    prefix = childPath(prefix, k, v);
    v = (v as Record<string, unknown>)[k];
  }
  return prefix && (typeof v !== 'object' || v === null || Array.isArray(v) || (prefix.startsWith('stack') && isCallStack(v))) ? prefix : null;
}

interface CallStack {
  depth: number;
  frames: { proc: string; ret: string; locals?: Record<string, Record<string, unknown>> }[];
}
/** A process's call stack (checker/procedures.ts): `{ depth, frames: [{ proc, ret, locals? }] }`. */
function isCallStack(v: unknown): v is CallStack {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const o = v as Record<string, unknown>;
  return Object.keys(o).join() === 'depth,frames' && Array.isArray(o['frames']) && o['frames'].every((f) => typeof f === 'object' && f !== null && 'proc' in f && 'ret' in f);
}
/** A call stack as a backtrace, innermost frame first: `[lock(l=0, seen=true) -> up, deep -> cs0]`. */
function backtrace(s: CallStack): string {
  const live = s.frames.slice(0, s.depth).reverse();
  return `[${live
    .map((f) => {
      const locals = Object.entries(f.locals?.[f.proc] ?? {});
      return `${f.proc}${locals.length ? `(${locals.map(([k, v]) => `${k}=${print(v)}`).join(', ')})` : ''} -> ${f.ret}`;
    })
    .join(', ')}]`;
}

// maps print their keys in brackets, records with dots; a record's keys are not ids like Dev0 or 1
function isRecordKey(obj: object): boolean {
  const keys = Object.keys(obj);
  return !keys.every((k) => /^[A-Z][A-Za-z_]*\d+$/.test(k) || /^-?\d+$/.test(k) || k === 'true' || k === 'false');
}

function print(v: unknown): string {
  if (typeof v === 'string') return v;
  if (v === null) return 'null';
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

/** One changed variable. */
export interface Change {
  readonly path: string;
  readonly before: string | undefined;
  readonly after: string | undefined;
}

/** The leaves that differ between two states. */
export function diffStates(before: unknown, after: unknown): Change[] {
  const a = flatten(before);
  const b = flatten(after);
  const out: Change[] = [];
  for (const [path, v] of b) if (a.get(path) !== v) out.push({ path, before: a.get(path), after: v });
  for (const [path, v] of a) if (!b.has(path)) out.push({ path, before: v, after: undefined });
  return out;
}
