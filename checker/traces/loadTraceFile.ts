// Reads and validates a counterexample file (format v1, see ../traceFile.ts and schema/trace-v1.schema.json).
// A trace file is data: loading parses JSON and checks its shape, it never runs code. Every problem is a
// SpecError (TRACE_FILE) naming the file and the JSON path of the offending value, e.g. `$.steps[3].args`.
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { SpecError } from '../SpecError.ts';
import { TRACE_FORMAT, TRACE_VERSION, type TraceFile, type TraceFileStep } from '../traceFile.ts';

/** Violation kinds a trace file can record (cover violations have no trace). */
const KINDS = ['invariant', 'action', 'deadlock', 'temporal'] as const;

/** A trace file read from disk, with the spec path resolved against the file's folder. */
export interface LoadedTraceFile {
  /** The trace file's path as given. */
  readonly path: string;
  readonly trace: TraceFile;
  /** Absolute path of the spec the trace names, unchecked: import it only through traceSpec.ts (specNamedByTrace). */
  readonly specPath: string;
}

/** Reads, parses and validates a trace file. Throws SpecError('TRACE_FILE') on any problem. */
export function loadTraceFile(path: string): LoadedTraceFile {
  return loadedTraceFile(path, parseTraceFile(readTraceText(path), path));
}

/** A validated trace file read from `path`. */
export function loadedTraceFile(path: string, trace: TraceFile): LoadedTraceFile {
  return { path, trace, specPath: resolve(dirname(resolve(path)), trace.spec) };
}

/** The text of a trace file (ours or ITF). Throws SpecError('TRACE_FILE') when it cannot be read. */
export function readTraceText(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    const why = (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : e instanceof Error ? e.message : String(e);
    throw new SpecError('TRACE_FILE', `${path}: cannot read the trace file: ${why}`);
  }
}

/** Parses and validates the text of a trace file; `name` is used in error messages. */
export function parseTraceFile(text: string, name: string): TraceFile {
  const data = parseTraceJson(text, name);
  validateTraceFile(data, name);
  return data;
}

/** Parses the JSON text of a trace file (ours or ITF); a syntax error names its line and column. */
export function parseTraceJson(text: string, name: string): unknown {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    const at = /position (\d+)/.exec(message);
    const pos = at ? Number(at[1]) : text.length;
    // an error at the very end of the text (or "unexpected end") means the text stops early
    const truncated = text.trim().length === 0 || /end of (JSON )?input|Unterminated/i.test(message) || pos >= text.trimEnd().length - 1;
    const before = text.slice(0, pos).split('\n');
    throw new SpecError('TRACE_FILE', `${name}: not valid JSON${truncated ? ' (the file is empty or truncated)' : ''} at line ${before.length}, column ${before.at(-1)!.length + 1}: ${message}`, {
      hint: truncated ? 'trace files are written atomically (a temporary file, then a rename): a truncated one was cut by a copy or an edit' : undefined,
    });
  }
  return data;
}

/** Checks that `data` has the shape of a v1 trace file; throws naming the first bad JSON path. */
export function validateTraceFile(data: unknown, name: string): asserts data is TraceFile {
  const fail = (path: string, what: string, hint?: string): never => {
    throw new SpecError('TRACE_FILE', `${name}: ${path}: ${what}`, hint ? { hint } : {});
  };
  if (!isObject(data)) fail('$', `expected a JSON object, found ${kindOf(data)}`);
  const t = data as Record<string, unknown>;
  if (t['format'] !== TRACE_FORMAT) fail('$.format', `expected "${TRACE_FORMAT}", found ${show(t['format'])}`, 'this is not an interleave trace file');
  if (t['version'] !== TRACE_VERSION) {
    fail('$.version', `version ${show(t['version'])} is not supported: this interleave reads version ${TRACE_VERSION}`, 'write the trace again with this version of interleave (interleave check --out)');
  }
  expectType(t, 'spec', 'string', fail);
  if ((t['spec'] as string).length === 0) fail('$.spec', 'expected a path to the spec file, found an empty string');
  expectType(t, 'specName', 'string', fail);
  if (!isObject(t['params'])) fail('$.params', `expected an object of parameter values, found ${kindOf(t['params'])}`);
  for (const [k, v] of Object.entries(t['params'] as object)) {
    if (!['number', 'boolean', 'string'].includes(typeof v)) fail(`$.params${key(k)}`, `expected a number, boolean or string, found ${kindOf(v)}`);
  }
  if (t['variant'] !== null && typeof t['variant'] !== 'string') fail('$.variant', `expected a string or null, found ${kindOf(t['variant'])}`);
  expectType(t, 'symmetry', 'boolean', fail);
  expectType(t, 'property', 'string', fail);
  if (!KINDS.includes(t['kind'] as (typeof KINDS)[number])) fail('$.kind', `expected one of ${KINDS.map((k) => `"${k}"`).join(', ')}, found ${show(t['kind'])}`);
  if (t['message'] !== undefined && typeof t['message'] !== 'string') fail('$.message', `expected a string, found ${kindOf(t['message'])}`);
  if (!Array.isArray(t['steps'])) fail('$.steps', `expected an array of steps, found ${kindOf(t['steps'])}`);
  const steps = t['steps'] as unknown[];
  if (steps.length === 0) fail('$.steps', 'expected at least one step (the initial state)');
  steps.forEach((s, i) => validateStep(s, i, fail));
  const loop = t['loop'];
  if (loop !== undefined && t['kind'] !== 'temporal') {
    fail('$.loop', `only a temporal (lasso) trace has a loop; this trace's kind is ${show(t['kind'])}`, 'a safety trace ends at its violating state: remove "loop"');
  }
  if (loop !== undefined && (!Number.isInteger(loop) || (loop as number) < 0 || (loop as number) >= steps.length)) {
    fail('$.loop', `expected the index of a step (0..${steps.length - 1}), found ${show(loop)}`);
  }
}

function validateStep(s: unknown, i: number, fail: (path: string, what: string) => never): asserts s is TraceFileStep {
  const at = `$.steps[${i}]`;
  if (!isObject(s)) fail(at, `expected a step object, found ${kindOf(s)}`);
  const step = s as Record<string, unknown>;
  if (i === 0 && step['action'] !== null) fail(`${at}.action`, `the first step is the initial state: expected null, found ${show(step['action'])}`);
  if (i > 0 && (typeof step['action'] !== 'string' || step['action'].length === 0)) fail(`${at}.action`, `expected an action name, found ${show(step['action'])}`);
  if (step['process'] !== undefined && typeof step['process'] !== 'string') fail(`${at}.process`, `expected a string, found ${kindOf(step['process'])}`);
  if (!isObject(step['args'])) fail(`${at}.args`, `expected an object of arguments, found ${kindOf(step['args'])}`);
  if (!isObject(step['state'])) fail(`${at}.state`, `expected the state as an object of variables, found ${kindOf(step['state'])}`);
}

function expectType(t: Record<string, unknown>, field: string, type: 'string' | 'boolean', fail: (path: string, what: string) => never): void {
  if (typeof t[field] !== type) fail(`$.${field}`, t[field] === undefined ? `missing (expected a ${type})` : `expected a ${type}, found ${kindOf(t[field])}`);
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function kindOf(v: unknown): string {
  if (v === undefined) return 'nothing (the field is missing)';
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'object') return 'an object';
  return `${typeof v} ${show(v)}`;
}

function show(v: unknown): string {
  if (v === undefined) return 'nothing (the field is missing)';
  const s = JSON.stringify(v);
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}

const key = (k: string): string => (/^[A-Za-z_$][\w$]*$/.test(k) ? `.${k}` : `[${JSON.stringify(k)}]`);
