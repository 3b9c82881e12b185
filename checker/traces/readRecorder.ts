// Records what user code reads from a state view: a proxy around a read view or a draft that notes the key
// path of every leaf value it hands out (`pte.entry`, `sysPage.S0.pins`), and of every collection whose
// method it calls (`tlb.has(...)` reads `tlb` whole). A reporting aid for the trace printer (explain.ts):
// only the few steps of a printed trace run through it, never the search.
//
// The proxies have a dummy target and resolve their real object by path on every access (as
// writeTracer.ts does): frozen collections forbid a proxy from handing out anything but their own members,
// and an effect may replace a composite as a whole, after which the old object is stale.
import { idInfo } from '../../spec/types.ts';

/** A key path from the state's root, ids as their names (`['mirror', 'Dev1', 'page']`). */
export type KeyPath = readonly string[];

/** Wraps `root` so that `onRead(path)` is called for every leaf read and every collection method called. */
export function recordingView(root: object, onRead: (path: KeyPath) => void): object {
  const resolve = (path: readonly PropertyKey[]): any => path.reduce<any>((o, k) => Reflect.get(o, k), root);
  const names = (path: readonly PropertyKey[]): KeyPath => path.map(keyName);
  const proxies = new Map<string, object>();
  const wrap = (path: readonly PropertyKey[], shape: object): object => {
    const key = JSON.stringify(names(path));
    let p = proxies.get(key);
    if (!p) proxies.set(key, (p = new Proxy(Array.isArray(shape) ? [] : {}, handler(path))));
    return p;
  };
  const handler = (path: readonly PropertyKey[]): ProxyHandler<object> => ({
    get(_, key) {
      const real = resolve(path);
      const v = Reflect.get(real, key, real) as unknown;
      if (typeof v === 'function') {
        if (key === 'toJSON' || key === 'constructor') return v;
        const array = Array.isArray(real);
        // an array's own methods read it through the proxy (each element read is noted); any other
        // collection (a set, a union value) is read whole
        if (!array) onRead(names(path));
        const self = array ? wrap(path, real) : real;
        return function recordedCall(this: unknown, ...args: unknown[]) {
          return Reflect.apply(v as (...a: unknown[]) => unknown, self, args);
        };
      }
      if (typeof key === 'symbol' && !idInfo(key)) return v;
      if (typeof v === 'object' && v !== null) return wrap([...path, key], v);
      onRead(names(key === 'length' && Array.isArray(real) ? path : [...path, key]));
      return v;
    },
    set: (_, key, value) => Reflect.set(resolve(path), key, value),
    deleteProperty: (_, key) => Reflect.deleteProperty(resolve(path), key),
    has(_, key) {
      onRead(names(path));
      return Reflect.has(resolve(path), key);
    },
    ownKeys(target) {
      onRead(names(path));
      const keys = Reflect.ownKeys(resolve(path));
      return Array.isArray(target) && !keys.includes('length') ? [...keys, 'length'] : keys;
    },
    getOwnPropertyDescriptor(target, key) {
      const d = Reflect.getOwnPropertyDescriptor(resolve(path), key);
      if (!d) return undefined;
      return Reflect.getOwnPropertyDescriptor(target, key)?.configurable === false ? d : { ...d, configurable: true };
    },
  });
  return wrap([], root);
}

function keyName(k: PropertyKey): string {
  const id = idInfo(k);
  return id ? `${id.set}${id.index}` : String(k);
}
