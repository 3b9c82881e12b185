// Flattens JSON states into `path = value` lines and diffs two states, so a trace step shows only what
// changed. Used by the trace tools (divergence reports, diagrams) and the CLI's printers.

/** `path -> printed value` for every leaf of a JSON value. */
export function flatten(value: unknown, prefix = '', out = new Map<string, string>()): Map<string, string> {
  if (Array.isArray(value)) {
    // sets and sequences print whole: they are read as one value
    out.set(prefix, `[${value.map((v) => print(v)).join(', ')}]`);
  } else if (typeof value === 'object' && value !== null) {
    for (const [k, v] of Object.entries(value)) flatten(v, prefix ? (/^[A-Za-z_$][\w$]*$/.test(k) && !/^\d/.test(k) && isRecordKey(value) ? `${prefix}.${k}` : `${prefix}[${k}]`) : k, out);
  } else {
    out.set(prefix, print(value));
  }
  return out;
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
