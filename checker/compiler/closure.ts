// The variables a function closes over, read through V8's inspector (the only way JavaScript can see a
// closure's bindings from outside). The compiler specialises user code to these values, so it only
// asks for the names the code reads; the in-process inspector session answers synchronously.
import { Session } from 'node:inspector';

let session: Session | undefined;
const HOLDER = '__interleave_closure_probe';

function post<T>(method: string, params: object): T {
  session ??= (() => {
    const s = new Session();
    s.connect();
    return s;
  })();
  let out: T | undefined;
  let failure: unknown;
  session.post(method, params, (err, res) => {
    failure = err;
    out = res as T;
  });
  if (failure) throw failure;
  if (out === undefined) throw new Error('internal: the inspector answered asynchronously');
  return out;
}

interface RemoteObject {
  readonly type: string;
  readonly objectId?: string;
  readonly value?: unknown;
  readonly unserializableValue?: string;
  readonly subtype?: string;
}
interface PropertyDescriptor {
  readonly name: string;
  readonly value?: RemoteObject;
}

/** The real JavaScript value behind a remote object. */
function valueOf(o: RemoteObject): unknown {
  if (o.type === 'undefined') return undefined;
  if (!o.objectId) {
    if (o.unserializableValue !== undefined) return o.type === 'bigint' ? BigInt(o.unserializableValue.slice(0, -1)) : Number(o.unserializableValue);
    return o.value;
  }
  const g = globalThis as Record<string, unknown>;
  post('Runtime.callFunctionOn', { objectId: o.objectId, functionDeclaration: `function () { 'use strict'; globalThis.${HOLDER} = this; }` });
  const v = g[HOLDER];
  delete g[HOLDER];
  return v;
}

/**
 * The values of `names` as `fn` sees them (innermost scope first), or the names it cannot resolve.
 * Globals are not looked up here: the caller decides which globals it knows.
 */
const cache = new WeakMap<Function, { values: Map<string, unknown>; missing: string[] }>();

export function capturedValues(fn: Function, names: readonly string[]): { values: Map<string, unknown>; missing: string[] } {
  // one function has the same captured variables for every action instance compiled from it
  let got = cache.get(fn);
  if (!got) cache.set(fn, (got = readCaptured(fn, names)));
  return got;
}

function readCaptured(fn: Function, names: readonly string[]): { values: Map<string, unknown>; missing: string[] } {
  const values = new Map<string, unknown>();
  if (names.length === 0) return { values, missing: [] };
  const g = globalThis as Record<string, unknown>;
  g[HOLDER] = fn;
  let scopes: PropertyDescriptor[];
  try {
    const { result } = post<{ result: RemoteObject }>('Runtime.evaluate', { expression: `globalThis.${HOLDER}` });
    const own = post<{ internalProperties?: PropertyDescriptor[] }>('Runtime.getProperties', { objectId: result.objectId, ownProperties: true });
    const holder = own.internalProperties?.find((p) => p.name === '[[Scopes]]')?.value;
    scopes = holder?.objectId ? post<{ result: PropertyDescriptor[] }>('Runtime.getProperties', { objectId: holder.objectId, ownProperties: true }).result : [];
  } finally {
    delete g[HOLDER];
  }
  const wanted = new Set(names);
  for (const scope of scopes) {
    const id = scope.value?.objectId;
    // the global scope's bindings are the globals: left to the caller
    if (!id || !/^\d+$/.test(scope.name) || (scope.value as { description?: string }).description === 'Global') continue;
    const vars = post<{ result: PropertyDescriptor[] }>('Runtime.getProperties', { objectId: id, ownProperties: true }).result;
    for (const v of vars) {
      if (!wanted.has(v.name) || values.has(v.name) || !v.value) continue;
      values.set(v.name, valueOf(v.value));
    }
  }
  return { values, missing: names.filter((n) => !values.has(n)) };
}
