// Where a function is written: its `file:line:column` in the spec's own source, read through V8's inspector
// (`[[FunctionLocation]]`) and mapped back through the source map tsx attached to the compiled module. The
// printer uses it to locate a process step at its own code when the step was built in a loop or a helper
// (the builder only sees the `.process(...)` call). A reporting aid: null whenever anything is missing.
import { Session } from 'node:inspector';
import { findSourceMap } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { SourceLocation } from '../spec/location.ts';

let session: Session | undefined;
const scripts = new Map<string, string>();
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
  session.on('Debugger.scriptParsed', (e) => void scripts.set(e.params.scriptId, e.params.url));
  post('Debugger.enable');
  post('Debugger.disable');
}

/** The source location of `fn` (1-based line and column), or undefined. */
export function functionLocation(fn: Function): SourceLocation | undefined {
  try {
    connect();
    const g = globalThis as Record<string, unknown>;
    g[HOLDER] = fn;
    let loc: { scriptId: string; lineNumber: number; columnNumber: number } | undefined;
    try {
      const { result } = post<{ result: { objectId?: string } }>('Runtime.evaluate', { expression: `globalThis.${HOLDER}` });
      const own = post<{ internalProperties?: { name: string; value?: { value?: typeof loc } }[] }>('Runtime.getProperties', { objectId: result.objectId, ownProperties: true });
      loc = own.internalProperties?.find((p) => p.name === '[[FunctionLocation]]')?.value?.value;
      if (result.objectId) post('Runtime.releaseObject', { objectId: result.objectId });
    } finally {
      delete g[HOLDER];
    }
    const url = loc && scripts.get(loc.scriptId);
    if (!loc || !url) return undefined;
    const entry = findSourceMap(url)?.findEntry(loc.lineNumber, loc.columnNumber) as { originalSource?: string; originalLine?: number; originalColumn?: number } | undefined;
    const source = entry?.originalSource ?? url;
    const file = source.startsWith('file:') ? fileURLToPath(source) : source;
    const line = entry?.originalLine !== undefined ? entry.originalLine : loc.lineNumber;
    const column = entry?.originalColumn !== undefined ? entry.originalColumn : loc.columnNumber;
    return { file, line: line + 1, column: column + 1 };
  } catch {
    return undefined;
  }
}
