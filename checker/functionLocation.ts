// Where a function is written: its `file:line:column` in the spec's own source, read through V8's inspector
// (`[[FunctionLocation]]`) and mapped back through the source map of the compiled module (Node's, when it
// keeps one; else the inline map in the script's own text, as tsx and vitest write it). The
// printer uses it to locate a process step at its own code when the step was built in a loop or a helper
// (the builder only sees the `.process(...)` call). A reporting aid: null whenever anything is missing.
import { Session } from 'node:inspector';
import { findSourceMap, SourceMap } from 'node:module';
import { dirname, isAbsolute, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SourceLocation } from '../spec/location.ts';

let session: Session | undefined;
const scripts = new Map<string, { readonly url: string; readonly sourceMapURL?: string }>();
const HOLDER = '__interleave_function_probe';

function post<T>(method: string, params: object = {}): T {
  let out: T | undefined;
  let failure: unknown;
  session!.post(method, params, (err, res) => {
    failure = err;
    out = res as T;
  });
  if (failure) throw failure;
  if (out === undefined) throw new Error('internal: the inspector answered asynchronously');
  return out;
}

function connect(): void {
  if (session) return;
  session = new Session();
  session.connect();
  // every script parsed so far is announced while the domain is enabled
  session.on('Debugger.scriptParsed', (e) => void scripts.set(e.params.scriptId, { url: e.params.url, ...(e.params.sourceMapURL ? { sourceMapURL: e.params.sourceMapURL } : {}) }));
  post('Debugger.enable');
  post('Debugger.disable');
}

const maps = new Map<string, SourceMap | null>();

/** The source map of a script: Node's, else the inline one the script names (a `data:` URL). */
function sourceMapOf(scriptId: string): SourceMap | null {
  let map = maps.get(scriptId);
  if (map !== undefined) return map;
  const script = scripts.get(scriptId)!;
  map = findSourceMap(script.url) ?? null;
  const inline = script.sourceMapURL && /^data:application\/json;(?:charset=utf-8;)?base64,([A-Za-z0-9+/=]+)$/.exec(script.sourceMapURL);
  if (!map && inline) {
    try {
      map = new SourceMap(JSON.parse(Buffer.from(inline[1]!, 'base64').toString('utf8')));
    } catch {
      map = null;
    }
  }
  maps.set(scriptId, map);
  return map;
}

/** The source location of `fn` (1-based line and column), or undefined. */
export function functionLocation(fn: Function): SourceLocation | undefined {
  return sourcePosition(fn, 0);
}

/**
 * The source location of the character at `offset` in `fn.toString()` (the code tsx compiled the spec to),
 * mapped back to the spec's own text; undefined when there is no source map.
 */
export function sourcePosition(fn: Function, offset: number): SourceLocation | undefined {
  try {
    const loc = compiledLocation(fn);
    if (!loc) return undefined;
    const url = scripts.get(loc.scriptId)?.url;
    const map = url ? sourceMapOf(loc.scriptId) : null;
    if (!url || !map) return undefined; // compiled code with no map: its lines are not the spec's
    const text = fn.toString().slice(0, offset);
    const newlines = text.split('\n').length - 1;
    const line = loc.lineNumber + newlines;
    const column = newlines ? offset - text.lastIndexOf('\n') - 1 : loc.columnNumber + offset;
    const entry = map.findEntry(line, column) as { originalSource?: string; originalLine?: number; originalColumn?: number };
    if (entry.originalSource === undefined || entry.originalLine === undefined || entry.originalColumn === undefined) return undefined;
    const source = entry.originalSource;
    const file = source.startsWith('file:') ? fileURLToPath(source) : isAbsolute(source) || !url.startsWith('file:') ? source : resolve(dirname(fileURLToPath(url)), source);
    return { file, line: entry.originalLine + 1, column: entry.originalColumn + 1 };
  } catch {
    return undefined;
  }
}

interface CompiledLocation {
  readonly scriptId: string;
  readonly lineNumber: number;
  readonly columnNumber: number;
}
const compiled = new WeakMap<Function, CompiledLocation | null>();

/** Where V8 has `fn` (0-based, in the compiled script). */
function compiledLocation(fn: Function): CompiledLocation | null {
  let loc: CompiledLocation | null | undefined = compiled.get(fn);
  if (loc !== undefined) return loc;
  connect();
  const g = globalThis as Record<string, unknown>;
  g[HOLDER] = fn;
  try {
    const { result } = post<{ result: { objectId?: string } }>('Runtime.evaluate', { expression: `globalThis.${HOLDER}` });
    const own = post<{ internalProperties?: { name: string; value?: { value?: CompiledLocation } }[] }>('Runtime.getProperties', { objectId: result.objectId, ownProperties: true });
    loc = own.internalProperties?.find((p) => p.name === '[[FunctionLocation]]')?.value?.value ?? null;
    if (result.objectId) post('Runtime.releaseObject', { objectId: result.objectId });
  } finally {
    delete g[HOLDER];
  }
  if (loc && !scripts.has(loc.scriptId)) {
    // a script parsed since: enabling the domain announces every script again
    post('Debugger.enable');
    post('Debugger.disable');
  }
  compiled.set(fn, loc);
  return loc;
}
