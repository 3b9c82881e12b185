// Where an effect made a bad write. A draft's collections are validated when the effect returns (see
// views.ts: checking every write would cost the search), so a seq pushed past its `max` or a map given a
// foreign key fails with no user code on the stack. When that happens, the Explorer runs the effect once
// more on a traced draft: every write through it is validated at once, and the ValueError then rises from
// the user's own line. Only this diagnostic run pays for the proxies.

/**
 * A view of `root` whose every write (assignment, delete, or a method call such as `push` on a collection
 * reached through it) is followed by `check()`, which throws when the draft no longer fits its types.
 * Objects are re-read from `root` by path on every access, so `check()` may rebuild the draft's collections.
 */
export function tracedDraft(root: object, check: () => void): object {
  const resolve = (path: readonly PropertyKey[]): object => path.reduce<any>((o, k) => Reflect.get(o, k), root) as object;
  const proxies = new Map<string, object>();
  const traced = (path: readonly PropertyKey[], shape: object): object => {
    const key = JSON.stringify(path.map(String));
    let p = proxies.get(key);
    if (!p) {
      p = new Proxy(Array.isArray(shape) ? [] : {}, handler(path));
      proxies.set(key, p);
    }
    return p;
  };
  const handler = (path: readonly PropertyKey[]): ProxyHandler<object> => ({
    get(_, key) {
      const real = resolve(path);
      const v = Reflect.get(real, key, real) as unknown;
      if (typeof v === 'function') {
        const self = Array.isArray(real) ? traced(path, real) : real;
        return function traceCall(this: unknown, ...args: unknown[]) {
          const r = Reflect.apply(v as (...a: unknown[]) => unknown, self, args);
          check();
          return r;
        };
      }
      return typeof v === 'object' && v !== null ? traced([...path, key], v) : v;
    },
    set(_, key, value) {
      const ok = Reflect.set(resolve(path), key, value);
      check();
      return ok;
    },
    deleteProperty(_, key) {
      const ok = Reflect.deleteProperty(resolve(path), key);
      check();
      return ok;
    },
    has: (_, key) => Reflect.has(resolve(path), key),
    ownKeys: (target) => {
      const keys = Reflect.ownKeys(resolve(path));
      // an array target's own `length` must be listed
      return Array.isArray(target) && !keys.includes('length') ? [...keys, 'length'] : keys;
    },
    getOwnPropertyDescriptor(target, key) {
      const d = Reflect.getOwnPropertyDescriptor(resolve(path), key);
      if (!d) return undefined;
      // a proxy may report as non-configurable only what its target holds so (an array's `length`)
      return Reflect.getOwnPropertyDescriptor(target, key)?.configurable === false ? d : { ...d, configurable: true };
    },
  });
  return traced([], root);
}
